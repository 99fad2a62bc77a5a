/**
 * The bell in the header (issue 15): the unread count on a badge («Уведомления, непрочитанных: 3» to a screen
 * reader), and on click the latest lines — title, body, time, a link to the task's page — with «Отметить все
 * прочитанными» (Escape closes it). A line opened is marked read. New lines arrive live over the socket and pop up as a toast
 * («Синхронизация банковских операций завершена») with a link to the task. A server without notifications (an
 * embedding application's) shows no bell.
 */
import { BellOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Empty, Popover } from 'antd';
import { useEffect, useState, type MouseEvent } from 'react';
import type { AppNotification } from '@/api/notifications';
import { navigate, taskPagePath } from '@/app/router';
import { formatMinute } from '@/format';
import { T } from '@/texts';
import { BELL_POLL_MS, useNotifications } from './useNotifications';
import './NotificationBell.css';

const N = T.notifications;

/** Props of {@link NotificationBell}. */
export interface NotificationBellProps {
  /** The signed-in user (the bell follows that user's lines). */
  userId: number;
  /** How often the list is read again besides the socket's lines, ms. Default {@link BELL_POLL_MS} (30 s). */
  pollIntervalMs?: number;
}

/** True for a plain left click (a click with a modifier opens the link the browser's way). */
const plainClick = (e: MouseEvent) => !(e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0);

/** The bell and its list. */
export default function NotificationBell({ userId, pollIntervalMs = BELL_POLL_MS }: NotificationBellProps) {
  const { notification } = App.useApp();
  const [open, setOpen] = useState(false);

  const toast = (line: AppNotification) => {
    notification.open({
      key: `notification-${line.id}`,
      type: line.kind === 'failed' || line.kind === 'stuck' ? 'error' : line.kind === 'completed' ? 'success' : 'info',
      message: line.title,
      description: (
        <div className="bell-toast">
          {line.body && <p className="bell-toast__body">{line.body}</p>}
          {line.task_id && (
            <a
              href={taskPagePath(line.task_id)}
              onClick={(e) => {
                if (!plainClick(e)) return;
                e.preventDefault();
                notification.destroy(`notification-${line.id}`);
                void bell.markRead(line.id);
                navigate(taskPagePath(line.task_id!));
              }}
            >
              {N.openTask}
            </a>
          )}
        </div>
      ),
      placement: 'bottomRight',
    });
  };
  const bell = useNotifications(userId, toast, pollIntervalMs);

  // Escape closes the list, as it does a menu.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const openLine = (line: AppNotification, e: MouseEvent) => {
    void bell.markRead(line.id);
    if (!line.task_id) return;
    if (!plainClick(e)) return;
    e.preventDefault();
    setOpen(false);
    navigate(taskPagePath(line.task_id));
  };

  const content = (
    <div className="bell" data-testid="notification-list">
      <div className="bell__head">
        <span className="bell__title">{N.title}</span>
        <Button type="link" size="small" disabled={bell.unread === 0} onClick={() => void bell.markAllRead()}>
          {N.markAll}
        </Button>
      </div>
      {bell.error && <Alert type="error" showIcon message={N.loadFailed} description={bell.error.detail} className="bell__error" />}
      {bell.lines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={N.empty} />
      ) : (
        <ul className="bell__list" aria-label={N.title}>
          {bell.lines.map((line) => {
            const unread = !line.read_at;
            const inner = (
              <>
                <span className="bell__line-title">
                  {unread && <span className="bell__dot" aria-label={N.unreadMark} role="img" />}
                  {line.title}
                </span>
                {line.body && <span className="bell__body">{line.body}</span>}
                <time className="bell__time num" dateTime={line.created_at}>
                  {formatMinute(line.created_at)}
                </time>
              </>
            );
            return (
              <li key={line.id} className={unread ? 'bell__line bell__line--unread' : 'bell__line'} data-notification={line.id}>
                {line.task_id ? (
                  <a href={taskPagePath(line.task_id)} className="bell__item" onClick={(e) => openLine(line, e)}>
                    {inner}
                  </a>
                ) : (
                  <button type="button" className="bell__item" onClick={(e) => openLine(line, e)}>
                    {inner}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );

  if (!bell.available) return null;
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) bell.refresh();
      }}
      content={content}
      arrow={false}
    >
      <Button type="text" className="app__bell" aria-label={N.bell(bell.unread)} aria-haspopup="dialog" aria-expanded={open}>
        <Badge count={bell.unread} size="small" overflowCount={99} className="app__bell-badge">
          <BellOutlined className="app__bell-icon" />
        </Badge>
      </Button>
    </Popover>
  );
}
