/**
 * A task's parameters in words, from its `metadata.params` (what its type shows of the payload): a bank sync's
 * «01.01.2025 — 31.12.2025, с классификацией»; any other parameters as `name: value`; a schedule's task says so.
 */
import type { Json, Task } from '@/api/tasks';
import { formatDay } from '@/format';
import { T } from '@/texts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One value as text (days as 01.01.2025). */
function valueText(value: Json): string {
  if (typeof value === 'string') return DAY.test(value) ? formatDay(value) : value;
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  return JSON.stringify(value);
}

/** The parameters of `task` as a line of text, or null when it shows none. */
export function paramsText(task: Pick<Task, 'metadata'>): string | null {
  const parts: string[] = [];
  const params = task.metadata.params;
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    const { date_from: from, date_to: to, auto_classify: classify, ...rest } = params;
    if (typeof from === 'string' && typeof to === 'string') parts.push(T.taskList.period(formatDay(from), formatDay(to)));
    if (typeof classify === 'boolean') parts.push(classify ? T.taskList.classify : T.taskList.noClassify);
    for (const [key, value] of Object.entries(rest)) parts.push(`${key}: ${valueText(value)}`);
  }
  if (typeof task.metadata.schedule_id === 'string') parts.push(T.taskList.schedule);
  return parts.length ? parts.join(', ') : null;
}
