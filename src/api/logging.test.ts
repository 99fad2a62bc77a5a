import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLogger } from '../server/index.js';
import { api } from '../../test/support/http.js';
import { makeTask } from '../../test/support/tasks.js';
import { openSocket, refusedSocket } from '../../test/support/sockets.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';

// The server logs at debug level into memory, so the test can read every line it wrote.
const chunks: string[] = [];
const logText = () => chunks.join('');
let server: TestServer;
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  server = await startTestServer({ logger: createLogger('debug', stream) });
});
afterAll(() => server?.close());

test('passwords and tokens never land in the logs', async () => {
  const wrongPassword = 'wrong-but-secret-guess';
  const newPassword = 'brand-new-secret-pw';

  // Logins (right and wrong) and a user creation: passwords travel in bodies.
  const login = await api(server).post('/api/v1/auth/login', { username: 'manager', password: server.manager.password });
  expect(login.status).toBe(200);
  const token: string = login.body.access_token;
  expect((await api(server).post('/api/v1/auth/login', { username: 'manager', password: wrongPassword })).status).toBe(401);
  expect(
    (await api(server, server.admin.token).post('/api/v1/users', { username: 'logged-user', password: newPassword, role: 'user' })).status,
  ).toBe(201);

  // Tokens in the query string and in the header of HTTP requests, known and unknown routes.
  expect((await api(server, token).get(`/api/v1/auth/me?token=${token}`)).status).toBe(200);
  expect((await api(server).get(`/api/v1/auth/me?token=${token}`)).status).toBe(401);
  expect((await api(server).get(`/api/v1/nope?token=${token}`)).status).toBe(404);
  expect((await api(server).get(`/api/v1/tasks/%E0%A4%A?token=${token}`)).status).toBe(400);

  // Tokens in WebSocket URLs: accepted, refused as invalid, and refused for a missing task.
  const task = await makeTask(server.engine, { type: 'manual', owner: server.manager });
  const socket = await openSocket(`${server.wsUrl}/api/v1/ws/tasks/${task.task_id}?token=${token}`);
  expect((await socket.inbox.next()).task.task_id).toBe(task.task_id);
  await socket.close();
  const forged = `${token.slice(0, -4)}AAAA`;
  expect((await refusedSocket(`${server.wsUrl}/api/v1/ws/tasks?token=${forged}`)).status).toBe(401);
  expect((await refusedSocket(`${server.wsUrl}/api/v1/ws/tasks/0190b2a4-0000-7000-8000-000000000000?token=${token}`)).status).toBe(404);

  const logs = logText();
  // The logger did record these requests (so the absence below means something).
  expect(logs).toContain('/api/v1/auth/me?token=[redacted]');
  expect(logs).toContain('"msg":"login"');
  expect(logs).toContain('"msg":"login failed"');
  expect(logs).toContain('"msg":"user created"');
  for (const secret of [server.manager.password, wrongPassword, newPassword, token, token.split('.')[2]!, server.admin.token, forged]) {
    expect(logs.includes(secret), `a secret was logged: ${secret.slice(0, 12)}…`).toBe(false);
  }
});

test('query parameters are redacted by their decoded name, and an unknown log-in name is not logged', async () => {
  const token: string = (await api(server).post('/api/v1/auth/login', { username: 'manager', password: server.manager.password })).body
    .access_token;
  const secrets = ['s3cret-in-password-param', 'key-value-1234567', 'client-secret-987', 'apikey-abcdef'];
  for (const path of [
    `/api/v1/auth/me?%74oken=${token}`,
    `/api/v1/auth/me?access_token=${token}`,
    `/api/v1/auth/me?Access%5FToken=${token}`,
    `/api/v1/nope?x=1&password=${secrets[0]}`,
    `/api/v1/nope?key=${secrets[1]}&y=2`,
    `/api/v1/nope?client_secret=${secrets[2]}`,
    `/api/v1/nope?x-api-key=${secrets[3]}`,
  ]) {
    await api(server).get(path);
  }
  // Someone typed their password into the name field: that name belongs to no account and stays out of the logs.
  const typedPassword = 'hunter2-typed-as-name';
  expect((await api(server).post('/api/v1/auth/login', { username: typedPassword, password: 'whatever-pw' })).status).toBe(401);
  // A wrong password for a real account is logged with the account's name.
  expect((await api(server).post('/api/v1/auth/login', { username: 'user2', password: 'not-the-password' })).status).toBe(401);

  const logs = logText();
  expect(logs).toContain('/api/v1/auth/me?%74oken=[redacted]');
  expect(logs).toContain('/api/v1/auth/me?access_token=[redacted]');
  expect(logs).toContain('/api/v1/nope?x=1&password=[redacted]');
  expect(logs).toContain('"username":"user2"');
  for (const secret of [token, token.split('.')[2]!, ...secrets, typedPassword]) {
    expect(logs.includes(secret), `a secret was logged: ${secret.slice(0, 12)}…`).toBe(false);
  }
});
