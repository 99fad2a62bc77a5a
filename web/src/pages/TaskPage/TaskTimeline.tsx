/**
 * A task's timeline on its page: created, each attempt's start and end with the node that ran it and how it ended,
 * when a waiting task's next attempt is due, and when it finished. An attempt's error is shown in full to admins
 * (the technical text, with the node); others read the task's own error in the progress panel.
 */
import type { TaskDetails } from '@/api/tasks';
import { formatDateTime } from '@/format';
import { OUTCOME_TEXT, T } from '@/texts';

/** Props of {@link TaskTimeline}. */
export interface TaskTimelineProps {
  task: TaskDetails;
  /** Show each attempt's node and full error. */
  technical: boolean;
}

interface Event {
  key: string;
  at: string | null;
  text: string;
  detail?: string;
  tone?: 'error' | 'ok';
}

function eventsOf(task: TaskDetails, technical: boolean): Event[] {
  const events: Event[] = [{ key: 'created', at: task.created_at, text: T.taskPage.created }];
  for (const a of task.attempts) {
    const node = technical && a.node ? T.taskPage.node(a.node) : undefined;
    events.push({ key: `start-${a.attempt}`, at: a.started_at, text: T.taskPage.attemptStarted(a.attempt), detail: node });
    if (a.outcome !== 'running') {
      events.push({
        key: `end-${a.attempt}`,
        at: a.finished_at,
        text: T.taskPage.attemptEnded(a.attempt, OUTCOME_TEXT[a.outcome]),
        detail: technical && a.error ? a.error : undefined,
        tone: a.outcome === 'completed' ? 'ok' : a.outcome === 'cancelled' ? undefined : 'error',
      });
    }
  }
  if (task.status === 'pending' && task.attempt >= 1) events.push({ key: 'due', at: task.run_at, text: T.taskPage.due });
  if (task.completed_at) events.push({ key: 'finished', at: task.completed_at, text: T.taskPage.finished });
  return events;
}

/** The timeline as an ordered list (a region named «Хронология»). */
export default function TaskTimeline({ task, technical }: TaskTimelineProps) {
  return (
    <section className="task-timeline" aria-label={T.taskPage.timeline}>
      <h2 className="task-page__subtitle">{T.taskPage.timeline}</h2>
      <ol className="task-timeline__list">
        {eventsOf(task, technical).map((e) => (
          <li key={e.key} className={`task-timeline__item${e.tone ? ` task-timeline__item--${e.tone}` : ''}`} data-event={e.key}>
            <span className="task-timeline__at num">{formatDateTime(e.at)}</span>
            <span className="task-timeline__text">{e.text}</span>
            {e.detail && <span className="task-timeline__detail">{e.detail}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
