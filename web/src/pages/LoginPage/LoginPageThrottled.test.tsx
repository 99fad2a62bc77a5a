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
  // A real server with the log-in limits on: 2 failures of a name, then a 4-minute lock.
  server = await startTestServer({ login: { maxFailures: 2, maxFailuresPerAddress: 1_000_000, lockBaseMs: 240_000 } });
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

describe('LoginPage, log-in limits', () => {
  it('after too many failures says in Russian how long to wait, and the right password is refused meanwhile', async () => {
    // The failures come straight from the API (the form's own wrong-password message is LoginPage.test.tsx's): two
    // answered 401s, so the lock is in place before the page's attempt, whatever the machine's load.
    for (let i = 0; i < 2; i++) {
      const failed = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'manager', password: `not the password ${i}` }),
      });
      expect(failed.status).toBe(401);
    }
    const { unmount } = render(<LoginPage />);
    fill('manager', server.manager.password);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Слишком много попыток. Повторите через 4 мин'), {
      timeout: 30_000,
    });
    expect(getSession()).toBeNull();
    unmount();
  });
});
