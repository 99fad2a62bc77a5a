/**
 * A time series chart (hand-written SVG like MonthlyChart: antd has no charts and a few lines and bars do not
 * justify a charting library): stacked bars or lines over equal steps, with a tooltip naming the step's time and
 * every series' value on hover, and by keyboard (focus the chart, then ← and →). Null values are gaps in a line.
 * The figure carries a title and a summary (its accessible name and description), and the legend.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useWidth } from '@/app/useWidth';
import { niceMax } from '@/components/MonthlyChart';
import './TimeChart.css';

/** One series of a {@link TimeChart}: a value (or null: none) per point. */
export interface TimeSeries {
  key: string;
  label: string;
  /** A CSS colour; a custom property of web/src/colors.css (`var(--chart-…)`) follows the theme. */
  color: string;
  values: readonly (number | null)[];
}

/** Props of {@link TimeChart}. */
export interface TimeChartProps {
  title: string;
  /** What the chart shows in words (totals, the highest value), read by screen readers. */
  summary: string;
  /** The start of each point (ISO 8601). */
  times: readonly string[];
  series: readonly TimeSeries[];
  kind: 'bars' | 'lines';
  /** A value in the tooltip (e.g. «3», «1,2 с»). */
  format: (value: number) => string;
  /** A value on the axis; `format` when unset. */
  tick?: (value: number) => string;
  /** The label of a point on the axis (e.g. «09:15»). */
  axisLabel: (iso: string) => string;
  /** The time of a point in the tooltip (e.g. «06.12, 09:15–09:30»). */
  pointLabel: (iso: string) => string;
  /** An extra line of the tooltip for point `i` (e.g. the failure ratio), or null. */
  extra?: (i: number) => string | null;
  /** Shown in the middle when no series has a value. */
  emptyText: string;
  /** Whole numbers only (counts): the axis then marks whole numbers. */
  integer?: boolean;
  /** The lowest top of the axis (e.g. 10 ms, so a few milliseconds do not fill the chart). */
  minTop?: number;
  height?: number;
}

const PAD = { left: 56, right: 10, top: 10, bottom: 26 };
/** How many steps apart the time labels may be (whole minutes, hours, days of the app's steps). */
const LABEL_EVERY = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 16, 20, 24, 28, 30, 40, 48, 60, 96, 120];

