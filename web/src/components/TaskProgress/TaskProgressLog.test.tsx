// @vitest-environment jsdom
/**
 * «Журнал» of TaskProgress against a real server: the lines a handler logs reach the panel — those logged before it
 * opened over HTTP, the next ones over the task's socket, and over HTTP again while the socket is cut.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../../../test/support/testServer.js';
import { waitForFinal } from '../../../../test/support/wait.js';
import { countRequests, socketSwitch, startLiveServer, stopServer, type ScriptedTaskType } from '../../../test/liveServer';
import { loggingType } from '../../../test/loggingTaskType';
import TaskProgress from './TaskProgress';

const job = loggingType();
let server: TestServer;
beforeAll(async () => {
  server = await startLiveServer(job as unknown as ScriptedTaskType);
});
afterAll(async () => {
  await stopServer(server);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const panel = (container: HTMLElement) => container.querySelector('.task-progress') as HTMLElement;
const stored = async (id: string, n: number) => {
  await vi.waitFor(async () => expect(await server.engine.listTaskLogs(id, 0, 100)).toHaveLength(n), { timeout: 5000 });
};
/** Opens «Журнал» and returns its list. */
const openLog = async () => {
  fireEvent.click(await screen.findByText(/^Журнал \(\d+\)$/));
  return screen.findByRole('list', { name: 'Журнал задачи' });
};

describe('TaskProgress «Журнал»', () => {
  it('shows the lines logged before it opened, then each new one as the socket brings it', async () => {
    const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
    job.log(task.task_id, 'Найдено документов в 1С: 240');
    await stored(task.task_id, 1);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { container } = render(<TaskProgress taskId={task.task_id} inline />);
    await waitFor(() => expect(panel(container).dataset.transport).toBe('socket'));
    const list = await openLog();
    expect(within(list).getByText('Найдено документов в 1С: 240')).toBeTruthy();
    // Read when the panel opened and when its socket connected (what was stored in between).
    const reads = countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${task.task_id}/logs`);
    expect(reads).toBeLessThanOrEqual(2);

    job.log(task.task_id, 'Ошибка 1С ONEC_TIMEOUT: повтор', 'error');
    await waitFor(() => expect(within(list).getByText('Ошибка 1С ONEC_TIMEOUT: повтор')).toBeTruthy());
    expect(screen.getByText('Журнал (2)')).toBeTruthy();
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.task-log__message')!.textContent)).toEqual([
      'Найдено документов в 1С: 240',
      'Ошибка 1С ONEC_TIMEOUT: повтор',
    ]);
    expect(within(items[1]!).getByText('ошибка')).toBeTruthy();
    expect(items[1]!.querySelector('time')!.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The live line came over the socket, not over HTTP.
    expect(countRequests(fetchSpy.mock.calls, `/api/v1/tasks/${task.task_id}/logs`)).toBe(reads);

    job.end(task.task_id);
    await waitForFinal(server.engine, task.task_id);
    await waitFor(() => expect(panel(container).dataset.status).toBe('completed'));
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
  });

  it('reads the lines over HTTP while the socket is cut, each line once', async () => {
    const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
    const sockets = socketSwitch(server);
    try {
      const { container } = render(<TaskProgress taskId={task.task_id} inline pollIntervalMs={150} />);
      await waitFor(() => expect(panel(container).dataset.transport).toBe('socket'));
      job.log(task.task_id, 'Пакет сохранён: 100 записей');
      const list = await openLog();
      sockets.refuse();
      await waitFor(() => expect(panel(container).dataset.transport).toBe('polling'));
      job.log(task.task_id, 'Пакет сохранён: 200 записей', 'warn');
      job.end(task.task_id);
      await waitFor(() => expect(within(list).getByText('Пакет сохранён: 200 записей')).toBeTruthy());
      await waitFor(() => expect(panel(container).dataset.status).toBe('completed'));
      expect(
        within(list)
          .getAllByRole('listitem')
          .map((li) => li.querySelector('.task-log__message')!.textContent),
      ).toEqual(['Пакет сохранён: 100 записей', 'Пакет сохранён: 200 записей']);
    } finally {
      sockets.restore();
    }
  });
});
