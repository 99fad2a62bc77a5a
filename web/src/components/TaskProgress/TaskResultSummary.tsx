/**
 * A task's result as a readable summary: the sync counters with their Russian labels (Загружено,
 * Создано, …, Время); any other result as its key/value pairs.
 */
import type { Json } from '../../api/tasks';
import { formatDuration, formatInt } from '../../format';
import { RESULT_LABELS, T } from '../../texts';

/** Props of {@link TaskResultSummary}. */
export interface TaskResultSummaryProps {
  result: Json;
}

type Row = { key: string; label: string; value: string };

function rowsOf(result: Json): Row[] {
  if (!result || typeof result !== 'object' || Array.isArray(result)) {
    return result === null || result === undefined ? [] : [{ key: 'value', label: T.progress.resultTitle, value: String(result) }];
  }
  const rows: Row[] = [];
  for (const [key, label] of Object.entries(RESULT_LABELS)) {
    const value = result[key];
    if (typeof value !== 'number') continue;
    rows.push({ key, label, value: key === 'duration_ms' ? formatDuration(value) : formatInt(value) });
  }
  const known = new Set(Object.keys(RESULT_LABELS));
  for (const [key, value] of Object.entries(result)) {
    if (known.has(key)) continue;
    rows.push({
      key,
      label: key,
      value: typeof value === 'number' ? formatInt(value) : typeof value === 'string' ? value : JSON.stringify(value),
    });
  }
  return rows;
}

/** The result as a grid of labelled values (a description list for screen readers). */
export default function TaskResultSummary({ result }: TaskResultSummaryProps) {
  const rows = rowsOf(result);
  if (rows.length === 0) return null;
  return (
    <section className="task-result" aria-label={T.progress.resultTitle}>
      <dl className="task-result__grid">
        {rows.map((row) => (
          <div className="task-result__item" key={row.key} data-key={row.key}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
