// @vitest-environment jsdom
/**
 * The log-in gate of the whole app against a real server: a refused token brings the log-in page back. The
 * «Расписание» page is in the menu of admins and managers only, «Мониторинг» in the admins' only; a user sent to
 * either lands on the first page, a manager sent to «Мониторинг» too.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureApi, setSession } from '@/api/client';
import { navigate } from '@/app/router';
import type { TestServer } from '../../test/support/testServer.js';
import { startTestServer } from '../../test/support/testServer.js';
import { signIn, stopServer } from '../test/liveServer';
import App from './App';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  configureApi({ baseUrl: server.url, storage: null });
});
afterAll(async () => {
  await stopServer(server);
});

describe('App', () => {
  it('goes to the log-in page when the token is refused, and back to the page after logging in', async () => {
    window.history.replaceState(null, '', '/tasks');
    setSession({
      token: 'not-a-valid-token',
      user: { id: 1, username: 'admin', role: 'admin', email: null },
      expiresAt: Date.now() + 60_000,
    });
    render(<App />);
    expect(await screen.findByText('Сеанс истёк — войдите снова', {}, { timeout: 30_000 })).toBeTruthy();
    expect(window.location.pathname).toBe('/login');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/tasks');

    fireEvent.change(screen.getByLabelText('Имя пользователя'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('Пароль'), { target: { value: server.admin.password } });
    fireEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('heading', { name: 'Задачи' }, { timeout: 30_000 })).toBeTruthy();
    await waitFor(() => expect(window.location.pathname).toBe('/tasks'));
    expect(screen.getByRole('navigation', { name: 'Меню' })).toBeTruthy();
  });

  const menuItems = async () => {
    const nav = await screen.findByRole('navigation', { name: 'Меню' }, { timeout: 30_000 });
    return [...nav.querySelectorAll('.app__menu-label')].map((el) => el.textContent);
  };

  it('shows «Расписание» to admins and managers only, «Мониторинг», «Уведомления» and «Пользователи» to admins only (under «Администрирование»)', async () => {
    for (const [who, items] of [
      [server.admin, ['Банковские операции', 'Контрагенты', 'Задачи', 'Расписание', 'Администрирование']],
      [server.manager, ['Банковские операции', 'Контрагенты', 'Задачи', 'Расписание']],
    ] as const) {
      window.history.replaceState(null, '', '/tasks');
      signIn(server, who);
      const { unmount } = render(<App />);
      await screen.findByRole('heading', { name: 'Задачи' }, { timeout: 30_000 });
      expect(await menuItems()).toEqual(items);
      unmount();
    }
    window.history.replaceState(null, '', '/tasks');
    signIn(server, server.user);
    render(<App />);
    await screen.findByRole('heading', { name: 'Задачи' }, { timeout: 30_000 });
    expect(await menuItems()).toEqual(['Банковские операции', 'Контрагенты', 'Задачи']);
    navigate('/schedules');
    await waitFor(() => expect(window.location.pathname).toBe('/transactions'));
    expect(screen.queryByRole('heading', { name: 'Расписание' })).toBeNull();
    navigate('/monitoring');
    await waitFor(() => expect(window.location.pathname).toBe('/transactions'));
    expect(screen.queryByRole('heading', { name: 'Мониторинг' })).toBeNull();
    navigate('/users');
    await waitFor(() => expect(window.location.pathname).toBe('/transactions'));
    expect(screen.queryByRole('heading', { name: 'Пользователи' })).toBeNull();
  });

  it('sends a manager opening /monitoring to the first page; an admin has the «Администрирование» group and opens it', async () => {
    window.history.replaceState(null, '', '/monitoring');
    signIn(server, server.manager);
    const { unmount } = render(<App />);
    await screen.findByRole('heading', { name: 'Банковские операции' }, { timeout: 30_000 });
    expect(window.location.pathname).toBe('/transactions');
    expect(screen.queryByRole('heading', { name: 'Мониторинг' })).toBeNull();
    unmount();

    window.history.replaceState(null, '', '/tasks');
    signIn(server, server.admin);
    render(<App />);
    await screen.findByRole('heading', { name: 'Задачи' }, { timeout: 30_000 });
    // The group's popup is opened by a click in the real browser's tests (openSection); jsdom has no layout for it.
    expect(screen.getByRole('menuitem', { name: /Администрирование/ })).toBeTruthy();
    navigate('/monitoring');
    expect(await screen.findByRole('heading', { name: 'Мониторинг' }, { timeout: 30_000 })).toBeTruthy();
    expect(window.location.pathname).toBe('/monitoring');
  });
});
