// @vitest-environment jsdom
/**
 * The specification's front-end snippets ("Frontend компоненты", "Использование", "Пример 2"), copied
 * unchanged into functions, compiled by the type check and run against a real server with the 1C sync.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Button, message } from 'antd';
import { useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// prettier-ignore
import {
  getTaskStatus,
  listTasks,
  cancelTask,
  startAsyncBankTransactionsSync,
  TaskWebSocket
} from '@/api/tasks';
import TaskProgress from '@/components/TaskProgress';
import SyncModal from '@/components/SyncModal';
import type { SyncTestServer } from '../../../test/support/syncServer.js';
import { waitForFinal } from '../../../test/support/wait.js';
import { startLiveSyncServer, stopServer } from '../../test/liveServer';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startLiveSyncServer();
});
afterAll(async () => {
  await stopServer(server);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A finished bank sync's id (the snippets that read a task need one). */
async function finishedSync(): Promise<string> {
  const { task_id } = await startAsyncBankTransactionsSync({ date_from: '2026-01-01', date_to: '2026-01-31' });
  await waitForFinal(server.engine, task_id);
  return task_id;
}

// «Frontend компоненты → 1. tasks.ts API»
// prettier-ignore
async function tasksApiSnippet(taskId: string) {
  // Получить статус
  const task = await getTaskStatus(taskId);

  // Список задач
  const { tasks, total } = await listTasks('sync_bank_transactions', 20);

  // WebSocket подключение
  const ws = new TaskWebSocket(
    taskId,
    (task) => console.log('Update:', task),
    (error) => console.error('Error:', error)
  );
  ws.connect();
  return { task, tasks, total, ws, cancelTask };
}

// «Использование → 1. Запуск асинхронной синхронизации → Frontend»
// prettier-ignore
async function startSnippet() {
  const response = await startAsyncBankTransactionsSync({
    date_from: '2025-11-01',
    date_to: '2025-11-30',
    auto_classify: true
  });

  console.log('Task started:', response.task_id);
  return response;
}

// «Использование → 2. Отслеживание прогресса → Через WebSocket»
// prettier-ignore
function webSocketSnippet(taskId: string) {
  const ws = new TaskWebSocket(
    taskId,
    (task) => {
      console.log(`Progress: ${task.progress}%`);
      console.log(`Message: ${task.message}`);

      if (task.status === 'completed') {
        console.log('Result:', task.result);
      }
    }
  );
  ws.connect();
  return ws;
}

// «Использование → 2. Отслеживание прогресса → Через polling»
// prettier-ignore
function pollingSnippet(taskId: string, done: () => void) {
  const interval = setInterval(async () => {
    const task = await getTaskStatus(taskId);

    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      clearInterval(interval);
      done();
    }
  }, 2000);
}

// «Frontend компоненты → 2. TaskProgress компонент» and «3. SyncModal компонент», in a host component.
// prettier-ignore
function ComponentsSnippet({ taskId, refetchData }: { taskId: string; refetchData: () => void }) {
  const [showProgress, setShowProgress] = useState(true);
  const [showSyncModal, setShowSyncModal] = useState(false);
  return (
    <>
      <button onClick={() => setShowSyncModal(true)}>open sync</button>
      <TaskProgress
        taskId={taskId}
        title="Синхронизация транзакций"
        visible={showProgress}
        onClose={() => setShowProgress(false)}
        onComplete={(task) => console.log('Done!', task)}
        useWebSocket={true}
      />
      <SyncModal
        visible={showSyncModal}
        onClose={() => setShowSyncModal(false)}
        onSyncComplete={() => {
          message.success('Синхронизация завершена!');
          refetchData();
        }}
      />
    </>
  );
}

// «Пример 2: Отслеживание через UI»
// prettier-ignore
function SyncPage() {
  const [taskId, setTaskId] = useState<string | null>(null);

  const handleStartSync = async () => {
    const response = await startAsyncBankTransactionsSync({
      date_from: '2025-01-01',
      date_to: '2025-12-31'
    });
    setTaskId(response.task_id);
  };

  return (
    <>
      <Button onClick={handleStartSync}>
        Запустить синхронизацию
      </Button>

      {taskId && (
        <TaskProgress
          taskId={taskId}
          visible={true}
          onComplete={() => message.success('Готово!')}
        />
      )}
    </>
  );
}

describe('the specification’s snippets', () => {
  it('tasks.ts API: status, list and a socket that delivers the task', async () => {
    const id = await finishedSync();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { task, tasks, total, ws } = await tasksApiSnippet(id);
    expect(task).toMatchObject({ task_id: id, status: 'completed', progress: 100 });
    expect(tasks.some((t) => t.task_id === id)).toBe(true);
    expect(total).toBeGreaterThanOrEqual(1);
    await waitFor(() => expect(log).toHaveBeenCalledWith('Update:', expect.objectContaining({ task_id: id, status: 'completed' })));
    ws.close();
  });

  it('starting a sync answers the task id', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const response = await startSnippet();
    expect(log).toHaveBeenCalledWith('Task started:', response.task_id);
    await waitForFinal(server.engine, response.task_id);
  });

  it('following over the WebSocket logs progress, message and result', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { task_id } = await startAsyncBankTransactionsSync({ date_from: '2026-01-01', date_to: '2026-03-31', auto_classify: true });
    const ws = webSocketSnippet(task_id);
    await waitFor(() => expect(log).toHaveBeenCalledWith('Result:', expect.objectContaining({ loaded: expect.any(Number) })), {
      timeout: 15_000,
    });
    expect(log).toHaveBeenCalledWith('Progress: 100%');
    expect(log.mock.calls.some(([line]) => typeof line === 'string' && line.startsWith('Message: '))).toBe(true);
    ws.close();
  });

  it('the polling loop stops at the final status', async () => {
    const id = await finishedSync();
    const done = vi.fn();
    pollingSnippet(id, done);
    await waitFor(() => expect(done).toHaveBeenCalledTimes(1), { timeout: 5000 });
  });

  it('TaskProgress and SyncModal with the specification’s props', async () => {
    const id = await finishedSync();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const refetchData = vi.fn();
    render(<ComponentsSnippet taskId={id} refetchData={refetchData} />);
    await screen.findByText('Завершена');
    await waitFor(() => expect(log).toHaveBeenCalledWith('Done!', expect.objectContaining({ task_id: id })));
    fireEvent.click(screen.getAllByRole('button', { name: 'Закрыть' }).at(-1)!);
    fireEvent.click(screen.getByText('open sync'));
    expect(await screen.findByText('Синхронизация с 1С')).toBeTruthy();
  });

  it('Пример 2: the button starts a sync and TaskProgress follows it to the end', async () => {
    render(<SyncPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Запустить синхронизацию' }));
    await screen.findByRole('dialog');
    await screen.findByText('Завершена', {}, { timeout: 15_000 });
    expect(await screen.findByText('Готово!')).toBeTruthy();
  });
});
