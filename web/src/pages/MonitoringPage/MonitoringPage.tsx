/**
 * «Мониторинг» (issue 14, admins only): how the background tasks run over the last hour, 24 hours or 30 days, from
 * GET /api/v1/metrics/summary — the totals, tasks finished per step by outcome, failures and their ratio, the wait
 * in the queue and the run time (p50/p95/p99), pending and running over time, and each task type's figures and
 * queue now. Refreshed every 30 s while the page is visible; a readable note when the period had no tasks.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Segmented, Table, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '@/api/client';
import { getMetricsSummary, type MetricsByType, type MetricsSummary } from '@/api/metrics';
import { taskTypeLabel } from '@/app/schedulePresets';
import TimeChart, { type TimeSeries } from '@/components/TimeChart';
import { formatInt } from '@/format';
import { T, UNITS } from '@/texts';
import './MonitoringPage.css';

const M = T.monitoring;

/** The periods offered, each with its step (at most 144 points a chart). */
export const RANGES = {
  hour: { spanMs: 3_600_000, step: 60 },
  day: { spanMs: 86_400_000, step: 900 },
  month: { spanMs: 30 * 86_400_000, step: 21_600 },
} as const;
export type RangeKey = keyof typeof RANGES;

/** How often the page reloads its figures while visible. */
export const REFRESH_MS = 30_000;

// The series' colours, light and dark: web/src/colors.css.
const COLORS = {
  completed: 'var(--chart-completed)',
  failed: 'var(--chart-failed)',
  cancelled: 'var(--chart-cancelled)',
  retried: 'var(--chart-retried)',
  p50: 'var(--chart-p50)',
  p95: 'var(--chart-p95)',
  p99: 'var(--chart-p99)',
  pending: 'var(--chart-pending)',
  running: 'var(--chart-running)',
};

/** The range ending with the step now in: `to` is the end of the current step (exclusive). */
export function rangeOf(key: RangeKey, now = Date.now()): { from: Date; to: Date; step: number } {
  const { spanMs, step } = RANGES[key];
  const stepMs = step * 1000;
  const to = Math.floor(now / stepMs) * stepMs + stepMs;
  return { from: new Date(to - spanMs), to: new Date(to), step };
}

/** A duration for charts: «2,5 мс», «850 мс», «1,2 с», «4,5 мин», «2,1 ч». */
export function formatMs(ms: number): string {
  const one = (v: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v);
  if (ms < 10) return `${one(ms)} ${UNITS.ms}`;
  if (ms < 1000) return `${Math.round(ms)} ${UNITS.ms}`;
  if (ms < 60_000) return `${one(ms / 1000)} ${UNITS.s}`;
  if (ms < 3_600_000) return `${one(ms / 60_000)} ${UNITS.min}`;
  return `${one(ms / 3_600_000)} ${UNITS.h}`;
}

const percent = new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 1 });
const hm = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit' });
const dm = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit' });
const dmhm = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
const hms = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const ratio = (failed: number, completed: number) => (failed + completed > 0 ? percent.format(failed / (failed + completed)) : '—');

/** Totals of the series. */
function totalsOf(s: MetricsSummary) {
  const t = { completed: 0, failed: 0, cancelled: 0, retried: 0 };
  for (const p of s.series) {
    t.completed += p.completed;
    t.failed += p.failed;
    t.cancelled += p.cancelled;
    t.retried += p.retried;
  }
  return t;
}

/** True when the period had no task at all and none is queued now. */
function isEmpty(s: MetricsSummary): boolean {
  const t = totalsOf(s);
  return (
    t.completed + t.failed + t.cancelled + t.retried === 0 &&
    s.by_type.every((b) => b.pending + b.running === 0) &&
    s.series.every((p) => !p.pending && !p.running)
  );
}

const highest = (values: readonly (number | null)[]) =>
  values.reduce<number | null>((m, v) => (v === null ? m : Math.max(m ?? 0, v)), null);

