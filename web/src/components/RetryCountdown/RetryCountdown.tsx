/**
 * When a pending task starts: «Повтор через 2 мин — попытка 3 из 5» while it waits for its next attempt
 * (it ran before: `attempt` ≥ 1), «Запуск через 5 мин» for a task enqueued to start later. The time left
 * (until `run_at`, by this browser's clock) counts down every second; nothing is shown for a task that is not
 * pending, nor for a first run that is due.
 */
import type { ReactNode } from 'react';
import type { Task } from '../../api/tasks';
import { formatTimeUntil } from '../../format';
import { T } from '../../texts';
import { useNow } from './useNow';

/** Props of {@link RetryCountdown}. */
export interface RetryCountdownProps {
  task: Pick<Task, 'status' | 'attempt' | 'max_attempts' | 'run_at'>;
  className?: string;
  /** Shown instead when there is nothing to count down (a due first run); default nothing. */
  fallback?: ReactNode;
}

/** What a pending task waits for, at `now`: the text, or null when there is nothing to say. */
export function startText(task: RetryCountdownProps['task'], now: number): string | null {
  if (task.status !== 'pending') return null;
  const left = Date.parse(task.run_at) - now;
  const next = task.attempt + 1;
  if (task.attempt >= 1)
    return left > 0 ? T.retry.waiting(formatTimeUntil(left), next, task.max_attempts) : T.retry.due(next, task.max_attempts);
  return left > 0 ? T.retry.delayed(formatTimeUntil(left)) : null;
}

/** The line, re-rendered every second while the task waits (not a live region: it would speak every second). */
export default function RetryCountdown({ task, className, fallback = null }: RetryCountdownProps) {
  const now = Date.now();
  // The clock only forces the re-renders; each render reads the time itself, so a task that just began to
  // wait never shows a stale count.
  useNow(task.status === 'pending' && (task.attempt >= 1 || Date.parse(task.run_at) > now));
  const text = startText(task, now);
  if (!text) return <>{fallback}</>;
  return (
    <span className={['retry-countdown', className].filter(Boolean).join(' ')} data-testid="retry-countdown">
      {text}
    </span>
  );
}
