// @vitest-environment jsdom
/**
 * The Russian texts of the API's refusals, against the real server's answers: each refusal the interface can meet
 * is produced by the web client's own calls, so a changed `detail` on the server shows up here as an English text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../test/support/testServer.js';
import { scriptedTaskType, signIn, startLiveServer, stopServer } from '../../test/liveServer';
import { ApiError, request } from './client';
import { apiErrorText, errorText } from './errorText';
import { cancelTask, getTask, retryTask } from './tasks';

const job = scriptedTaskType('scripted_error_job');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveServer(job);
});
afterAll(async () => {
  await stopServer(server);
});

/** The error a call threw. */
async function refusal(call: Promise<unknown>): Promise<ApiError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('errorText', () => {
  it('turns the refusals of a task into Russian', async () => {
    signIn(server, server.admin);
    const task = await server.engine.enqueue(job.type, { user_id: server.admin.user.id });
    await job.started(task.task_id);
    // Retrying a running task: 409 «only failed or cancelled tasks can be retried».
    expect(errorText(await refusal(retryTask(task.task_id)))).toBe(
      'Задача выполняется: повторить можно только задачу с ошибкой или отменённую',
    );
    job.complete(task.task_id, { ok: true });
    await expect.poll(async () => (await getTask(task.task_id)).status).toBe('completed');
    expect(errorText(await refusal(cancelTask(task.task_id)))).toBe('Задача уже завершена — отменить её нельзя');
    expect(errorText(await refusal(getTask('0190f0f0-0000-7000-8000-000000000000')))).toBe(
      'Задача не найдена — возможно, её удалили при очистке',
    );
  });

  it('names the field of a 400 and says 403 in words', async () => {
    signIn(server, server.admin);
    const bad = await refusal(request('POST', '/api/v1/tasks/cleanup', { query: { max_age_hours: -1 } }));
    expect(bad.status).toBe(400);
    expect(errorText(bad)).toMatch(/^Неверное значение «max_age_hours»: /);
    signIn(server, server.user);
    const forbidden = await refusal(request('POST', '/api/v1/tasks/cleanup', { query: { max_age_hours: 1 } }));
    expect(forbidden.status).toBe(403);
    expect(errorText(forbidden)).toBe('Недостаточно прав для этого действия');
  });

  it('keeps a Russian detail, and the server’s words after a Russian lead when it does not know them', () => {
    expect(apiErrorText(429, 'Слишком много попыток входа. Повторите через 5 с')).toBe('Слишком много попыток входа. Повторите через 5 с');
    expect(apiErrorText(429, 'Too many requests; retry in 3 s')).toBe('Слишком много запросов — повторите через 3 с');
    expect(apiErrorText(418, "I'm a teapot")).toBe("Ошибка сервера (HTTP 418): I'm a teapot");
    expect(apiErrorText(0, 'fetch failed')).toBe('Сервер недоступен. Проверьте соединение.');
    expect(apiErrorText(500, 'Internal server error')).toBe('Внутренняя ошибка сервера — попробуйте ещё раз позже');
  });
});
