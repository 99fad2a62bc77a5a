/**
 * «Сообщить мне по завершении» on a task's progress (issue 15): a check box that shows whether the caller watches
 * the task (GET …/notify) and asks to be told when it ends (POST, in the app and by e-mail when the user has an
 * address) or stops that (DELETE). Its help says where the message will go. Relative imports: TaskProgress shows it,
 * and TaskProgress is embedded (web/src/embed.ts) without our `@/` alias.
 */
import { Checkbox } from 'antd';
import { useEffect, useId, useState } from 'react';
import { getSession } from '../../api/client';
import { getTaskWatch, isWithoutNotifications, unwatchTask, watchTask } from '../../api/notifications';
import { errorDetail } from '../../api/schedules';
import { T } from '../../texts';
import './NotifyMe.css';
import { emailOf, notifyChannels } from './notifyChannels';

/** Props of {@link NotifyMe}. */
export interface NotifyMeProps {
  taskId: string;
}

/** The check box, reflecting and changing the caller's watch of `taskId`. */
export default function NotifyMe({ taskId }: NotifyMeProps) {
  // Read at each render: the e-mail only says where the message goes (TaskProgress is embedded without our hooks).
  const user: { email?: string | null } | undefined = getSession()?.user;
  const [watching, setWatching] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const helpId = useId();

  useEffect(() => {
    setWatching(null);
    setError(null);
    setUnavailable(false);
    const abort = new AbortController();
    getTaskWatch(taskId, abort.signal).then(
      (watch) => !abort.signal.aborted && setWatching(watch !== null),
      // A server without notifications: nothing to offer. Otherwise unknown: offered unchecked; a change still works
      // or says why.
      (err: unknown) => !abort.signal.aborted && (isWithoutNotifications(err) ? setUnavailable(true) : setWatching(false)),
    );
    return () => abort.abort();
  }, [taskId]);

  const change = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (on) await watchTask(taskId, notifyChannels(user));
      else await unwatchTask(taskId);
      setWatching(on);
    } catch (err) {
      setError(`${T.notifications.notifyFailed}: ${errorDetail(err)}`);
    } finally {
      setBusy(false);
    }
  };

  if (unavailable) return null;
  return (
    <div className="notify-me">
      <Checkbox
        checked={watching === true}
        disabled={watching === null || busy}
        onChange={(e) => void change(e.target.checked)}
        aria-describedby={helpId}
      >
        {T.notifications.notifyMe}
      </Checkbox>
      <span id={helpId} className={error ? 'field__help text-error' : 'field__help'} role={error ? 'alert' : undefined}>
        {error ?? T.notifications.notifyWhere(emailOf(user))}
      </span>
    </div>
  );
}
