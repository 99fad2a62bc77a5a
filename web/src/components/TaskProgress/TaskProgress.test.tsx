// @vitest-environment jsdom
/**
 * TaskProgress against the real API and WebSocket of a test server: the task is driven through the
 * engine and every update reaches the component the way it does in the browser.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../../../test/support/testServer.js';
import { waitForFinal, waitForTask } from '../../../../test/support/wait.js';
import { countRequests, scriptedTaskType, socketSwitch, startLiveServer, stopServer } from '../../../test/liveServer';
import TaskProgress from './TaskProgress';

const job = scriptedTaskType('scripted_job');
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

/** A running task of the scripted type, owned by the admin. */
async function runningTask(): Promise<string> {
  const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
  await job.started(task.task_id);
  return task.task_id;
}

const bar = () => screen.getByRole('progressbar', { name: 'Ход выполнения' });
const panel = (container: HTMLElement) => container.querySelector('.task-progress') as HTMLElement;

describe('TaskProgress', () => {
  it('renders the updates that arrive over the WebSocket', async () => {
    const id = await runningTask();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { container } = render(<TaskProgress taskId={id} inline />);
    await waitFor(() => expect(panel(container).dataset.transport).toBe('socket'));
    expect(screen.getByText('Выполняется')).toBeTruthy();

    job.progress(id, 40, 'Загружено 40 из 100 документов', 100);
    await waitFor(() => expect(bar().getAttribute('aria-valuenow')).toBe('40'));
    expect(bar().getAttribute('aria-valuetext')).toBe('40% — 40 из 100');
    expect(screen.getByTestId('task-counts').textContent).toBe('40 из 100');
    expect(screen.getByText('Загружено 40 из 100 документов')).toBeTruthy();

    job.progress(id, 75, 'Загружено 75 из 100 документов');
    await waitFor(() => expect(bar().getAttribute('aria-valuenow')).toBe('75'));
    // Only the first read of the task went over HTTP: every later state came over the socket (its log and whether the
    // caller watches it, «Сообщить мне по завершении», are read apart).
    const taskReads = fetchSpy.mock.calls.filter(
      ([url]) => !String(url).includes(`/api/v1/tasks/${id}/logs`) && !String(url).includes(`/api/v1/tasks/${id}/notify`),
    );
    expect(countRequests(taskReads, `/api/v1/tasks/${id}`)).toBe(1);
    expect(screen.getByRole('button', { name: 'Отменить задачу' })).toBeTruthy();

    job.complete(id, {
      loaded: 100,
      created: 90,
      updated: 6,
      skipped: 4,
      deleted: 0,
      classified: 80,
      unclassified: 16,
      duration_ms: 65_000,
    });
    await screen.findByText('Завершена');
    expect(bar().getAttribute('aria-valuenow')).toBe('100');
    const result = screen.getByRole('region', { name: 'Результат' });
    const expected: [string, string][] = [
      ['Загружено', '100'],
      ['Создано', '90'],
      ['Обновлено', '6'],
      ['Пропущено', '4'],
      ['Классифицировано', '80'],
      ['Время', '1 мин 05 с'],
    ];
    for (const [label, value] of expected) {
      expect(within(result).getByText(label).nextElementSibling?.textContent).toBe(value);
    }
    expect(screen.queryByRole('button', { name: 'Отменить задачу' })).toBeNull();
  });

  it('falls back to polling when the socket fails, and reaches the end', async () => {
    const id = await runningTask();
    const sockets = socketSwitch(server);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { container } = render(<TaskProgress taskId={id} inline pollIntervalMs={150} />);
    await waitFor(() => expect(panel(container).dataset.transport).toBe('socket'));

    // The connection breaks and every new upgrade is refused; HTTP keeps working.
    sockets.refuse();
    await waitFor(() => expect(panel(container).dataset.transport).toBe('polling'));
    job.progress(id, 30, 'Шаг 30', 60);
    await waitFor(() => expect(bar().getAttribute('aria-valuenow')).toBe('50'));
    expect(screen.getByText('Шаг 30')).toBeTruthy();
    expect(countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${id}`)).toBeGreaterThan(1);

    job.complete(id, { loaded: 60, created: 60, updated: 0, skipped: 0, deleted: 0, classified: 0, unclassified: 60, duration_ms: 900 });
    await screen.findByText('Завершена');
    expect(panel(container).dataset.transport).toBe('idle');
    sockets.restore();
  });

  it('stops polling at a final status', async () => {
    const id = await runningTask();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { container } = render(<TaskProgress taskId={id} inline useWebSocket={false} pollIntervalMs={100} />);
    await waitFor(() => expect(panel(container).dataset.transport).toBe('polling'));
    await waitFor(() => expect(countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${id}`)).toBeGreaterThanOrEqual(3));

    job.fail(id, 'Сервер 1С не отвечает');
    await screen.findByText('Ошибка');
    expect(screen.getByRole('alert').textContent).toContain('Сервер 1С не отвечает');
    // Reads of the task only (its log is read once more when it ends).
    const taskPolls = () =>
      countRequests(
        fetchSpy.mock.calls.filter(([url]) => !String(url).includes('/logs')),
        `/api/v1/tasks/${id}`,
      );
    const polls = taskPolls();
    // A negative can only be seen by letting time pass: five more intervals, not one more request.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(taskPolls()).toBe(polls);
  });

  it('cancels through the API after confirmation and shows the cancellation until the task stops', async () => {
    const id = await runningTask();
    job.progress(id, 10, 'Работаю', 100);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    render(<TaskProgress taskId={id} inline />);
    await waitFor(() => expect(bar().getAttribute('aria-valuenow')).toBe('10'));

    fireEvent.click(screen.getByRole('button', { name: 'Отменить задачу' }));
    const confirm = await screen.findByRole('button', { name: 'Да, отменить' });
    expect(countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${id}/cancel`, 'POST')).toBe(0);
    fireEvent.click(confirm);

    await job.cancelSeen(id);
    expect(countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${id}/cancel`, 'POST')).toBe(1);
    const cancelling = await screen.findByRole('button', { name: 'Отмена…' });
    expect(cancelling.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/Отмена запрошена/)).toBeTruthy();
    expect((await server.engine.getTask(id))?.cancel_requested).toBe(true);

    job.letStop(id);
    await screen.findByText('Отменена');
    expect(screen.queryByRole('button', { name: 'Отмена…' })).toBeNull();
    expect(screen.getByText(/Задача отменена/)).toBeTruthy();
  });

  it('calls onComplete exactly once', async () => {
    const id = await runningTask();
    const onComplete = vi.fn();
    const { rerender } = render(<TaskProgress taskId={id} inline onComplete={onComplete} />);
    await screen.findByText('Выполняется');
    job.progress(id, 5, 'почти', 5);
    job.complete(id, { done: true });
    await waitForFinal(server.engine, id);
    await screen.findByText('Завершена');
    // The callback runs in an effect, just after the render that shows the final status.
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject({ task_id: id, status: 'completed' });
    // New props and renders do not call it again (act flushes their effects before the check).
    await act(async () => {
      rerender(<TaskProgress taskId={id} inline onComplete={onComplete} title="другой" />);
    });
    await act(async () => {
      rerender(<TaskProgress taskId={id} inline onComplete={onComplete} />);
    });
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('does not call onComplete for a failed or cancelled task', async () => {
    const id = await runningTask();
    const onComplete = vi.fn();
    render(<TaskProgress taskId={id} inline onComplete={onComplete} />);
    await screen.findByText('Выполняется');
    await server.engine.cancelTask(id);
    job.letStop(id);
    await screen.findByText('Отменена');
    await act(async () => {}); // let the effects of the final render run before checking
    expect(onComplete).not.toHaveBeenCalled();
  });

  it('says where a cancelled task stopped, «Отменена на 1 300 из 4 899», on a neutral bar', async () => {
    const id = await runningTask();
    const { container } = render(<TaskProgress taskId={id} inline />);
    await screen.findByText('Выполняется');
    job.progress(id, 1300, 'Загружено 1 300 из 4 899 документов', 4899);
    await waitFor(() => expect(bar().getAttribute('aria-valuenow')).toBe('26'));
    expect(container.querySelector('.task-progress__bar--stopped')).toBeNull();
    await server.engine.cancelTask(id);
    job.letStop(id);
    await screen.findByText('Отменена');
    expect(container.querySelector('.task-progress__message')!.textContent).toBe('Отменена на 1\u00a0300 из 4\u00a0899');
    // Neither blue (running) nor green (done): the bar says the task stopped.
    const stopped = container.querySelector('.task-progress__bar--stopped');
    expect(stopped).not.toBeNull();
    expect(stopped!.classList.contains('ant-progress-status-active')).toBe(false);
  });

  it('is a dialog with the title, a labelled close button and onClose', async () => {
    const id = await runningTask();
    const onClose = vi.fn();
    render(<TaskProgress taskId={id} title="Синхронизация транзакций" visible onClose={onClose} />);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Синхронизация транзакций')).toBeTruthy();
    await within(dialog).findByText('Выполняется');
    const closeButtons = within(dialog).getAllByRole('button', { name: 'Закрыть' });
    fireEvent.click(closeButtons[closeButtons.length - 1]!);
    expect(onClose).toHaveBeenCalledTimes(1);
    job.complete(id);
    await waitForTask(server.engine, id, (t) => t.status === 'completed');
  });

  it('says so when the task does not exist', async () => {
    render(<TaskProgress taskId="0190f2a0-0000-7000-8000-000000000000" inline />);
    expect(await screen.findByText(/Задача не найдена/)).toBeTruthy();
  });
});
