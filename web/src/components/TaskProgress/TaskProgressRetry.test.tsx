// @vitest-environment jsdom
/**
 * TaskProgress and retries, against the real API and WebSocket of a test server: «Повторить» on a failed or
 * cancelled task (the task is then followed again), a task waiting for its next attempt, and the attempt history.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../../../test/support/testServer.js';
import { waitForFinal, waitForTask } from '../../../../test/support/wait.js';
import { countRequests, scriptedTaskType, startLiveServer, stopServer } from '../../../test/liveServer';
import TaskProgress from './TaskProgress';

const job = scriptedTaskType('scripted_retry_job');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveServer(job);
});
afterAll(async () => {
  await stopServer(server);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A task of the scripted type whose first run failed with `error` (no attempts left: it is failed). */
async function failedTask(error: string): Promise<string> {
  const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
  await job.started(task.task_id);
  job.fail(task.task_id, error);
  expect((await waitForFinal(server.engine, task.task_id)).status).toBe('failed');
  return task.task_id;
}

/** Waits until the task's `attempt`-th run is running. */
const runningAgain = (id: string, attempt: number) =>
  waitForTask(server.engine, id, (t) => t.status === 'running' && t.attempt === attempt);

const panel = (container: HTMLElement) => container.querySelector('.task-progress') as HTMLElement;
/** Resolves once the status shown at the top is `text` (the history below may name statuses too). */
const statusShown = (text: string) =>
  waitFor(() => expect(document.querySelector('.task-progress__status .status-tag')?.textContent).toBe(text));
const history = () => screen.getByRole('region', { name: 'Попытки' });
/** The history's rows as [attempt, outcome] (the error lines under them left out). */
const historyRows = () =>
  within(history())
    .getAllByRole('row')
    .filter((row) => row.hasAttribute('data-outcome'))
    .map((row) => {
      const cells = within(row).getAllByRole('cell');
      return [cells[0]!.textContent, cells[3]!.textContent];
    });

describe('TaskProgress: retries', () => {
  it('retries a failed task with «Повторить», follows it again to the end and lists both attempts', async () => {
    const id = await failedTask('Сервер 1С не отвечает');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { container } = render(<TaskProgress taskId={id} inline />);
    await statusShown('Ошибка');
    // One run: its status and error say everything, no history table.
    expect(screen.queryByRole('region', { name: 'Попытки' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Повторить задачу' }));
    await runningAgain(id, 2);
    expect(countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${id}/retry`, 'POST')).toBe(1);
    // Followed again over the socket: the second run's progress arrives live.
    job.progress(id, 20, 'Вторая попытка', 40);
    await screen.findByText('Вторая попытка');
    await waitFor(() => expect(panel(container).dataset.transport).toBe('socket'));
    await statusShown('Выполняется');
    expect(screen.getByText('Попытка 2 из 2')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Повторить задачу' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Отменить задачу' })).toBeTruthy();
    await waitFor(() =>
      expect(historyRows()).toEqual([
        ['1', 'Ошибка'],
        ['2', 'Выполняется'],
      ]),
    );
    expect(within(history()).getByText('Сервер 1С не отвечает')).toBeTruthy();

    job.complete(id, { loaded: 40 });
    await statusShown('Завершена');
    await waitFor(() =>
      expect(historyRows()).toEqual([
        ['1', 'Ошибка'],
        ['2', 'Завершена'],
      ]),
    );
    expect(panel(container).dataset.transport).toBe('idle');
  });

  it('a task waiting for its next attempt: when and which, the last error and the history; a cancel ends the wait', async () => {
    const task = await server.engine.enqueue(job.type, {
      user_id: server.admin.user.id,
      max_attempts: 5,
      backoff: { base_ms: 120_000, factor: 1, max_ms: 120_000, jitter: 'none' },
    });
    await job.started(task.task_id);
    job.fail(task.task_id, 'Таймаут ответа 1С');
    const waiting = await waitForTask(server.engine, task.task_id, (t) => t.status === 'pending' && t.attempt === 1);
    expect(Date.parse(waiting.run_at)).toBeGreaterThan(Date.now() + 100_000);

    render(<TaskProgress taskId={task.task_id} inline />);
    expect((await screen.findByTestId('retry-countdown')).textContent).toBe('Повтор через 2 мин — попытка 2 из 5');
    await statusShown('Ожидает');
    expect(screen.getByText('Попытка 1 завершилась с ошибкой')).toBeTruthy();
    expect(screen.getAllByText('Таймаут ответа 1С').length).toBeGreaterThanOrEqual(1);
    await waitFor(() => expect(historyRows()).toEqual([['1', 'Ошибка']]));
    expect(screen.queryByRole('button', { name: 'Повторить задачу' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Отменить задачу' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Да, отменить' }));
    await statusShown('Отменена');
    expect(screen.queryByTestId('retry-countdown')).toBeNull();
    expect((await server.engine.getTask(task.task_id))!).toMatchObject({ status: 'cancelled', attempt: 1 });
    // Cancelled during the wait: it did not run again, and it can be retried by hand.
    expect(await screen.findByRole('button', { name: 'Повторить задачу' })).toBeTruthy();
  });

  it('a retry someone else made first: the 409 brings the current state, and the task is followed again', async () => {
    const id = await failedTask('Ошибка сети');
    render(<TaskProgress taskId={id} inline />);
    await statusShown('Ошибка');
    // Retried elsewhere: this panel stopped following the task when it failed, so it still shows the failure.
    await server.engine.retryTask(id);
    await runningAgain(id, 2);
    fireEvent.click(screen.getByRole('button', { name: 'Повторить задачу' }));
    await statusShown('Выполняется');
    expect(screen.queryByText('Не удалось повторить задачу')).toBeNull();
    job.progress(id, 5, 'Снова работаю', 10);
    await screen.findByText('Снова работаю');
    job.complete(id);
    await statusShown('Завершена');
  });

  it('a retry the server refuses shows why', async () => {
    const id = await failedTask('Сломалось');
    render(<TaskProgress taskId={id} inline />);
    await statusShown('Ошибка');
    // The task disappears (a clean-up) before the click: 404.
    await server.storage.tasks.deleteFinishedBefore(new Date(Date.now() + 60_000));
    fireEvent.click(screen.getByRole('button', { name: 'Повторить задачу' }));
    expect(await screen.findByText('Не удалось повторить задачу')).toBeTruthy();
    // In Russian: the server's «Task not found» mapped by errorText.
    expect(screen.getByText('Задача не найдена — возможно, её удалили при очистке')).toBeTruthy();
  });
});