/** The page. */
export default function MonitoringPage() {
  const [range, setRange] = useState<RangeKey>('hour');
  const [data, setData] = useState<MetricsSummary | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (key: RangeKey) => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const { from, to, step } = rangeOf(key);
      const summary = await getMetricsSummary(from, to, step);
      if (call !== latest.current) return;
      setData(summary);
      setError(null);
      setUpdatedAt(new Date());
    } catch (err) {
      if (call !== latest.current) return;
      if (err instanceof ApiError && err.status === 403) setForbidden(true);
      else setError(err instanceof ApiError && err.status === 0 ? T.common.networkError : err instanceof Error ? err.message : String(err));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, []);

  // Loads on open and on a change of the period; then every REFRESH_MS while the page is visible, and at once
  // when it becomes visible again.
  useEffect(() => {
    void load(range);
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load(range);
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load(range);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [range, load]);

  const rangeWords = M.rangeWords[range];
  const rangeText = rangeWords[0]!.toUpperCase() + rangeWords.slice(1);

  return (
    <section className="page monitoring" aria-labelledby="monitoring-title">
      <header className="page__header">
        <h1 id="monitoring-title">{M.title}</h1>
        {!forbidden && (
          <div className="page__actions">
            <Segmented<RangeKey>
              aria-label={M.range}
              value={range}
              onChange={(v) => setRange(v)}
              options={(Object.keys(RANGES) as RangeKey[]).map((k) => ({ value: k, label: M.ranges[k] }))}
            />
            <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load(range)} aria-label={T.common.refresh} />
          </div>
        )}
      </header>
      {forbidden ? (
        <Alert type="warning" showIcon message={M.forbidden} className="page__alert" />
      ) : (
        <>
          <p className="muted monitoring__intro">
            {M.intro}
            {updatedAt && <span className="monitoring__updated"> {M.updatedAt(hms.format(updatedAt))}</span>}
          </p>
          {error && <Alert type="error" showIcon message={M.loadFailed} description={error} className="page__alert" />}
          {data && (isEmpty(data) ? <EmptyState /> : <Figures data={data} range={range} rangeText={rangeText} />)}
        </>
      )}
    </section>
  );
}

function EmptyState() {
  return (
    <div className="monitoring__empty" data-testid="monitoring-empty">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <strong>{M.empty}</strong>
            <br />
            <span className="muted">{M.emptyHint}</span>
          </>
        }
      />
    </div>
  );
}

