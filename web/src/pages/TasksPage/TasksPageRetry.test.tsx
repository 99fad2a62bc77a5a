// @vitest-environment jsdom
/**
 * Retries on the tasks page, against a real server: «Повторить» in a failed task's row, when a waiting task
 * starts, and the admin's «Повторить все неудачные» with its confirmation.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../../test/support/testServer.js';
import { waitForFinal, waitForTask } from '../../../../test/support/wait.js';
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

/** A task whose first run failed (no attempts left: it is failed). */
async function failedTask(error = 'Сервер 1С не отвечает'): Promise<string> {
  const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
  await job.started(task.task_id);
  job.fail(task.task_id, error);
  expect((await waitForFinal(server.engine, task.task_id)).status).toBe('failed');
  return task.task_id;
}

/** The table row of a task (found by the end of its id, shown under its name). */
async function rowOf(id: string): Promise<HTMLElement> {
  const cell = await screen.findByText(id.slice(-12), {}, { timeout: 30_000 });
  return cell.closest('tr') as HTMLElement;
}

describe('TasksPage: retries', () => {
  it('retries a failed task from its row; the row follows it live', async () => {
    const id = await failedTask();
    signIn(server, server.admin);
    page();
    await screen.findByText('● Обновляется в реальном времени');
    const row = await rowOf(id);
    await within(row).findByText('Ошибка');
    expect(within(row).queryByRole('button', { name: /Отменить задачу/ })).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: 'Повторить задачу: Синхронизация банковских операций' }));
    await screen.findByText('Задача снова в очереди');
    await waitForTask(server.engine, id, (t) => t.status === 'running' && t.attempt === 2);
    await within(row).findByText('Выполняется');
    // No dialog opened: the click stayed on the button.
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(row).getByRole('button', { name: /Отменить задачу/ })).toBeTruthy();
    job.complete(id);
    await within(row).findByText('Завершена');
    expect(within(row).queryByRole('button', { name: /Повторить задачу/ })).toBeNull();
  });

  it('a task waiting for its next attempt says when, and which attempt of how many', async () => {
    const task = await server.engine.enqueue(job.type, {
      user_id: server.admin.user.id,
      max_attempts: 5,
      backoff: { base_ms: 120_000, factor: 1, max_ms: 120_000, jitter: 'none' },
    });
    await job.started(task.task_id);
    job.fail(task.task_id, 'Таймаут ответа 1С');
    await waitForTask(server.engine, task.task_id, (t) => t.status === 'pending' && t.attempt === 1);
    signIn(server, server.admin);
    page();
    const row = await rowOf(task.task_id);
    await within(row).findByText('Ожидает');
    expect(within(row).getByTestId('retry-countdown').textContent).toBe('Повтор через 2 мин — попытка 2 из 5');
    // Still cancellable while it waits, not retryable.
    expect(within(row).getByRole('button', { name: /Отменить задачу/ })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /Повторить задачу/ })).toBeNull();
    await server.engine.cancelTask(task.task_id);
    await within(row).findByText('Отменена');
    expect(within(row).queryByTestId('retry-countdown')).toBeNull();
  });

  it('offers «Повторить все неудачные» to admins only, after a confirmation, and says how many went back', async () => {
    const ids = [await failedTask('Первая ошибка'), await failedTask('Вторая ошибка')];
    const failed = (await server.engine.listTasks({ status: 'failed', limit: 100, offset: 0 })).total;
    expect(failed).toBeGreaterThanOrEqual(2);

    signIn(server, server.user);
    const { unmount } = page();
    await screen.findByText('● Обновляется в реальном времени');
    expect(screen.queryByRole('button', { name: /Повторить все неудачные/ })).toBeNull();
    unmount();

    signIn(server, server.admin);
    page();
    fireEvent.click(await screen.findByRole('button', { name: /Повторить все неудачные/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Повторить все неудачные задачи?')).toBeTruthy();
    // Nothing happens before the confirmation.
    expect((await server.engine.getTask(ids[0]!))!.status).toBe('failed');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Повторить все' }));
    expect(await screen.findByText(new RegExp(`^В очередь возвращено ${failed} задач`))).toBeTruthy();
    for (const id of ids) {
      await waitForTask(server.engine, id, (t) => t.status === 'running' && t.attempt === 2);
      job.complete(id);
      expect((await waitForFinal(server.engine, id)).status).toBe('completed');
    }
  });
});
