// @vitest-environment jsdom
/**
 * The «Мониторинг» page against a real server with the metrics summary: on a fresh server the readable empty
 * state; after tasks ran (3 completed, 1 failed, of two types) the totals, each chart's summary naming those
 * counts, a tooltip with the local time and the values, the table by task type with Russian names; the period
 * switched to 24 hours and 30 days asks the server for the matching step; a manager is told the page is for admins.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../../../test/support/testServer.js';
import { waitForFinal } from '../../../../test/support/wait.js';
import { scriptedTaskType, signIn, stopServer } from '../../../test/liveServer';
import { startLiveMonitoringServer } from '../../../test/monitoringServer';
import MonitoringPage, { formatMs, rangeOf } from './MonitoringPage';

const bank = scriptedTaskType('sync_bank_transactions');
const contractors = scriptedTaskType('sync_contractors');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveMonitoringServer(bank, contractors);
});
afterAll(async () => {
  await stopServer(server);
});

const page = () =>
  render(
    <App>
      <MonitoringPage />
    </App>,
  );

/** The figure (chart) titled `title`. */
const chart = (title: string) => screen.getByRole('figure', { name: title });

/** Runs a task of `type` to its end: completed, or failed with `error`. */
async function run(type: typeof bank, error?: string): Promise<void> {
  const { task_id } = await server.engine.enqueue(type.type, { user_id: server.admin.user.id });
  await type.started(task_id);
  if (error) type.fail(task_id, error);
  else type.complete(task_id, { ok: true });
  await waitForFinal(server.engine, task_id);
}

describe('MonitoringPage', () => {
  it('shows the readable empty state on a fresh server', async () => {
    signIn(server, server.admin);
    page();
    expect(await screen.findByText('Пока нет данных: за этот период задачи не выполнялись')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Мониторинг' })).toBeTruthy();
    expect(screen.queryByRole('figure', { name: 'Выполнено задач' })).toBeNull();
  });

  it('after tasks ran shows their counts in the totals, the charts and the table, with a tooltip', async () => {
    await run(bank);
    await run(bank);
    await run(contractors);
    await run(contractors, 'Нет связи с 1С');
    signIn(server, server.admin);
    page();

    await screen.findByRole('figure', { name: 'Выполнено задач' });
    expect(screen.getByTestId('total-completed').textContent).toBe('3');
    expect(screen.getByTestId('total-failed').textContent).toBe('1');
    expect(screen.getByTestId('total-ratio').textContent).toBe('25\u00a0%');
    expect(chart('Выполнено задач').getAttribute('aria-describedby')).toBeTruthy();
    expect(
      within(chart('Выполнено задач')).getByText(/^За последний час: завершено 3, с ошибкой 1, отменено 0, повторов 0\.$/),
    ).toBeTruthy();
    expect(within(chart('Ошибки')).getByText(/задач с ошибкой 1, доля ошибок 25/)).toBeTruthy();
    // The run and wait times were measured (a p50, p95 and p99 each).
    expect(within(chart('Время выполнения')).getByText(/наибольшие значения — медиана \d/)).toBeTruthy();
    expect(within(chart('Время ожидания в очереди')).getByText(/наибольшие значения — медиана \d/)).toBeTruthy();

    // The keyboard (focus, then ←/→) and the mouse show the tooltip of a step: its local time and each value.
    const svg = within(chart('Выполнено задач')).getByRole('img');
    fireEvent.focus(svg);
    const tip = await within(chart('Выполнено задач')).findByRole('tooltip');
    expect(tip.textContent).toMatch(/\d\d\.\d\d, \d\d:\d\d–\d\d:\d\d/);
    const row = (label: string) =>
      [...tip.querySelectorAll('.time-chart__tip-row')].find((r) => r.textContent?.startsWith(label))?.textContent;
    expect(row('Завершено')).toBe('Завершено3');
    expect(row('Ошибка')).toBe('Ошибка1');
    fireEvent.blur(svg);
    expect(within(chart('Выполнено задач')).queryByRole('tooltip')).toBeNull();
    fireEvent.mouseMove(within(chart('Ошибки')).getByTestId('chart-hover'), { clientX: 5 });
    expect(within(chart('Ошибки')).getByRole('tooltip').textContent).toMatch(/^\d\d\.\d\d, \d\d:\d\d–\d\d:\d\d/);

    // By type, with the Russian names of the types.
    const table = within(screen.getByRole('figure', { name: 'По типам задач' }));
    const cells = (name: string) => [...table.getByText(name).closest('tr')!.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells('Банковские операции').slice(1, 7)).toEqual(['0', '0', '2', '0', '0', '0']);
    expect(cells('Контрагенты').slice(1, 7)).toEqual(['0', '0', '1', '1', '0', '0']);
  });

  it('switches the period, asking the server for its step', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      signIn(server, server.admin);
      page();
      await screen.findByRole('figure', { name: 'Выполнено задач' });
      const steps = () =>
        fetchSpy.mock.calls
          .map(([url]) => String(url))
          .filter((u) => u.includes('/api/v1/metrics/summary'))
          .map((u) => new URL(u).searchParams.get('step'));
      expect(steps().at(-1)).toBe('60');
      fireEvent.click(screen.getByText('24 часа'));
      await waitFor(() => expect(steps().at(-1)).toBe('900'));
      expect(await screen.findByText(/^За последние 24 часа: завершено 3, с ошибкой 1/)).toBeTruthy();
      fireEvent.click(screen.getByText('30 дней'));
      await waitFor(() => expect(steps().at(-1)).toBe('21600'));
      expect(await screen.findByText(/^За последние 30 дней: завершено 3, с ошибкой 1/)).toBeTruthy();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('tells a manager the page is for admins', async () => {
    signIn(server, server.manager);
    page();
    expect(await screen.findByText('Мониторинг доступен только администраторам.')).toBeTruthy();
  });
});

describe('monitoring helpers', () => {
  it('ends the range with the current step and keeps the points few', () => {
    const now = Date.parse('2026-12-06T09:07:30Z');
    expect(rangeOf('hour', now)).toEqual({ from: new Date('2026-12-06T08:08:00Z'), to: new Date('2026-12-06T09:08:00Z'), step: 60 });
    expect(rangeOf('day', now).to.toISOString()).toBe('2026-12-06T09:15:00.000Z');
    for (const key of ['hour', 'day', 'month'] as const) {
      const { from, to, step } = rangeOf(key, now);
      expect((to.getTime() - from.getTime()) / 1000 / step).toBeLessThanOrEqual(144);
    }
  });

  it('writes durations in Russian units', () => {
    expect(formatMs(850)).toBe('850 мс');
    expect(formatMs(1234)).toBe('1,2 с');
    expect(formatMs(270_000)).toBe('4,5 мин');
    expect(formatMs(2 * 3_600_000)).toBe('2 ч');
  });
});
