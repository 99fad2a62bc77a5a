// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureApi, getSession } from '@/api/client';
import type { TestServer } from '../../../../test/support/testServer.js';
import { startTestServer } from '../../../../test/support/testServer.js';
import { stopServer } from '../../../test/liveServer';
import LoginPage from './LoginPage';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  configureApi({ baseUrl: server.url, storage: null });
});
afterAll(async () => {
  await stopServer(server);
});

function fill(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Имя пользователя'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Пароль'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Войти' }));
}

describe('LoginPage', () => {
  it('asks for both fields', async () => {
    render(<LoginPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByText('Введите имя пользователя')).toBeTruthy();
    expect(await screen.findByText('Введите пароль')).toBeTruthy();
  });

  it('says so on a wrong password and keeps no session', async () => {
    render(<LoginPage />);
    fill('manager', 'not the password');
    expect((await screen.findByRole('alert')).textContent).toContain('Неверное имя пользователя или пароль');
    expect(getSession()).toBeNull();
  });

  it('stores the session on success', async () => {
    render(<LoginPage />);
    fill('manager', server.manager.password);
    await waitFor(() => expect(getSession()?.user).toMatchObject({ username: 'manager', role: 'manager' }));
    expect(getSession()!.expiresAt).toBeGreaterThan(Date.now());
  });

  it('explains an expired session', () => {
    render(<LoginPage expired />);
    expect(screen.getByText('Сеанс истёк — войдите снова')).toBeTruthy();
  });
});