/** The chart, drawn at the width it gets. */
export default function TimeChart(props: TimeChartProps) {
  const {
    title,
    summary,
    times,
    series,
    kind,
    format,
    axisLabel,
    pointLabel,
    extra,
    emptyText,
    integer = false,
    minTop = 0,
    height = 200,
  } = props;
  const tick = props.tick ?? format;
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const titleId = useId();
  const summaryId = useId();
  const [active, setActive] = useState<number | null>(null);

  const n = times.length;
  const totals = useMemo(() => times.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)), [times, series]);
  const largest = useMemo(
    () =>
      kind === 'bars' ? Math.max(0, ...totals) : Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))),
    [kind, totals, series],
  );
  const hasData = useMemo(() => series.some((s) => s.values.some((v) => v !== null && (kind === 'lines' || v > 0))), [series, kind]);
  // Counts: four whole steps (0, 1, 2, 3, 4 for a few tasks); otherwise a round top.
  const top = Math.max(largest, minTop);
  const max = integer ? Math.max(1, Math.ceil(niceMax(top / 4))) * 4 : niceMax(top);
  const plotW = Math.max(10, width - PAD.left - PAD.right);
  const plotH = height - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, n);
  const xOf = (i: number) => PAD.left + slot * i + slot / 2;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = largest === 0 ? [0] : [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  // Axis labels at round times: every k-th step since the epoch, k the first of LABEL_EVERY leaving room.
  const wanted = Math.ceil(n / Math.max(1, Math.floor(plotW / 64)));
  const labelEvery = LABEL_EVERY.find((k) => k >= wanted) ?? wanted;
  const stepMs = n > 1 ? Date.parse(times[1]!) - Date.parse(times[0]!) : 0;
  const labelled = (i: number) => (stepMs > 0 ? Math.round(Date.parse(times[i]!) / stepMs) % labelEvery === 0 : i === 0);
  const barW = Math.max(1, Math.min(24, slot * 0.7));

  const pointAt = (e: MouseEvent<SVGRectElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const w = rect.width || plotW;
    return Math.min(n - 1, Math.max(0, Math.floor((x / w) * n)));
  };
  /** The last point with a value: where the keyboard starts. */
  const lastWithData = () => {
    for (let i = n - 1; i >= 0; i--) if (series.some((s) => (s.values[i] ?? 0) > 0 || (kind === 'lines' && s.values[i] !== null))) return i;
    return n - 1;
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    if (n === 0) return;
    const from = active ?? lastWithData();
    const next =
      e.key === 'ArrowLeft' ? from - 1 : e.key === 'ArrowRight' ? from + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : null;
    if (next === null) {
      if (e.key === 'Escape') setActive(null);
      return;
    }
    e.preventDefault();
    setActive(Math.min(n - 1, Math.max(0, next)));
  };

  /** The lines of one series: a path per run of values, a dot for a value alone. */
  const line = (s: TimeSeries) => {
    const runs: [number, number][][] = [];
    let run: [number, number][] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length) runs.push(run);
        run = [];
      } else run.push([xOf(i), y(v)]);
    });
    if (run.length) runs.push(run);
    return runs.map((r, k) =>
      r.length === 1 ? (
        <circle key={k} cx={r[0]![0]} cy={r[0]![1]} r={2.5} style={{ fill: s.color }} />
      ) : (
        <path
          key={k}
          d={r.map(([px, py], j) => `${j ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join('')}
          style={{ stroke: s.color }}
          fill="none"
          strokeWidth={1.75}
        />
      ),
    );
  };

  const tipLeft = active === null ? 0 : Math.min(Math.max(xOf(active), 90), Math.max(90, width - 90));
  const extraLine = active === null ? null : (extra?.(active) ?? null);

  return (
    <figure className="time-chart" aria-labelledby={titleId} aria-describedby={summaryId}>
      <figcaption id={titleId} className="chart__title">
        {title}
      </figcaption>
      <p id={summaryId} className="visually-hidden">
        {summary}
      </p>
      <div ref={box} className="chart__box time-chart__box">
        <svg
          width={width}
          height={height}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={summaryId}
          className="chart__svg time-chart__svg"
          tabIndex={0}
          onKeyDown={onKey}
          onFocus={() => setActive((a) => a ?? (n ? lastWithData() : null))}
          onBlur={() => setActive(null)}
        >
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="chart__grid" />
              <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="chart__tick">
                {tick(t)}
              </text>
            </g>
          ))}
          {!hasData && (
            <text x={PAD.left + plotW / 2} y={PAD.top + plotH / 2} textAnchor="middle" className="chart__empty">
              {emptyText}
            </text>
          )}
          {kind === 'bars'
            ? times.map((t, i) => {
                let base = 0;
                return (
                  <g key={t}>
                    {series.map((s) => {
                      const v = s.values[i] ?? 0;
                      if (v <= 0) return null;
                      const top = y(base + v);
                      const rect = (
                        <rect
                          key={s.key}
                          x={xOf(i) - barW / 2}
                          y={top}
                          width={barW}
                          height={Math.max(0.5, y(base) - top)}
                          style={{ fill: s.color }}
                        />
                      );
                      base += v;
                      return rect;
                    })}
                  </g>
                );
              })
            : series.map((s) => <g key={s.key}>{line(s)}</g>)}
          {times.map((t, i) =>
            labelled(i) ? (
              <text key={t} x={xOf(i)} y={height - 8} textAnchor="middle" className="chart__tick">
                {axisLabel(t)}
              </text>
            ) : null,
          )}
          {active !== null && <line x1={xOf(active)} x2={xOf(active)} y1={PAD.top} y2={PAD.top + plotH} className="time-chart__guide" />}
          <rect
            x={PAD.left}
            y={PAD.top}
            width={plotW}
            height={plotH}
            fill="transparent"
            data-testid="chart-hover"
            onMouseMove={(e) => n && setActive(pointAt(e))}
            onMouseLeave={() => setActive(null)}
          />
        </svg>
        {active !== null && times[active] && (
          <div className="time-chart__tip" role="tooltip" style={{ left: tipLeft }}>
            <div className="time-chart__tip-time">{pointLabel(times[active]!)}</div>
            {series.map((s) => (
              <div key={s.key} className="time-chart__tip-row">
                <span className="time-chart__swatch" style={{ background: s.color }} />
                <span>{s.label}</span>
                <span className="time-chart__tip-value">{s.values[active] === null ? '—' : format(s.values[active] ?? 0)}</span>
              </div>
            ))}
            {extraLine && <div className="time-chart__tip-extra">{extraLine}</div>}
          </div>
        )}
      </div>
      <div className="chart__legend" aria-hidden="true">
        {series.map((s) => (
          <span key={s.key} className="time-chart__legend-item">
            <span className="time-chart__swatch" style={{ background: s.color }} />
            {s.label}
          </span>
        ))}
      </div>
    </figure>
  );
}