/** The totals, the charts and the table of one summary. */
function Figures({ data, range, rangeText }: { data: MetricsSummary; range: RangeKey; rangeText: string }) {
  const times = useMemo(() => data.series.map((p) => p.at), [data]);
  const totals = useMemo(() => totalsOf(data), [data]);
  const stepMs = data.step * 1000;
  const axisLabel = (iso: string) => (range === 'month' ? dm.format(new Date(iso)) : hm.format(new Date(iso)));
  const pointLabel = (iso: string) => {
    const start = new Date(iso);
    const end = new Date(start.getTime() + stepMs);
    return `${dmhm.format(start)}–${(range === 'month' ? dmhm : hm).format(end)}`;
  };
  const common = { times, axisLabel, pointLabel, emptyText: M.noValues };
  const col = <K extends keyof MetricsSummary['series'][number]>(key: K) => data.series.map((p) => p[key] as number | null);

  const outcomes: TimeSeries[] = [
    { key: 'completed', label: M.completed, color: COLORS.completed, values: col('completed') },
    { key: 'failed', label: M.failed, color: COLORS.failed, values: col('failed') },
    { key: 'cancelled', label: M.cancelled, color: COLORS.cancelled, values: col('cancelled') },
    { key: 'retried', label: M.retried, color: COLORS.retried, values: col('retried') },
  ];
  const failures: TimeSeries[] = [
    { key: 'failed', label: M.failed, color: COLORS.failed, values: col('failed') },
    { key: 'retried', label: M.retried, color: COLORS.retried, values: col('retried') },
  ];
  const percentiles = (kind: 'wait' | 'run'): TimeSeries[] =>
    (['p50', 'p95', 'p99'] as const).map((p) => ({ key: p, label: M[p], color: COLORS[p], values: col(`${kind}_${p}_ms`) }));
  const wait = percentiles('wait');
  const run = percentiles('run');
  const queue: TimeSeries[] = [
    { key: 'pending', label: M.pending, color: COLORS.pending, values: col('pending') },
    { key: 'running', label: M.running, color: COLORS.running, values: col('running') },
  ];
  const timeSummary = (s: TimeSeries[]) => {
    const [p50, p95, p99] = s.map((x) => highest(x.values));
    return p50 === null || p50 === undefined
      ? M.timeSummaryEmpty(rangeText)
      : M.timeSummary(rangeText, formatMs(p50), formatMs(p95 ?? 0), formatMs(p99 ?? 0));
  };
  const ratioAt = (i: number) => {
    const p = data.series[i]!;
    return p.completed + p.failed > 0 ? M.ratioLine(ratio(p.failed, p.completed)) : null;
  };

  const cards = [
    { key: 'completed', label: M.completed, value: formatInt(totals.completed) },
    { key: 'failed', label: M.failed, value: formatInt(totals.failed) },
    { key: 'ratio', label: M.failureRatio, value: ratio(totals.failed, totals.completed) },
    { key: 'retried', label: M.retried, value: formatInt(totals.retried) },
  ];

  return (
    <>
      <div className="totals monitoring__totals" role="list" aria-label={rangeText}>
        {cards.map((c) => (
          <div key={c.key} className={`total monitoring__total--${c.key}`} role="listitem">
            <span className="total__label">{c.label}</span>
            <span className="total__value num" data-testid={`total-${c.key}`}>
              {c.value}
            </span>
          </div>
        ))}
      </div>
      <div className="monitoring__grid">
        <div className="monitoring__card">
          <TimeChart
            {...common}
            title={M.throughput}
            summary={M.throughputSummary(rangeText, totals.completed, totals.failed, totals.cancelled, totals.retried)}
            kind="bars"
            series={outcomes}
            format={formatInt}
            integer
          />
        </div>
        <div className="monitoring__card">
          <TimeChart
            {...common}
            title={M.failures}
            summary={M.failuresSummary(rangeText, totals.failed, ratio(totals.failed, totals.completed))}
            kind="bars"
            series={failures}
            format={formatInt}
            integer
            extra={ratioAt}
          />
        </div>
        <div className="monitoring__card">
          <TimeChart {...common} title={M.wait} summary={timeSummary(wait)} kind="lines" series={wait} format={formatMs} minTop={10} />
        </div>
        <div className="monitoring__card">
          <TimeChart {...common} title={M.run} summary={timeSummary(run)} kind="lines" series={run} format={formatMs} minTop={10} />
        </div>
        <div className="monitoring__card">
          <TimeChart
            {...common}
            title={M.queue}
            summary={M.queueSummary(rangeText, highest(queue[0]!.values) ?? 0, highest(queue[1]!.values) ?? 0)}
            kind="lines"
            series={queue}
            format={formatInt}
            integer
          />
        </div>
        <div className="monitoring__card monitoring__card--table">
          <ByType rows={data.by_type} />
        </div>
      </div>
    </>
  );
}

/** Each task type's totals over the range and its queue now. */
function ByType({ rows }: { rows: MetricsByType[] }) {
  const ms = (v: number | null) => (v === null ? '—' : formatMs(v));
  const columns: TableColumnsType<MetricsByType> = [
    { title: M.taskType, dataIndex: 'task_type', render: (t: string) => taskTypeLabel(t) },
    { title: M.pending, dataIndex: 'pending', align: 'right', render: formatInt },
    { title: M.running, dataIndex: 'running', align: 'right', render: formatInt },
    { title: M.completed, dataIndex: 'completed', align: 'right', render: formatInt },
    { title: M.failed, dataIndex: 'failed', align: 'right', render: formatInt },
    { title: M.cancelled, dataIndex: 'cancelled', align: 'right', render: formatInt },
    { title: M.retried, dataIndex: 'retried', align: 'right', render: formatInt },
    { title: M.waitP95, dataIndex: 'wait_p95_ms', align: 'right', render: ms },
    { title: M.runP95, dataIndex: 'run_p95_ms', align: 'right', render: ms },
  ];
  return (
    <figure className="time-chart" aria-labelledby="monitoring-by-type">
      <figcaption id="monitoring-by-type" className="chart__title">
        {M.byType}
      </figcaption>
      <Table<MetricsByType>
        rowKey="task_type"
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: M.noValues }}
      />
    </figure>
  );
}
