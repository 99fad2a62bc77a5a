/**
 * One task's page (`/tasks/<id>`, deep-linkable): its type and parameters, the live progress panel (status, bar,
 * cancel «Отменить», «Повторить», the error, the result and the «Журнал» log — TaskProgress over the task's socket),
 * and beside it the facts (id, who started it, parameters, priority), the result in words and the timeline (created,
 * each attempt's start and end on its node, finished). Admins also see each attempt's technical error and node.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '@/api/client';
import { listUsers } from '@/api/notifications';
import { getTask, type Json, type Task, type TaskDetails } from '@/api/tasks';
import { lastTaskList } from '@/app/lastTaskList';
import { navigate } from '@/app/router';
import { useSession } from '@/app/useSession';
import { paramsText } from '@/components/TaskParams';
import TaskProgress from '@/components/TaskProgress';
import { formatInt } from '@/format';
import { T, TASK_TYPE_TEXT } from '@/texts';
import TaskTimeline from './TaskTimeline';
import './TaskPage.css';

/** Props of {@link TaskPage}. */
export interface TaskPageProps {
  taskId: string;
}

/** A sync's result in one sentence («Загружено 4 899, создано …»), or null for any other result. */
function resultWords(result: Json): string | null {
  if (!result || typeof result !== 'object' || Array.isArray(result) || typeof result.loaded !== 'number') return null;
  const n = (key: string) => formatInt(typeof result[key] === 'number' ? result[key] : 0);
  return T.taskPage.resultWords({
    loaded: n('loaded'),
    created: n('created'),
    updated: n('updated'),
    deleted: n('deleted'),
    classified: n('classified'),
  });
}

/** The page of one task. */
export default function TaskPage({ taskId }: TaskPageProps) {
  const session = useSession();
  const admin = session?.user.role === 'admin';
  const [details, setDetails] = useState<TaskDetails | null>(null);
  const [missing, setMissing] = useState(false);
  const [owner, setOwner] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDetails(await getTask(taskId));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setMissing(true);
    }
  }, [taskId]);

  useEffect(() => {
    void load();
  }, [load]);

  // The timeline changes when an attempt starts or ends: the live state says when, the details follow.
  const [phase, setPhase] = useState('');
  const onUpdate = (task: Task) => {
    setDetails((d) => (d && d.seq < task.seq ? { ...d, ...task } : d));
    setPhase(`${task.status}:${task.attempt}`);
  };
  useEffect(() => {
    if (phase) void load();
  }, [phase, load]);

  const userId = details?.user_id ?? null;
  useEffect(() => {
    if (userId === null || userId === session?.user.id) return;
    if (!admin) return setOwner(T.taskList.userById(userId));
    void listUsers().then(
      (users) => setOwner(users.find((u) => u.id === userId)?.username ?? T.taskList.userById(userId)),
      () => setOwner(T.taskList.userById(userId)),
    );
  }, [userId, admin, session?.user.id]);

  const name = details ? (TASK_TYPE_TEXT[details.task_type] ?? details.task_type) : T.progress.defaultTitle;
  useEffect(() => {
    document.title = `${name} — ${T.appName}`;
  }, [name]);

  const back = (
    <a
      className="task-page__back"
      href={lastTaskList()}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(lastTaskList());
      }}
    >
      <ArrowLeftOutlined aria-hidden /> {T.taskPage.back}
    </a>
  );

  if (missing) {
    return (
      <section className="page task-page" aria-labelledby="task-title">
        {back}
        <h1 id="task-title">{T.progress.defaultTitle}</h1>
        <Alert type="warning" showIcon message={T.taskPage.notFound} />
      </section>
    );
  }

  const params = details ? paramsText(details) : null;
  const startedBy = userId === null ? T.taskList.nobody : userId === session?.user.id ? T.taskList.you : (owner ?? T.common.dash);
  const words = details?.status === 'completed' || details?.status === 'cancelled' ? resultWords(details.result) : null;

  return (
    <section className="page task-page" aria-labelledby="task-title">
      {back}
      <header className="page__header">
        <div>
          <h1 id="task-title">{name}</h1>
          {params && <p className="task-page__params">{params}</p>}
        </div>
      </header>
      <div className="task-page__grid">
        <div className="panel task-page__progress">
          <TaskProgress taskId={taskId} inline onUpdate={onUpdate} />
        </div>
        <aside className="panel task-page__facts" aria-label={T.taskPage.details}>
          {!details ? (
            <Skeleton active paragraph={{ rows: 6 }} />
          ) : (
            <>
              <h2 className="task-page__subtitle">{T.taskPage.details}</h2>
              <dl className="task-page__dl">
                <div>
                  <dt>{T.taskPage.id}</dt>
                  <dd>
                    <Typography.Text className="mono" copyable={{ text: details.task_id }}>
                      {details.task_id}
                    </Typography.Text>
                  </dd>
                </div>
                <div>
                  <dt>{T.taskPage.startedBy}</dt>
                  <dd data-testid="task-started-by">{startedBy}</dd>
                </div>
                <div>
                  <dt>{T.taskPage.params}</dt>
                  <dd data-testid="task-params">{params ?? T.taskPage.noParams}</dd>
                </div>
                <div>
                  <dt>{T.taskPage.priority}</dt>
                  <dd className="num">{details.priority}</dd>
                </div>
              </dl>
              {words && (
                <p className="task-page__result" data-testid="task-result-words">
                  {words}
                </p>
              )}
              <TaskTimeline task={details} technical={admin} />
              {admin && details.error && (
                <details className="task-page__technical">
                  <summary>{T.taskPage.technical}</summary>
                  <pre>{details.error}</pre>
                </details>
              )}
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
