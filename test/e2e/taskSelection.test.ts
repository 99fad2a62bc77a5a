/**
 * In a real browser (issue 16): on the task list, selected rows are cancelled or retried together — only what
 * applies to the selection is offered, and a partial failure is reported task by task in Russian —, the columns
 * «Статус» and «Создана» sort the page's rows; on a phone (390 px) the bar and the cancel confirmations stay
 * within the screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Task } from '../../src/engine/index.js';
import { backdateFinish, makeTask } from '../support/tasks.js';
import {
  ADMIN_PASSWORD,
  describeInBrowser,
  launchBrowser,
  logIn,
  openPage,
  screenshot,
  screenshotOnFailure,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

describeInBrowser('web app: selected tasks cancelled or retried together, sorting, the phone', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let adminToken: string;
  let owner: Parameters<typeof makeTask>[1]['owner'];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const body = (await login.json()) as { access_token: string; user: { id: number } };
    adminToken = body.access_token;
    owner = { user: { id: body.user.id } } as typeof owner;
    ({ page, errors } = await openPage(browser, { width: 1440, height: 900 }));
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
  }, 120_000);

  screenshotOnFailure(() => page);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A task of a type no runner claims: it stays in the status it is put in. */
  const task = (status: 'pending' | 'completed' | 'failed') => makeTask(server.engine, { type: 'e2e_report', owner, status });
  const statusOf = async (id: string) => (await server.engine.getTask(id))?.status;
  const row = (p: Page, t: Task) => p.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: t.task_id.slice(-12) });
  const select = (p: Page, t: Task) => row(p, t).locator('.ant-table-selection-column input[type="checkbox"]').check();
  const bar = (p: Page) => p.getByRole('region', { name: 'Выбранные задачи' });

  it('cancels the selected waiting tasks, and retries the selected failed ones, naming the one that failed', async () => {
    const [failedA, failedB, done, waitingA, waitingB] = [
      await task('failed'),
      await task('failed'),
      await task('completed'),
      await task('pending'),
      await task('pending'),
    ];
    await page.goto(`${server.url}/tasks`);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(5);

    // Two waiting tasks: only «Отменить выбранные» is offered; a check box does not open the task's page.
    await select(page, waitingA);
    await select(page, waitingB);
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await bar(page).getByText('Выбрано: 2').waitFor();
    expect(
      await bar(page)
        .getByRole('button', { name: /Повторить выбранные/ })
        .count(),
    ).toBe(0);
    await bar(page).getByRole('button', { name: 'Отменить выбранные (2)' }).click();
    await page.locator('.ant-popconfirm').getByText('Отменить выбранные задачи (2)?').waitFor();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Да, отменить' }).click();
    await page.getByRole('alert').getByText('Отмена запрошена: 2 из 2').waitFor();
    await expect.poll(() => Promise.all([statusOf(waitingA.task_id), statusOf(waitingB.task_id)])).toEqual(['cancelled', 'cancelled']);
    await row(page, waitingA).getByText('Отменена').first().waitFor();
    // All done: the selection is cleared.
    await bar(page).waitFor({ state: 'detached' });

    // Two failed and a completed one: only «Повторить выбранные (2)». One failed task is deleted behind the page's
    // back (cleaned up as old): its retry is refused, the other goes through, and the notice names the refused one.
    await select(page, failedA);
    await select(page, failedB);
    await select(page, done);
    await bar(page).getByText('Выбрано: 3').waitFor();
    expect(
      await bar(page)
        .getByRole('button', { name: /Отменить выбранные/ })
        .count(),
    ).toBe(0);
    backdateFinish(server.storage, failedB.task_id, 48);
    const cleanup = await fetch(`${server.url}/api/v1/tasks/cleanup?max_age_hours=24`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(await cleanup.json()).toEqual({ deleted: 1 });
    await bar(page).getByRole('button', { name: 'Повторить выбранные (2)' }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Снова в очереди' });
    await notice.getByText('Снова в очереди: 1 из 2; не удалось: 1').waitFor();
    const refusal = await notice.locator('li').allTextContents();
    expect(refusal).toEqual([`e2e_report ${failedB.task_id.slice(-12)}: Задача не найдена — возможно, её удалили при очистке`]);
    expect(await statusOf(failedA.task_id)).toBe('pending');
    // Not all went through: the selection stays, so the user sees what it was.
    await bar(page).getByText('Выбрано: 3').waitFor();
    await screenshot(page, 'tasks-selection-partial-1440');
    expect(errors).toEqual([]);
  }, 120_000);

  it('sorts by «Создана» and by «Статус» (on the server: running, pending, failed, cancelled, completed)', async () => {
    await page.goto(`${server.url}/tasks`);
    const ids = () => page.locator('.ant-table-tbody tr.ant-table-row .cell-sub.mono').allTextContents();
    await expect.poll(async () => (await ids()).length).toBeGreaterThanOrEqual(4);
    const newestFirst = await ids();
    await page.locator('th').filter({ hasText: 'Создана' }).click();
    await expect.poll(ids).toEqual([...newestFirst].reverse());
    await page.locator('th').filter({ hasText: 'Статус' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?order=status');
    const statuses = () =>
      page
        .locator('.ant-table-tbody tr.ant-table-row td')
        .filter({ has: page.locator('.ant-tag') })
        .allTextContents();
    const order = ['Выполняется', 'Ожидает', 'Ошибка', 'Отменена', 'Завершена'];
    await expect
      .poll(async () => {
        const seen = await statuses();
        return seen.every((s, i) => i === 0 || order.indexOf(seen[i - 1]!) <= order.indexOf(s));
      })
      .toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it('on a phone: the selection bar and both cancel confirmations stay within the screen', async () => {
    const waiting = await task('pending');
    const broken = await task('failed');
    // The same session, on a phone's screen.
    const phone = { page, errors };
    await page.setViewportSize({ width: 390, height: 844 });
    await phone.page.goto(`${server.url}/tasks`);
    await row(phone.page, waiting).waitFor();
    const within = async (selector: string) => {
      const box = await phone.page.locator(selector).first().boundingBox();
      expect(box).not.toBeNull();
      return { left: box!.x, right: 390 - (box!.x + box!.width) };
    };

    // A failed task's error, hidden in the message column on a phone, is under its name, whole.
    const error = row(phone.page, broken).locator('.task-row-message');
    expect(await error.textContent()).toBe('something broke');
    expect(await error.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);

    // The row's own «Отменить задачу».
    await row(phone.page, waiting)
      .getByRole('button', { name: /Отменить задачу/ })
      .click();
    await phone.page.locator('.ant-popconfirm').getByText('Отменить задачу?').waitFor();
    const single = await within('.ant-popover:not(.ant-popover-hidden) .ant-popover-inner');
    expect(single.left).toBeGreaterThanOrEqual(8);
    expect(single.right).toBeGreaterThanOrEqual(8);
    await phone.page.locator('.ant-popconfirm').getByRole('button', { name: 'Продолжить' }).click();
    await phone.page.locator('.ant-popover:not(.ant-popover-hidden)').waitFor({ state: 'detached' });

    // The bar: wraps within the width; its confirmation too.
    await select(phone.page, waiting);
    await bar(phone.page).getByRole('button', { name: 'Отменить выбранные (1)' }).click();
    await phone.page.locator('.ant-popconfirm').getByText('Отменить выбранные задачи (1)?').waitFor();
    const bulk = await within('.ant-popover:not(.ant-popover-hidden) .ant-popover-inner');
    expect(bulk.left).toBeGreaterThanOrEqual(8);
    expect(bulk.right).toBeGreaterThanOrEqual(8);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'tasks-selection-390');
    await phone.page.locator('.ant-popconfirm').getByRole('button', { name: 'Да, отменить' }).click();
    await phone.page.getByRole('alert').getByText('Отмена запрошена: 1 из 1').waitFor();
    expect(phone.errors).toEqual([]);
  }, 120_000);
});
