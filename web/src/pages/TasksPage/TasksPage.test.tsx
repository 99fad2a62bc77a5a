// @vitest-environment jsdom
/** The tasks page against a real server: the list, live updates over the all-tasks socket, cancel, roles. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../../test/support/testServer.js';
import { TASK_LIST_COUNT_CAP } from '../../../../src/wire/index.js';
import { waitForFinal } from '../../../../test/support/wait.js';
import { scriptedTaskType, signIn, startLiveServer, stopServer } from '../../../test/liveServer';
import TasksPage from './TasksPage';

// The page names the sync types; a scripted type with the bank sync's name stands in for it.
const job = scriptedTaskType('sync_bank_transactions');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveServer(job);
});
afterAll(async () => {
  await stopServer(server);
});

const page = () =>
  render(
    <App>
      <TasksPage />
    </App>,
  );

describe('TasksPage', () => {
  it('shows new tasks and their progress live, and cancels one after confirmation', async () => {
    signIn(server, server.admin);
    page();
    await screen.findByText('● Обновляется в реальном времени');
    const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
    await job.started(task.task_id);
    const row = await screen.findByRole('row', { name: /Открыть страницу задачи/ }, { timeout: 30_000 });
    await within(row).findByText('Выполняется');
    job.progress(task.task_id, 30, 'Загружено 30', 60);
    await waitFor(() => expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50'));

    fireEvent.click(within(row).getByRole('button', { name: /Отменить задачу/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Да, отменить' }));
    await job.cancelSeen(task.task_id);
    job.letStop(task.task_id);
    await within(row).findByText('Отменена');
    await waitForFinal(server.engine, task.task_id);
  });

  it("opens a task's page on click", async () => {
    signIn(server, server.admin);
    page();
    const row = await screen.findByRole('row', { name: /Открыть страницу задачи/ }, { timeout: 30_000 });
    const id = within(row).getByRole('link').getAttribute('href');
    expect(id).toMatch(/^\/tasks\/[0-9a-f-]{36}$/);
    fireEvent.click(row);
    await waitFor(() => expect(window.location.pathname).toBe(id));
  });

  it('opens the progress dialog of a linked task (/tasks?task=<id>)', async () => {
    const task = (await server.engine.listTasks({ limit: 1, offset: 0 })).tasks[0]!;
    window.history.replaceState(null, '', `/tasks?task=${task.task_id}`);
    signIn(server, server.admin);
    page();
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('Синхронизация банковских операций')).toBeTruthy();
    expect(await within(dialog).findByText('Отменена')).toBeTruthy();
    window.history.replaceState(null, '', '/tasks');
  });

  it('offers the clean-up to admins only', async () => {
    signIn(server, server.admin);
    const { unmount } = page();
    expect(await screen.findByRole('button', { name: /Очистить старые/ })).toBeTruthy();
    unmount();
    signIn(server, server.user);
    page();
    await screen.findByText('● Обновляется в реальном времени');
    expect(screen.queryByRole('button', { name: /Очистить старые/ })).toBeNull();
  });

  it('says "1 000+" when the server stopped counting, and pages on over what it counted', async () => {
    // Tasks of a type no runner claims stay pending; the user sees their own only.
    for (let i = 0; i < TASK_LIST_COUNT_CAP + 5; i++)
      await server.engine.createTask({ task_type: 'bulk_report', user_id: server.user.user.id });
    signIn(server, server.user);
    page();
    // Live inserts may still add to it (the socket's catch-up): at least 1 000, with the "+".
    expect(await screen.findByText(/^Всего 1\s\d{3}\+$/, undefined, { timeout: 30_000 })).toBeTruthy();
    // 1,000 counted at 20 a page: the pager offers page 50 or beyond.
    const pages = screen.getAllByRole('listitem').map((li) => Number(li.getAttribute('title')));
    expect(Math.max(...pages.filter(Number.isFinite))).toBeGreaterThanOrEqual(TASK_LIST_COUNT_CAP / 20);
  });
});
