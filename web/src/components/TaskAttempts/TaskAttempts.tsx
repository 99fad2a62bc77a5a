/**
 * A task's attempts, oldest first: number, start, end, how it ended (in Russian) and its error on a line of its
 * own under them (errors are long) — the history
 * GET /api/v1/tasks/{id} keeps across automatic and manual retries.
 */
import { Fragment } from 'react';
import type { TaskAttempt } from '../../api/tasks';
import { formatDateTime } from '../../format';
import { OUTCOME_TEXT, T } from '../../texts';
import './TaskAttempts.css';

/** Props of {@link TaskAttempts}. */
export interface TaskAttemptsProps {
  attempts: readonly TaskAttempt[];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The history as a small table (a region named «Попытки»); nothing when there is none. */
export default function TaskAttempts({ attempts }: TaskAttemptsProps) {
  if (attempts.length === 0) return null;
  return (
    <section className="task-attempts" aria-label={T.retry.attempts}>
      <h4 className="task-attempts__title">{T.retry.attempts}</h4>
      <table className="task-attempts__table">
        <thead>
          <tr>
            <th scope="col">{T.retry.attempt}</th>
            <th scope="col">{T.retry.started}</th>
            <th scope="col">{T.retry.finished}</th>
            <th scope="col">{T.retry.outcome}</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <Fragment key={a.attempt}>
              <tr data-outcome={a.outcome} className={a.error ? 'task-attempts__row--with-error' : undefined}>
                <td className="num">{a.attempt}</td>
                <td className="num">{formatDateTime(a.started_at)}</td>
                <td className="num">{a.finished_at ? formatDateTime(a.finished_at) : T.common.dash}</td>
                <td className={`task-attempts__outcome task-attempts__outcome--${a.outcome}`}>{capitalised(OUTCOME_TEXT[a.outcome])}</td>
              </tr>
              {a.error && (
                <tr className="task-attempts__error-row">
                  <td colSpan={4}>
                    <span className="visually-hidden">{T.retry.error}: </span>
                    {a.error}
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}
