/**
 * In a real browser (issue 16): the task list keeps its filters and page in the address (a reload and Back keep
 * them; paging shows the table from its top), and a task's page — a real bank sync against the embedded 1C
 * simulator, slowed so that its bar moves visibly — shows its parameters, live progress, «Отменить», «Повторить»,
 * the result in words and the timeline; at 1440 px, and the page once at 390 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Task } from '../../src/engine/index.js';
import { makeTask } from '../support/tasks.js';
import {
  ADMIN_PASSWORD,
  describeInBrowser,
  launchBrowser,
  logIn,
  openPage,
  recordProgress,
  screenshot,
  screenshotOnFailure,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

/** Finished tasks of a type no runner claims, enough for three pages of 20. */
const REPORTS = 45;

describeInBrowser('web app: the task list in the address and the task page', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let adminToken: string;
  let adminId: number;
  const completed: Task[] = [];

  beforeAll(async () => {
    // Every 1C answer waits 400 ms: the sync runs for seconds, its progress seen moving.
    [server, browser] = await Promise.all([startE2eServer({ ONEC_SIM_LATENCY_MS: '400' }), launchBrowser()]);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const body = (await login.json()) as { access_token: string; user: { id: number } };
    adminToken = body.access_token;
    adminId = body.user.id;
    const owner = { user: { id: adminId } } as Parameters<typeof makeTask>[1]['owner'];
    for (let i = 0; i < REPORTS; i++) {
      completed.push(await makeTask(server.engine, { type: 'e2e_report', owner, status: i % 5 === 4 ? 'failed' : 'completed' }));
    }
    ({ page, errors } = await openPage(browser, { width: 1440, height: 900 }));
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
  }, 120_000);

  screenshotOnFailure(() => page);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rows = () => page.locator('.ant-table-tbody tr.ant-table-row');
  const activePage = () => page.locator('.ant-pagination-item-active').textContent();
  const search = () => new URL(page.url()).search;

  it('keeps the status filter and the page through a reload and Back; paging shows the table from its top', async () => {
    await page.goto(`${server.url}/tasks`);
    await page.getByRole('heading', { name: 'Задачи' }).waitFor();
    await expect.poll(() => rows().count()).toBe(20);

    await page.getByRole('combobox', { name: 'Фильтр по статусу' }).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: 'Завершена' })
      .click();
    await expect.poll(search).toBe('?status=completed');
    const completedCount = completed.filter((t) => t.status === 'completed').length; // 36: two pages
    await page.getByText(`Всего ${completedCount}`).waitFor();

    // From the bottom of the page, to page 2: the table is shown from its top.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.locator('.ant-pagination-item-2').click();
    await expect.poll(search).toBe('?status=completed&page=2');
    await expect.poll(activePage).toBe('2');
    await expect.poll(() => rows().count()).toBe(completedCount - 20);
    const top = await page.locator('.tasks-table').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(900);
    const page2 = await rows().allTextContents();

    await page.reload();
    await page.getByRole('heading', { name: 'Задачи' }).waitFor();
    expect(search()).toBe('?status=completed&page=2');
    await expect.poll(activePage).toBe('2');
    await expect.poll(() => rows().allTextContents()).toEqual(page2);
    expect(await page.locator('.filters__status .ant-select-selection-item').textContent()).toBe('Завершена');
    await screenshot(page, 'tasks-filtered-page-2');

    await page.goBack();
    await expect.poll(search).toBe('?status=completed');
    await expect.poll(activePage).toBe('1');
    await expect.poll(() => rows().count()).toBe(20);
    await page.goBack();
    await expect.poll(search).toBe('');
    await expect.poll(() => page.locator('.filters__status .ant-select-selection-item').count()).toBe(0);
    await page.getByText(`Всего ${REPORTS}`).waitFor();

    // A row opens the task's page; Back returns to the list as it was.
    await rows().first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tasks/${completed[REPORTS - 1]!.task_id}`);
    await page.getByRole('heading', { name: 'e2e_report' }).waitFor();
    await page.goBack();
    await expect.poll(() => rows().count()).toBe(20);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the «Создана» header sorts on the server: oldest first from page 1, kept through a reload', async () => {
    const done = completed.filter((t) => t.status === 'completed');
    const createdHeader = page.locator('th.ant-table-column-has-sorters', { hasText: 'Создана' });
    await page.goto(`${server.url}/tasks?status=completed&page=2`);
    await expect.poll(activePage).toBe('2');
    expect(await createdHeader.getAttribute('aria-sort')).toBe('descending');

    await createdHeader.click();
    await expect.poll(search).toBe('?status=completed&order=created_asc');
    await expect.poll(activePage).toBe('1');
    // The oldest task of every page first, not this page's rows turned round.
    await expect.poll(() => rows().first().textContent()).toContain(done[0]!.task_id.slice(-12));
    expect(await rows().nth(19).textContent()).toContain(done[19]!.task_id.slice(-12));
    expect(await createdHeader.getAttribute('aria-sort')).toBe('ascending');

    await page.reload();
    await page.getByRole('heading', { name: 'Задачи' }).waitFor();
    expect(search()).toBe('?status=completed&order=created_asc');
    await expect.poll(() => rows().first().textContent()).toContain(done[0]!.task_id.slice(-12));
    expect(await createdHeader.getAttribute('aria-sort')).toBe('ascending');

    // Page 2 oldest first goes on from there; a click on the header goes back to newest first.
    await page.locator('.ant-pagination-item-2').click();
    await expect.poll(search).toBe('?status=completed&order=created_asc&page=2');
    await expect.poll(() => rows().first().textContent()).toContain(done[20]!.task_id.slice(-12));
    await createdHeader.click();
    await expect.poll(search).toBe('?status=completed');
    await expect.poll(() => rows().first().textContent()).toContain(done[done.length - 1]!.task_id.slice(-12));
    expect(errors).toEqual([]);
  }, 60_000);

  it('the «Статус» header sorts by status on the server: failed before completed over every page', async () => {
    const failed = completed.filter((t) => t.status === 'failed').reverse();
    const done = completed.filter((t) => t.status === 'completed').reverse();
    expect(failed).toHaveLength(9);
    const statusHeader = page.locator('th.ant-table-column-has-sorters', { hasText: 'Статус' });
    const createdHeader = page.locator('th.ant-table-column-has-sorters', { hasText: 'Создана' });
    const row = (n: number) => rows().nth(n).textContent();
    await page.goto(`${server.url}/tasks`); // the reports only: the sync of the last test is not made yet
    await expect.poll(() => rows().count()).toBe(20);
    // Newest first, the statuses mixed (every fifth task failed).
    expect(await row(0)).toContain(completed[REPORTS - 1]!.task_id.slice(-12));

    await statusHeader.click();
    await expect.poll(search).toBe('?order=status');
    // The nine failed first (newest first), then the completed — from every page, not this page's rows turned round.
    await expect.poll(() => row(0)).toContain(failed[0]!.task_id.slice(-12));
    expect(await row(8)).toContain(failed[8]!.task_id.slice(-12));
    expect(await row(9)).toContain(done[0]!.task_id.slice(-12));
    expect(await statusHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await createdHeader.getAttribute('aria-sort')).toBeNull();

    await page.locator('.ant-pagination-item-2').click();
    await expect.poll(search).toBe('?order=status&page=2');
    await expect.poll(() => row(0)).toContain(done[11]!.task_id.slice(-12));
    await page.reload();
    await expect.poll(() => row(0)).toContain(done[11]!.task_id.slice(-12));

    // A second click on the header goes back to newest first, from page 1.
    await statusHeader.click();
    await expect.poll(search).toBe('');
    await expect.poll(() => row(0)).toContain(completed[REPORTS - 1]!.task_id.slice(-12));
    expect(await createdHeader.getAttribute('aria-sort')).toBe('descending');
    expect(errors).toEqual([]);
  }, 60_000);

  it('a search by id and the «?task=» link still work', async () => {
    const target = completed[3]!;
    await page.goto(`${server.url}/tasks?id=${target.task_id}`);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain(target.task_id.slice(-12));
    expect(await page.getByRole('searchbox', { name: 'Поиск по номеру задачи' }).inputValue()).toBe(target.task_id);

    await page.goto(`${server.url}/tasks?task=${target.task_id}`);
    await page.getByRole('dialog').getByText('Завершена', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it("a sync's page: parameters, live progress, cancel, retry, the result in words and the timeline", async () => {
    // Due in an hour: it waits, so «Отменить» always meets it before it ends.
    const runAt = new Date(Date.now() + 3600_000).toISOString();
    const started = await fetch(`${server.url}/api/v1/sync-1c/bank-transactions/sync-async`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ date_from: '2025-01-01', date_to: '2025-12-31', run_at: runAt }),
    });
    expect(started.status).toBe(202);
    const { task_id: taskId } = (await started.json()) as { task_id: string };

    await page.goto(`${server.url}/tasks/${taskId}`);
    await page.getByRole('heading', { name: 'Синхронизация банковских операций' }).waitFor();
    await page.getByText('01.01.2025 — 31.12.2025, с классификацией').first().waitFor();
    expect(await page.getByTestId('task-started-by').textContent()).toBe('вы');
    await page.locator('.task-progress__status').getByText('Ожидает', { exact: true }).waitFor();

    // The header counts the user's waiting or running task; its popover shows the bar and links to the page.
    const indicator = page.getByRole('button', { name: 'Ваши задачи в работе: 1' });
    await indicator.click();
    const popover = page.getByTestId('running-tasks');
    await popover.getByRole('progressbar', { name: 'Прогресс: Синхронизация банковских операций' }).waitFor();
    expect(await popover.getByRole('link').getAttribute('href')).toBe(`/tasks/${taskId}`);
    await screenshot(page, 'running-tasks-popover');
    await indicator.click();
    await popover.waitFor({ state: 'hidden' });

    // «Отменить», confirmed: cancelled at once, and the indicator goes.
    await page.getByRole('button', { name: 'Отменить задачу' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Да, отменить' }).click();
    await page.locator('.task-progress__status').getByText('Отменена', { exact: true }).waitFor();
    await indicator.waitFor({ state: 'detached' });

    // «Повторить»: due now, it runs; the bar moves live (values between 0 and 100 seen) to completion.
    const progress = await recordProgress(page);
    await page.locator('.task-progress').getByRole('button', { name: 'Повторить задачу' }).click();
    await page.locator('.task-progress__status').getByText('Завершена', { exact: true }).waitFor({ timeout: 90_000 });
    expect((await progress()).some((v) => v > 0 && v < 100)).toBe(true);
    await expect.poll(() => page.getByTestId('task-result-words').textContent()).toMatch(/^Загружено [\d\s]+, создано [\d\s]+, обновлено/);
    await page.locator('[data-event="end-1"]').getByText('Попытка 1: завершена').waitFor();
    await page.locator('[data-event="finished"]').waitFor();
    await indicator.waitFor({ state: 'detached' });
    // An admin sees which node ran each attempt.
    expect(await page.locator('[data-event="start-1"] .task-timeline__detail').textContent()).toMatch(/^узел /);
    // The task's log («Журнал (N)»), live from the same socket.
    await page
      .locator('.task-log')
      .getByText(/^Журнал \(\d/)
      .waitFor();
    await screenshot(page, 'task-page-1440');

    // In the list, the sync's row reads its period.
    await page.goto(`${server.url}/tasks?type=sync_bank_transactions`);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('01.01.2025 — 31.12.2025, с классификацией');
    expect(errors).toEqual([]);

    // On a phone: the page fits the width and still says what the task was.
    const phone = await openPage(browser, { width: 390, height: 844 });
    await logIn(phone.page, server.url, 'admin', ADMIN_PASSWORD);
    await phone.page.goto(`${server.url}/tasks/${taskId}`);
    await phone.page.getByText('01.01.2025 — 31.12.2025, с классификацией').first().waitFor();
    await phone.page.locator('.task-progress__status').getByText('Завершена', { exact: true }).waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Nothing is cut off: the counts, the message (it wraps: no hover for a tooltip) and every result figure show whole.
    const message = phone.page.locator('.task-progress__message');
    expect((await message.textContent())?.length).toBeGreaterThan(0);
    expect(await message.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('normal');
    const cut = await phone.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="task-counts"], .task-progress__message, .task-result__item dt, .task-result__item dd')]
        .filter((el) => el.scrollWidth > el.clientWidth)
        .map((el) => el.textContent),
    );
    expect(cut).toEqual([]);
    await screenshot(phone.page, 'task-page-390');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 240_000);
});
