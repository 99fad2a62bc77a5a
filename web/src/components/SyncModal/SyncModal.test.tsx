// @vitest-environment jsdom
/**
 * SyncModal against a real server with the 1C sync and its simulator: tabs and defaults, both starts
 * through to the result, a priority and a later start (what the request carries, the task the server made,
 * how the dialog shows a scheduled sync until it runs), attaching to a running or scheduled sync on 409, and
 * the roles that may not sync.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setSession } from '@/api/client';
import type { SyncTestServer } from '../../../../test/support/syncServer.js';
import { waitForFinal, waitForTask } from '../../../../test/support/wait.js';
import { countRequests, signIn, startLiveSyncServer, stopServer } from '../../../test/liveServer';
import SyncModal from './SyncModal';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startLiveSyncServer();
});
afterAll(async () => {
  await stopServer(server);
});
afterEach(async () => {
  vi.restoreAllMocks();
  server.sim.clearFaults();
  signIn(server, server.manager);
  // No sync a test left waiting or running stands in the next one's way (a start would answer 409).
  const { tasks } = await server.engine.listTasks({ limit: 100, offset: 0 });
  for (const t of tasks.filter((t) => t.status === 'pending' || t.status === 'running')) {
    await server.engine.cancelTask(t.task_id);
    await waitForFinal(server.engine, t.task_id);
  }
});

/** The JSON body of the last POST to `part`. */
function lastBody(calls: unknown[][], part: string): unknown {
  const call = calls.filter(([url, init]) => String(url).includes(part) && (init as RequestInit)?.method === 'POST').at(-1);
  return call ? JSON.parse(String((call[1] as RequestInit).body)) : undefined;
}

/** Opens the start-time picker of `dialog` and clicks its quick choice `label` (the popup is in document.body). */
async function pickPreset(dialog: HTMLElement, label: string): Promise<void> {
  const input = runAtInput(dialog);
  fireEvent.mouseDown(input);
  fireEvent.click(input);
  const popup = await waitFor(() => {
    const open = document.querySelector<HTMLElement>('.run-at-popup:not(.ant-picker-dropdown-hidden)');
    if (!open) throw new Error('the picker did not open');
    return open;
  });
  fireEvent.click(within(popup).getByText(label));
}

/** The label of the checked radio in the fieldset whose legend is `legend`. */
function checkedIn(dialog: HTMLElement, legend: string): string | undefined {
  const group = within(dialog).getByText(legend, { selector: 'legend' }).closest('fieldset')!;
  return group.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.closest('label')?.textContent ?? undefined;
}

/** The start-time picker's input (by its label: role queries are slow in a dialog this size under jsdom). */
const runAtInput = (dialog: HTMLElement) => within(dialog).getByLabelText<HTMLInputElement>('Дата и время запуска');

