// @vitest-environment jsdom
/**
 * The task page against a real server: what its owner reads (parameters, who started it, the timeline), what only
 * an admin reads (each attempt's node, the technical error, the owner's name), and the same «not found» for a task
 * someone may not see.
 */
import { render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../../src/wire/index.js';
import type { TestServer } from '../../../../test/support/testServer.js';
import { signIn, startLiveServer, stopServer } from '../../../test/liveServer';
import TaskPage from './TaskPage';

const ERROR = 'ECONNRESET: 1C closed the connection (10.0.0.5:80)';
let server: TestServer;
let failed: Task;

beforeAll(async () => {
  server = await startLiveServer();
  // A type no runner claims, driven by hand: created, one attempt, failed.
  const created = await server.engine.createTask({
    task_type: 'report',
    user_id: server.user.user.id,
    metadata: { params: { date_from: '2025-01-01', date_to: '2025-03-31', auto_classify: false } },
  });
  await server.engine.startTask(created.task_id);
  failed = await server.engine.failTask(created.task_id, ERROR);
});
afterAll(async () => {
  await stopServer(server);
});

const page = (taskId: string) =>
  render(
    <App>
      <TaskPage taskId={taskId} />
    </App>,
  );

describe('TaskPage', () => {
  it('shows its owner the parameters, who started it and the timeline, without the technical details', async () => {
    signIn(server, server.user);
    const { unmount } = page(failed.task_id);
    await screen.findByRole('heading', { name: 'report' });
    expect((await screen.findByTestId('task-params')).textContent).toBe('01.01.2025 — 31.03.2025, без классификации');
    expect(screen.getByTestId('task-started-by').textContent).toBe('вы');
    const timeline = screen.getByRole('region', { name: 'Хронология' });
    expect(within(timeline).getByText('Создана')).toBeTruthy();
    expect(within(timeline).getByText('Попытка 1: начата')).toBeTruthy();
    expect(within(timeline).getByText('Попытка 1: ошибка')).toBeTruthy();
    expect(within(timeline).getByText('Завершена')).toBeTruthy();
    expect(within(timeline).queryByText(/^узел /)).toBeNull();
    expect(screen.queryByText('Технические подробности (для администраторов)')).toBeNull();
    // «Повторить» is offered on a failed task.
    expect(await screen.findByRole('button', { name: 'Повторить задачу' })).toBeTruthy();
    unmount();
  });

  it("shows an admin the node, the technical error and the owner's name", async () => {
    signIn(server, server.admin);
    const { unmount } = page(failed.task_id);
    const timeline = await screen.findByRole('region', { name: 'Хронология' });
    expect(within(timeline).getByText(/^узел /)).toBeTruthy();
    expect(within(timeline).getByText(ERROR)).toBeTruthy();
    expect(screen.getByText('Технические подробности (для администраторов)')).toBeTruthy();
    await expect.poll(() => screen.getByTestId('task-started-by').textContent).toBe('user');
    unmount();
  });

  it('answers another user as if the task did not exist', async () => {
    signIn(server, server.user2);
    page(failed.task_id);
    expect(await screen.findByText('Задача не найдена: её нет или она вам не видна.')).toBeTruthy();
    expect(screen.queryByText(ERROR)).toBeNull();
    expect(screen.queryByText(/01\.01\.2025/)).toBeNull();
  });
});
