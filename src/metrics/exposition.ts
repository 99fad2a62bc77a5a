/**
 * Metrics kept in our own lean structures (see TaskStats) exposed through a prom-client registry: an object with
 * prom-client's `get()` shape, which the registry formats like its own. prom-client's typings only know its
 * classes, hence the one cast, here.
 */
import type { Registry } from 'prom-client';
import type { Bins } from './Bins.js';

/** A sample as prom-client formats it. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

/** Registers a metric whose samples `read` produces at each scrape. */
export function registerCollected(
  registry: Registry,
  name: string,
  help: string,
  type: 'counter' | 'gauge' | 'histogram',
  read: () => Sample[],
): void {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    collect() {},
    get: async () => ({ name, help, type, aggregator: 'sum', values: read() }),
  };
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}

/** The samples of one histogram series: cumulative buckets with `le`, then the sum and the count. */
export function histogramSamples(name: string, labels: Record<string, string>, bins: Bins, out: Sample[]): void {
  let cumulative = 0;
  for (let i = 0; i < bins.counts.length; i++) {
    cumulative += bins.counts[i]!;
    const le = i < bins.bounds.length ? String(bins.bounds[i]) : '+Inf';
    out.push({ labels: { ...labels, le }, value: cumulative, metricName: `${name}_bucket` });
  }
  out.push({ labels, value: bins.sum, metricName: `${name}_sum` });
  out.push({ labels, value: bins.count, metricName: `${name}_count` });
}