describe('SyncModal', () => {
  it('has the two tabs, the current month and automatic classification by default', async () => {
    render(<SyncModal visible onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Синхронизация с 1С')).toBeTruthy();
    const tabs = within(dialog).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Банковские операции', 'Контрагенты']);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');

    const [from, to] = within(dialog).getAllByRole('textbox') as HTMLInputElement[];
    expect(from!.value).toBe(dayjs().startOf('month').format('DD.MM.YYYY'));
    expect(to!.value).toBe(dayjs().endOf('month').format('DD.MM.YYYY'));
    const classify = within(dialog).getByRole('switch', { name: 'Автоматическая классификация' });
    expect(classify.getAttribute('aria-checked')).toBe('true');
    expect(checkedIn(dialog, 'Приоритет')).toBe('Обычный');
    expect(checkedIn(dialog, 'Когда запустить')).toBe('Сейчас');
    expect(within(dialog).queryByLabelText('Дата и время запуска')).toBeNull();
    expect(
      within(dialog)
        .getByRole('button', { name: /Запустить синхронизацию/ })
        .hasAttribute('disabled'),
    ).toBe(false);

    fireEvent.click(tabs[1]!);
    await waitFor(() => expect(within(dialog).getByRole('tab', { name: 'Контрагенты' }).getAttribute('aria-selected')).toBe('true'));
    expect(within(dialog).getByText(/справочник контрагентов/)).toBeTruthy();
  });

  it('starts a transactions sync for the chosen settings and shows its progress to the result', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const onSyncComplete = vi.fn();
    render(<SyncModal visible onClose={() => {}} onSyncComplete={onSyncComplete} />);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('switch', { name: 'Автоматическая классификация' }));
    fireEvent.click(within(dialog).getByRole('button', { name: /Запустить синхронизацию/ }));

    await within(dialog).findByRole('progressbar', { name: 'Ход выполнения' });
    expect(lastBody(fetchSpy.mock.calls, '/bank-transactions/sync-async')).toEqual({
      date_from: dayjs().startOf('month').format('YYYY-MM-DD'),
      date_to: dayjs().endOf('month').format('YYYY-MM-DD'),
      auto_classify: false,
    });
    await within(dialog).findByText('Завершена', {}, { timeout: 15_000 });
    const result = within(dialog).getByRole('region', { name: 'Результат' });
    expect(within(result).getByText('Загружено')).toBeTruthy();
    expect(within(result).getByText('Время')).toBeTruthy();
    await waitFor(() => expect(onSyncComplete).toHaveBeenCalledTimes(1));
    expect(onSyncComplete.mock.calls[0]?.[0]).toMatchObject({ task_type: 'sync_bank_transactions', status: 'completed' });
    // Back to the form for another sync.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Новая синхронизация' }));
    expect(await within(dialog).findByRole('tab', { name: 'Банковские операции' })).toBeTruthy();
  });

  it('starts a counterparties sync from its tab', async () => {
    const onSyncComplete = vi.fn();
    render(<SyncModal visible onClose={() => {}} onSyncComplete={onSyncComplete} defaultTab="contractors" />);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /Запустить синхронизацию/ }));
    expect(await within(dialog).findByText('Синхронизация контрагентов')).toBeTruthy();
    await within(dialog).findByText('Завершена', {}, { timeout: 15_000 });
    await waitFor(() => expect(onSyncComplete).toHaveBeenCalledTimes(1));
    expect(onSyncComplete.mock.calls[0]?.[0]).toMatchObject({ task_type: 'sync_contractors' });
  });

  it('schedules a high-priority counterparties sync for later: the request, the task, and the dialog while it waits', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const onSyncComplete = vi.fn();
    render(<SyncModal visible onClose={() => {}} onSyncComplete={onSyncComplete} defaultTab="contractors" />);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('Высокий'));
    fireEvent.click(within(dialog).getByLabelText('Позже'));
    expect(within(dialog).queryByRole('button', { name: /Запустить синхронизацию/ })).toBeNull();
    const before = Date.now();
    await pickPreset(dialog, 'Через час');
    // An hour after the click: the minute seen before or after it (a loaded machine may cross a minute between).
    await waitFor(() =>
      expect([before, Date.now()].map((t) => dayjs(t).add(1, 'hour').format('DD.MM.YYYY HH:mm'))).toContain(runAtInput(dialog).value),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: /Запланировать синхронизацию/ }));

    const notice = await within(dialog).findByText(/^Синхронизация запланирована на /);
    const body = lastBody(fetchSpy.mock.calls, '/contractors/sync-async') as { priority: number; run_at: string };
    expect(Object.keys(body).sort()).toEqual(['priority', 'run_at']);
    expect(body.priority).toBe(5);
    // An hour from the click, in whole minutes, as the ISO time toISOString gives.
    expect(body.run_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    const runAt = Date.parse(body.run_at);
    expect(runAt).toBeGreaterThan(before + 3_600_000 - 60_000);
    expect(runAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(notice.textContent).toBe(`Синхронизация запланирована на ${dayjs(runAt).format('DD.MM.YYYY, HH:mm')}`);
    expect(within(dialog).getByText(/запустится сама, даже если закрыть это окно/)).toBeTruthy();

    // The server made a pending task of that priority and time, and the dialog follows it: not stuck, but waiting.
    const taskId = (await server.engine.listTasks({ limit: 100, offset: 0 })).tasks.find(
      (t) => t.task_type === 'sync_contractors' && t.status === 'pending',
    )?.task_id;
    expect(taskId).toBeTruthy();
    const task = await server.engine.getTask(taskId!);
    expect(task).toMatchObject({ status: 'pending', priority: 5, attempt: 0 });
    expect(Date.parse(task!.run_at)).toBe(runAt);
    expect(within(dialog).getByText('Синхронизация контрагентов')).toBeTruthy();
    expect(within(dialog).getByText(/· высокий приоритет/)).toBeTruthy();
    await within(dialog).findByText(/^Запуск через (59 мин|1 ч)$/);
    expect(within(dialog).getByText('Ожидает')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Отменить задачу' })).toBeTruthy();
    // Still waiting a moment later: nothing claimed it before its time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await server.engine.getTask(taskId!))?.status).toBe('pending');

    await server.engine.cancelTask(taskId!);
    await within(dialog).findByText('Отменена', {}, { timeout: 15_000 });
    expect(within(dialog).queryByText(/^Синхронизация запланирована на /)).toBeNull();
    expect(onSyncComplete).not.toHaveBeenCalled();
    // The next sync is an ordinary one again.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Новая синхронизация' }));
    await within(dialog).findByRole('button', { name: /Запустить синхронизацию/ });
    expect(checkedIn(dialog, 'Приоритет')).toBe('Обычный');
    expect(checkedIn(dialog, 'Когда запустить')).toBe('Сейчас');
  });

  it('sends only a priority that is not the default, and asks for a start time before scheduling', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    render(<SyncModal visible onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('Позже'));
    fireEvent.click(within(dialog).getByRole('button', { name: /Запланировать синхронизацию/ }));
    const alert = await within(dialog).findByText('Выберите дату и время запуска');
    const picker = runAtInput(dialog);
    expect(picker.getAttribute('aria-describedby')).toBe(alert.id);
    expect(countRequests(fetchSpy.mock.calls, '/sync-async', 'POST')).toBe(0);

    // Past days and days more than a year ahead cannot be chosen.
    fireEvent.mouseDown(picker);
    fireEvent.click(picker);
    const popup = await waitFor(() => document.querySelector<HTMLElement>('.run-at-popup:not(.ant-picker-dropdown-hidden)')!);
    const today = dayjs();
    if (today.date() > 1) {
      const yesterday = popup.querySelector(`td[title="${today.subtract(1, 'day').format('YYYY-MM-DD')}"]`);
      expect(yesterday?.classList.contains('ant-picker-cell-disabled')).toBe(true);
    }
    expect(popup.querySelector(`td[title="${today.format('YYYY-MM-DD')}"]`)?.classList.contains('ant-picker-cell-disabled')).toBe(false);

    // Back to now, low priority: the request carries the priority and no run_at.
    fireEvent.click(within(dialog).getByLabelText('Сейчас'));
    expect(within(dialog).queryByText('Выберите дату и время запуска')).toBeNull();
    fireEvent.click(within(dialog).getByLabelText('Низкий'));
    fireEvent.click(within(dialog).getByRole('button', { name: /Запустить синхронизацию/ }));
    await within(dialog).findByRole('progressbar', { name: 'Ход выполнения' });
    expect(lastBody(fetchSpy.mock.calls, '/bank-transactions/sync-async')).toEqual({
      date_from: dayjs().startOf('month').format('YYYY-MM-DD'),
      date_to: dayjs().endOf('month').format('YYYY-MM-DD'),
      auto_classify: true,
      priority: -5,
    });
    expect(within(dialog).queryByText(/^Синхронизация запланирована на /)).toBeNull();
    await within(dialog).findByText('Завершена', {}, { timeout: 15_000 });
    expect(within(dialog).getByText(/· низкий приоритет/)).toBeTruthy();
  });

  it('attaches to a sync scheduled elsewhere and shows it waiting, then running to the result', async () => {
    // Far enough ahead that a loaded machine still shows the dialog before it starts (4 s was met under load).
    const runAt = new Date(Date.now() + 12_000).toISOString();
    const answer = await fetch(`${server.url}/api/v1/sync-1c/contractors/sync-async`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ run_at: runAt }),
    });
    expect(answer.status).toBe(202);
    const scheduled = (await answer.json()) as { task_id: string };
    const onSyncComplete = vi.fn();
    render(<SyncModal visible onClose={() => {}} onSyncComplete={onSyncComplete} defaultTab="contractors" />);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /Запустить синхронизацию/ }));

    expect(await within(dialog).findByText('Такая синхронизация уже запланирована — показан её ход.')).toBeTruthy();
    expect(await within(dialog).findByText(/^Синхронизация запланирована на /)).toBeTruthy();
    expect(await within(dialog).findByText(/^Запуск через \d с$/)).toBeTruthy();
    // Its time comes: it runs, and the dialog says so.
    await waitForTask(server.engine, scheduled.task_id, (t) => t.status !== 'pending', 30_000);
    await within(dialog).findByText('Завершена', {}, { timeout: 30_000 });
    expect(within(dialog).queryByText(/^Синхронизация запланирована на /)).toBeNull();
    expect(within(dialog).queryByText(/^Запуск через/)).toBeNull();
    expect(within(dialog).getByText('Такая синхронизация уже выполняется — показан её ход.')).toBeTruthy();
    await waitFor(() => expect(onSyncComplete).toHaveBeenCalledTimes(1));
    const task = await server.engine.getTask(scheduled.task_id);
    expect(Date.parse(task!.started_at!)).toBeGreaterThanOrEqual(Date.parse(runAt));
  });

  it('attaches to the sync already running when the start answers 409', async () => {
    server.sim.setFaults({ latencyMs: 300 });
    const answer = await fetch(`${server.url}/api/v1/sync-1c/bank-transactions/sync-async`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ date_from: `${new Date().getFullYear()}-01-01`, date_to: `${new Date().getFullYear()}-12-31` }),
    });
    const running = (await answer.json()) as { task_id: string };
    expect(answer.status).toBe(202);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    render(<SyncModal visible onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /Запустить синхронизацию/ }));

    expect(await within(dialog).findByText('Такая синхронизация уже выполняется — показан её ход.')).toBeTruthy();
    await within(dialog).findByRole('progressbar', { name: 'Ход выполнения' });
    expect(countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${running.task_id}`)).toBeGreaterThanOrEqual(1);
    await server.engine.cancelTask(running.task_id);
    await within(dialog).findByText('Отменена', {}, { timeout: 15_000 });
    await waitForFinal(server.engine, running.task_id);
  });

  it('tells a user without the right to sync why the button is unavailable', async () => {
    signIn(server, server.user);
    render(<SyncModal visible onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog');
    const button = within(dialog).getByRole('button', { name: /Запустить синхронизацию/ });
    expect(button.hasAttribute('disabled')).toBe(true);
    const reason = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(reason?.textContent).toContain('Запускать синхронизацию могут только администраторы и менеджеры');
  });

  it('shows the reason when the server refuses the start with 403', async () => {
    // The session claims a manager, but the token is a plain user's: the server has the last word.
    signIn(server, server.user);
    setSession({
      token: server.user.token,
      user: { id: server.user.user.id, username: 'user', role: 'manager', email: null },
      expiresAt: Date.now() + 60_000,
    });
    render(<SyncModal visible onClose={() => {}} defaultTab="contractors" />);
    const dialog = await screen.findByRole('dialog');
    const button = within(dialog).getByRole('button', { name: /Запустить синхронизацию/ });
    fireEvent.click(button);
    expect(await within(dialog).findByText('Запускать синхронизацию могут только администраторы и менеджеры.')).toBeTruthy();
    await waitFor(() =>
      expect(
        within(dialog)
          .getByRole('button', { name: /Запустить синхронизацию/ })
          .hasAttribute('disabled'),
      ).toBe(true),
    );
    const tasks = await server.engine.listTasks({ limit: 100, offset: 0 });
    expect(tasks.tasks.filter((t) => t.status === 'pending' || t.status === 'running')).toHaveLength(0);
  });
});
