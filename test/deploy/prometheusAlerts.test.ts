/**
 * deploy/prometheus/alerts.yml (issue 14): `promtool check rules` accepts it, `promtool test rules` passes its unit
 * tests (deploy/prometheus/alerts.test.yml: each alert fires on one series and not on another), and its
 * expressions name only Taskcast's metrics. promtool is Debian's `prometheus` package; under CI=true a missing
 * promtool fails these tests instead of skipping them.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportedMetricOf, metricNamesIn, TASKCAST_METRICS } from './dashboardMetrics.js';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('../../deploy/prometheus/', import.meta.url));
const ALERTS = ['TaskcastQueueStalled', 'TaskcastFailureRatioHigh', 'TaskcastOldestPendingTooOld', 'TaskcastOneCErrors'];

const promtool = await run('promtool', ['--version']).then(
  () => true,
  () => false,
);
const needed = process.env.CI === 'true';

describe('the Prometheus alerts', () => {
  it.runIf(!promtool && needed)('promtool is installed (CI needs it: apt-get install prometheus)', () => {
    expect.fail('promtool is missing: install Debian\'s "prometheus" package (.ci/run does)');
  });

  it.runIf(promtool)('pass promtool check rules', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', 'alerts.yml'], { cwd: dir });
    expect(stdout).toContain(`SUCCESS: ${ALERTS.length} rules found`);
  });

  it.runIf(promtool)('pass their unit tests (promtool test rules)', async () => {
    const { stdout } = await run('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: dir });
    expect(stdout).toContain('SUCCESS');
  });

  it('each alert has a unit test that fires it and one evaluation where it does not', async () => {
    const tests = await readFile(`${dir}alerts.test.yml`, 'utf8');
    for (const alert of ALERTS) {
      const blocks = tests.split(/\n\s+- eval_time:/).filter((b) => b.includes(`alertname: ${alert}\n`));
      expect(blocks.some((b) => /exp_alerts: \[\]/.test(b)) || blocks.some((b) => /exp_labels/.test(b)), alert).toBe(true);
      expect(
        blocks.some((b) => /exp_labels/.test(b)),
        `${alert} fires in a test`,
      ).toBe(true);
    }
  });

  it('name only the metrics issue 14 fixes', async () => {
    const rules = await readFile(`${dir}alerts.yml`, 'utf8');
    const exprs = [...rules.matchAll(/expr: (?:\|\n((?:\s{10}.*\n)+)|(.*)\n)/g)].map((m) => m[1] ?? m[2]!);
    expect(exprs).toHaveLength(ALERTS.length);
    for (const expr of exprs) {
      for (const name of metricNamesIn(expr)) expect(exportedMetricOf(name, TASKCAST_METRICS), name).not.toBeNull();
    }
  });
});
