// @vitest-environment jsdom
/**
 * The bell against a real server with notifications: a watched task that completes brings a line live over the
 * socket (the badge, the accessible name, a toast), the list shows it with a link to the task, opening a line marks
 * it read on the server, «Отметить все прочитанными» clears the count; a user sees only their own lines; and the list
 * is read again, so lines read elsewhere leave the count.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications, markAllNotificationsRead, watchTask } from '@/api/notifications';
import type { TestServer, TestUser } from '../../../../test/support/testServer.js';
import { waitForFinal } from '../../../../test/support/wait.js';
import { scriptedTaskType, signIn, stopServer } from '../../../test/liveServer';
import { startLiveNotificationServer } from '../../../test/notificationServer';
import NotificationBell from './NotificationBell';

const job = scriptedTaskType('notified_job');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveNotificationServer(job);
});
afterAll(async () => {
  await stopServer(server);
});

const bell = (who: TestUser) =>
  render(
    <App>
      <NotificationBell userId={who.user.id} />
    </App>,
  );

/** A running task of `who`, watched by `who` in the app. */
async function watchedTask(who: TestUser): Promise<string> {
  const task = await server.engine.enqueue(job.type, { user_id: who.user.id });
  await job.started(task.task_id);
  signIn(server, who);
  await watchTask(task.task_id, ['app']);
  return task.task_id;
}

const bellButton = () => screen.getByRole('button', { name: /^Уведомления, непрочитанных/ });

describe('NotificationBell', () => {
  it('shows a watched task’s end live, links the line to the task and marks lines read', async () => {
    signIn(server, server.manager);
    bell(server.manager);
    await waitFor(() => expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных нет'));

    const first = await watchedTask(server.manager);
    job.complete(first, { loaded: 3 });
    await waitForFinal(server.engine, first);
    // Live: the count, the accessible name and a toast with the line's title.
    await waitFor(() => expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных: 1'), { timeout: 20_000 });
    expect(bellButton().querySelector('.ant-badge-count')?.textContent).toBe('1');
    await waitFor(() => expect(document.querySelector('.ant-notification-notice')?.textContent).toMatch(/заверш/i));
    expect(document.querySelector('.ant-notification-notice a')?.getAttribute('href')).toBe(`/tasks/${first}`);

    const second = await watchedTask(server.manager);
    job.complete(second, { loaded: 5 });
    await waitFor(() => expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных: 2'), { timeout: 20_000 });

    fireEvent.click(bellButton());
    const list = await screen.findByRole('list', { name: 'Уведомления' });
    const lines = within(list).getAllByRole('listitem');
    expect(lines).toHaveLength(2);
    // Newest first, each linking to its task.
    expect(lines[0]!.querySelector('a')!.getAttribute('href')).toBe(`/tasks/${second}`);
    expect(lines[1]!.querySelector('a')!.getAttribute('href')).toBe(`/tasks/${first}`);
    expect(within(lines[0]!).getByRole('img', { name: 'не прочитано' })).toBeTruthy();

    // Opening a line marks it read, on the server too.
    fireEvent.click(lines[1]!.querySelector('a')!);
    await waitFor(() => expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных: 1'));
    await waitFor(async () => {
      const stored = await listNotifications();
      expect(stored.unread).toBe(1);
      expect(stored.notifications.find((n) => n.task_id === first)?.read_at).not.toBeNull();
    });
    expect(window.location.pathname).toBe(`/tasks/${first}`);

    fireEvent.click(bellButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Отметить все прочитанными' }));
    await waitFor(() => expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных нет'));
    expect(bellButton().querySelector('.ant-badge-count')).toBeNull();
    expect((await listNotifications({ unread: true })).notifications).toEqual([]);
  });

  it('shows only the user’s own lines', async () => {
    const others = await watchedTask(server.user2);
    job.complete(others);
    await waitFor(async () => expect((await listNotifications()).unread).toBeGreaterThan(0));

    signIn(server, server.user);
    bell(server.user);
    fireEvent.click(bellButton());
    await screen.findByText('Уведомлений пока нет');
    expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных нет');
  });

  it('reads the list again: lines read in another tab leave the count', async () => {
    signIn(server, server.user);
    render(
      <App>
        <NotificationBell userId={server.user.user.id} pollIntervalMs={300} />
      </App>,
    );
    const id = await watchedTask(server.user);
    job.complete(id);
    await waitFor(() => expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных: 1'));
    // Another tab marks it read: nothing comes over this one's socket, the next read of the list shows it.
    expect(await markAllNotificationsRead()).toBe(1);
    await waitFor(() => expect(bellButton().getAttribute('aria-label')).toBe('Уведомления, непрочитанных нет'));
  });
});
