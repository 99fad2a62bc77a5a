// @vitest-environment jsdom
/** The log-in gate of the whole app against a real server: a refused token brings the log-in page back. */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureApi, setSession } from '@/api/client';
import type { TestServer } from '../../test/support/testServer.js';
import { startTestServer } from '../../test/support/testServer.js';
import { stopServer } from '../test/liveServer';
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
    setSession({ token: 'not-a-valid-token', user: { id: 1, username: 'admin', role: 'admin' }, expiresAt: Date.now() + 60_000 });
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
});
