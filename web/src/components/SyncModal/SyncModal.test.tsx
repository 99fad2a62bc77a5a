// @vitest-environment jsdom
/**
 * SyncModal against a real server with the 1C sync and its simulator: tabs and defaults, both starts
 * through to the result, attaching to a running sync on 409, and the roles that may not sync.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setSession } from '@/api/client';
import type { SyncTestServer } from '../../../../test/support/syncServer.js';
import { waitForFinal } from '../../../../test/support/wait.js';
import { countRequests, signIn, startLiveSyncServer, stopServer } from '../../../test/liveServer';
import SyncModal from './SyncModal';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startLiveSyncServer();
});
afterAll(async () => {
  await stopServer(server);
});
afterEach(() => {
  vi.restoreAllMocks();
  server.sim.clearFaults();
  signIn(server, server.manager);
});

/** The JSON body of the last POST to `part`. */
function lastBody(calls: unknown[][], part: string): unknown {
  const call = calls.filter(([url, init]) => String(url).includes(part) && (init as RequestInit)?.method === 'POST').at(-1);
  return call ? JSON.parse(String((call[1] as RequestInit).body)) : undefined;
}

describe('SyncModal', () => {
  it('has the two tabs, the current month and automatic classification by default', async () => {
    render(<SyncModal visible onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Синхронизация с 1С')).toBeTruthy();
    const tabs = within(dialog).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Транзакции', 'Контрагенты']);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');

    const [from, to] = within(dialog).getAllByRole('textbox') as HTMLInputElement[];
    expect(from!.value).toBe(dayjs().startOf('month').format('DD.MM.YYYY'));
    expect(to!.value).toBe(dayjs().endOf('month').format('DD.MM.YYYY'));
    const classify = within(dialog).getByRole('switch', { name: 'Автоматическая классификация' });
    expect(classify.getAttribute('aria-checked')).toBe('true');
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
    expect(await within(dialog).findByRole('tab', { name: 'Транзакции' })).toBeTruthy();
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
      user: { id: server.user.user.id, username: 'user', role: 'manager' },
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
