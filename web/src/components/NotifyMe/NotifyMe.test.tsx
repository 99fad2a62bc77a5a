// @vitest-environment jsdom
/**
 * «Сообщить мне по завершении» on a task's progress, against a real server with notifications: the box reflects the
 * caller's watch (GET …/notify), checking it watches the task in the app (POST), unchecking stops (DELETE), a watch
 * made elsewhere shows checked, and the box goes once the task has ended; a server without notifications shows none.
 * The channels asked for follow the e-mail.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTaskWatch, isWithoutNotifications, watchTask } from '@/api/notifications';
import TaskProgress from '@/components/TaskProgress';
import type { TestServer } from '../../../../test/support/testServer.js';
import { waitForFinal } from '../../../../test/support/wait.js';
import { scriptedTaskType, signIn, startLiveServer, stopServer } from '../../../test/liveServer';
import { startLiveNotificationServer } from '../../../test/notificationServer';
import { emailOf, notifyChannels } from './notifyChannels';

const job = scriptedTaskType('watched_job');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveNotificationServer(job);
});
afterAll(async () => {
  await stopServer(server);
});

/** A running task of the scripted type, owned by the manager (the caller of these tests). */
async function runningTask(): Promise<string> {
  const task = await server.engine.enqueue(job.type, { user_id: server.manager.user.id });
  await job.started(task.task_id);
  return task.task_id;
}

const box = () => screen.getByRole('checkbox', { name: 'Сообщить мне по завершении' }) as HTMLInputElement;

describe('NotifyMe', () => {
  it('watches and unwatches the task from its progress, and goes when the task ends', async () => {
    signIn(server, server.manager);
    const id = await runningTask();
    render(<TaskProgress taskId={id} inline />);
    await waitFor(() => expect(box().disabled).toBe(false));
    expect(box().checked).toBe(false);
    expect(screen.getByText('В приложении (колокольчик вверху)')).toBeTruthy();

    fireEvent.click(box());
    await waitFor(() => expect(box().checked).toBe(true));
    expect(await getTaskWatch(id)).toMatchObject({ task_id: id, channels: ['app'] });

    fireEvent.click(box());
    await waitFor(() => expect(box().checked).toBe(false));
    expect(await getTaskWatch(id)).toBeNull();

    job.complete(id);
    await waitForFinal(server.engine, id);
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Сообщить мне по завершении' })).toBeNull());
  });

  it('shows a watch made elsewhere as checked', async () => {
    signIn(server, server.manager);
    const id = await runningTask();
    await watchTask(id, ['app']);
    render(<TaskProgress taskId={id} inline />);
    await waitFor(() => expect(box().checked).toBe(true));
    job.complete(id);
  });

  it('offers nothing on a server without notifications (an embedding application’s)', async () => {
    const plainJob = scriptedTaskType('plain_job');
    const plain = await startLiveServer(plainJob);
    try {
      signIn(plain, plain.manager);
      const task = await plain.engine.enqueue(plainJob.type, { user_id: plain.manager.user.id });
      await plainJob.started(task.task_id);
      render(<TaskProgress taskId={task.task_id} inline />);
      await screen.findByText('Выполняется');
      const watchRead = await getTaskWatch(task.task_id).then(
        () => 'answered',
        (err: unknown) => (isWithoutNotifications(err) ? 'no route' : String(err)),
      );
      expect(watchRead).toBe('no route');
      await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Сообщить мне по завершении' })).toBeNull());
      plainJob.complete(task.task_id);
    } finally {
      await stopServer(plain);
      signIn(server, server.manager);
    }
  });

  it('asks for e-mail too when the user has an address', () => {
    expect(notifyChannels({ email: 'buh@firm.ru' })).toEqual(['app', 'email']);
    expect(notifyChannels({ email: null })).toEqual(['app']);
    expect(notifyChannels(undefined)).toEqual(['app']);
    expect(emailOf({ email: '' })).toBeNull();
  });
});
