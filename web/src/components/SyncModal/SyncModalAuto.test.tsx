// @vitest-environment jsdom
/**
 * SyncModal's «Синхронизировать автоматически» against a real server with the 1C sync and schedules: instead of a
 * single start, the dialog creates a schedule from its choices (the sync's type, how often, the bank sync's period
 * relative to each run and its classification) and says so with a link to the «Расписание» page; no task starts.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listSchedules, removeSchedule } from '@/api/schedules';
import { currentMonth } from '@/app/periods';
import type { SyncTestServer } from '../../../../test/support/syncServer.js';
import { signIn, stopServer } from '../../../test/liveServer';
import { startLiveSyncScheduleServer } from '../../../test/scheduleServer';
import { relativeOf } from './SyncAuto';
import SyncModal from './SyncModal';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startLiveSyncScheduleServer();
});
afterAll(async () => {
  await stopServer(server);
});
afterEach(async () => {
  vi.restoreAllMocks();
  signIn(server, server.manager);
  for (const s of await listSchedules()) await removeSchedule(s.id);
  window.history.replaceState(null, '', '/');
});

/** Picks `label` in the antd select labelled `label` inside `scope` (its options are in document.body). */
async function choose(scope: HTMLElement, selectLabel: string, option: string): Promise<void> {
  const select = within(scope).getByLabelText(selectLabel).closest('.ant-select') as HTMLElement;
  fireEvent.mouseDown(select.querySelector('.ant-select-selector')!);
  const item = await waitFor(() => {
    const found = [
      ...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option'),
    ].find((el) => el.textContent === option);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  fireEvent.click(item);
  await waitFor(() => expect(select.querySelector('.ant-select-selection-item')?.textContent).toBe(option));
}

async function tasksCount(): Promise<number> {
  return (await server.engine.listTasks({ limit: 100, offset: 0 })).total;
}

describe('SyncModal: «Синхронизировать автоматически»', () => {
  it('creates an hourly bank sync schedule for the current month instead of starting a sync', async () => {
    const before = await tasksCount();
    const onClose = vi.fn();
    render(<SyncModal visible onClose={onClose} />);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('button', { name: /Запустить синхронизацию/ })).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Синхронизировать автоматически' }));
    // The single run's period, priority and start time give way to how often and the period of each run.
    await within(dialog).findByRole('button', { name: /Создать расписание/ });
    expect(within(dialog).queryByLabelText('Период')).toBeNull();
    expect(within(dialog).queryByText('Когда запустить')).toBeNull();
    expect(within(dialog).getByText('Каждый час', { selector: '.ant-select-selection-item' })).toBeTruthy();
    expect(within(dialog).getByText('Текущий месяц', { selector: '.ant-select-selection-item' })).toBeTruthy();
    expect(within(dialog).getByText(/часовой пояс: Москва/)).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('button', { name: /Создать расписание/ }));
    const done = await within(dialog).findByTestId('sync-auto-created');
    expect(within(done).getByText('Расписание «Банковские операции — каждый час» создано')).toBeTruthy();
    expect(within(done).getByText(/^Следующий запуск: \d{2}\.\d{2}\.\d{4}, \d{2}:00/)).toBeTruthy();

    const schedules = await listSchedules();
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({
      name: 'Банковские операции — каждый час',
      task_type: 'sync_bank_transactions',
      payload: { period: 'current_month', auto_classify: true },
      cron: '0 * * * *',
      timezone: 'Europe/Moscow',
      enabled: true,
      description: 'каждый час в 00 минут',
    });
    // Nothing started now.
    expect(await tasksCount()).toBe(before);

    const link = within(done).getByRole('link', { name: 'Открыть расписание' });
    expect(link.getAttribute('href')).toBe('/schedules');
    fireEvent.click(link);
    expect(window.location.pathname).toBe('/schedules');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('the counterparties every weekday morning; the bank sync for the last N days without classification', async () => {
    render(<SyncModal visible onClose={() => {}} defaultTab="contractors" />);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Синхронизировать автоматически' }));
    await within(dialog).findByText('Каждый день в 02:30', { selector: '.ant-select-selection-item' });
    await choose(dialog, 'Как часто', 'По будням в 06:00');
    fireEvent.click(within(dialog).getByRole('button', { name: /Создать расписание/ }));
    await within(dialog).findByText('Расписание «Контрагенты — по будням в 06:00» создано');

    fireEvent.click(within(dialog).getByRole('tab', { name: 'Банковские операции' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('tab', { name: 'Банковские операции' }).getAttribute('aria-selected')).toBe('true'),
    );
    const pane = within(dialog).getByRole('tabpanel');
    fireEvent.click(within(pane).getByRole('switch', { name: 'Автоматическая классификация' }));
    await choose(pane, 'Период каждого запуска', 'Последние N дней');
    fireEvent.change(within(pane).getByLabelText('Сколько дней'), { target: { value: '14' } });
    await choose(pane, 'Как часто', 'Каждые 15 минут');
    fireEvent.click(within(pane).getByRole('button', { name: /Создать расписание/ }));
    await within(dialog).findByText('Расписание «Банковские операции — каждые 15 минут» создано');

    const byType = Object.fromEntries((await listSchedules()).map((s) => [s.task_type, s]));
    expect(byType.sync_contractors).toMatchObject({ cron: '0 6 * * 1-5', description: 'по будням в 06:00', timezone: 'Europe/Moscow' });
    expect(byType.sync_bank_transactions).toMatchObject({
      cron: '*/15 * * * *',
      payload: { period: 'last_days', days: 14, auto_classify: false },
    });

    // Unticked, the dialog starts a single sync again, as before.
    fireEvent.click(within(pane).getByRole('checkbox', { name: 'Синхронизировать автоматически' }));
    await within(pane).findByRole('button', { name: /Запустить синхронизацию/ });
    expect(within(pane).getAllByLabelText('Период')).toHaveLength(2);
  });

  it('takes the period of each run from the dialog’s range', () => {
    const now = dayjs('2026-12-06T10:00:00');
    expect(relativeOf(currentMonth(now), now).period).toBe('current_month');
    const last = now.subtract(1, 'month');
    expect(relativeOf([last.startOf('month'), last.endOf('month')], now).period).toBe('previous_month');
    expect(relativeOf([now.subtract(6, 'day'), now], now)).toEqual({ period: 'last_days', days: 7 });
  });
});
