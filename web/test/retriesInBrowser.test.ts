/**
 * Retries in a real browser (Debian's Chromium through playwright-core) against the real server: «Повторить» in
 * a failed task's row, the attempt history on its page, when a delayed task starts, and the admin's
 * «Повторить все неудачные». The tasks are of a type no runner claims, driven through the server's engine, so
 * each step happens exactly when the test says.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { adminInBrowser, describeInBrowser, openSection, screenshot, type E2eServer } from '../../test/e2e/support/browser.js';

const TYPE = 'manual_report';

describeInBrowser('web app: retries', () => {
  const session = adminInBrowser();
  let server: E2eServer;
  let page: Page;
  let errors: string[];
  beforeAll(() => {
    ({ server, page, errors } = session);
  });

  /** A task of the unclaimed type that ran once and failed with `error`. */
  async function failedTask(error: string): Promise<string> {
    const { task_id } = await server.engine.createTask({ task_type: TYPE });
    await server.engine.startTask(task_id);
    await server.engine.failTask(task_id, error);
    return task_id;
  }

  /** The list's row of a task (the end of its id is shown under its type). */
  const rowOf = (id: string): Locator => page.getByRole('row').filter({ hasText: id.slice(-12) });

  it('retries a failed task from its row, follows it live, and its dialog lists both attempts', async () => {
    await openSection(page, 'Задачи');
    const id = await failedTask('Диск переполнен');
    const row = rowOf(id);
    await row.getByText('Ошибка', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Повторить задачу: ${TYPE}` }).click();
    await page.getByText('Задача снова в очереди').waitFor();
    await row.getByText('Ожидает', { exact: true }).waitFor();
    await row.getByText('Повтор сейчас — попытка 2 из 2').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    await server.engine.startTask(id);
    await row.getByText('Выполняется', { exact: true }).waitFor();
    await server.engine.completeTask(id, { rows: 12 });
    await row.getByText('Завершена', { exact: true }).waitFor();

    // The row opens the task's page: its progress panel lists the attempts.
    await row.click();
    const dialog = page.locator('.task-page');
    const history = dialog.getByRole('region', { name: 'Попытки' });
    await history.waitFor();
    const attempts = history.locator('tr[data-outcome]');
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.nth(0).locator('td').nth(3).textContent()).toBe('Ошибка');
    expect(await attempts.nth(1).locator('td').nth(3).textContent()).toBe('Завершена');
    await history.getByText('Диск переполнен').waitFor();
    await screenshot(page, 'task-attempts');
    await page.goBack();
    await page.getByRole('heading', { name: 'Задачи' }).waitFor();
    await page.getByText('● Обновляется в реальном времени').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it('a failed task retried on its page is followed again there', async () => {
    const id = await failedTask('Нет связи');
    await rowOf(id).click();
    const dialog = page.locator('.task-page');
    await dialog.getByText('Задача завершилась с ошибкой').waitFor();
    await dialog.getByRole('button', { name: 'Повторить задачу' }).click();
    await dialog.getByText('Повтор сейчас — попытка 2 из 2').waitFor();
    await dialog.getByText('Попытка 1 завершилась с ошибкой').waitFor();
    await server.engine.startTask(id);
    await dialog.locator('.task-progress__status').getByText('Выполняется').waitFor();
    await server.engine.failTask(id, 'Снова нет связи');
    await dialog.locator('.task-progress__status').getByText('Ошибка').waitFor();
    await dialog.getByRole('region', { name: 'Попытки' }).getByText('Снова нет связи').waitFor();
    await screenshot(page, 'task-failed-twice');
    await page.goBack();
    await page.getByRole('heading', { name: 'Задачи' }).waitFor();
    await page.getByText('● Обновляется в реальном времени').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it('a delayed task says when it starts', async () => {
    const { task_id } = await server.engine.createTask({ task_type: TYPE, delay_ms: 5 * 60_000 });
    await rowOf(task_id).getByText('Запуск через 5 мин').waitFor();
    await server.engine.cancelTask(task_id);
    await rowOf(task_id).getByText('Отменена', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it('«Повторить все неудачные»: after the confirmation, every failed task goes back, and the count is shown', async () => {
    const ids = [await failedTask('Ошибка 1'), await failedTask('Ошибка 2'), await failedTask('Ошибка 3')];
    const failed = (await server.engine.listTasks({ status: 'failed', limit: 100, offset: 0 })).total;
    // Wait for the notices of the tests before to go, so the count read below is this one's.
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('button', { name: 'Повторить все неудачные' }).click();
    const dialog = page.getByRole('dialog', { name: 'Повторить все неудачные задачи?' });
    await dialog.waitFor();
    expect((await server.engine.getTask(ids[0]!))!.status).toBe('failed');
    await dialog.getByRole('button', { name: 'Повторить все' }).click();
    await page.getByText(`В очередь возвращено ${failed} задач`, { exact: false }).waitFor();
    for (const id of ids) {
      await rowOf(id).getByText('Ожидает', { exact: true }).waitFor();
      expect((await server.engine.getTask(id))!).toMatchObject({ status: 'pending', attempt: 1 });
    }
    await screenshot(page, 'tasks-retried-in-bulk');
    expect(errors).toEqual([]);
  }, 60_000);
});
