/**
 * In a real browser (issue 16), the transactions page after a real sync against the embedded 1C simulator: on a
 * phone (390 px) the totals and the counterparty names show whole (nothing ends in «…» with no way to read it),
 * and a tapped row opens with the whole purpose and the category, which can be set there; at 1440 px a cut
 * counterparty or purpose shows whole in a real tooltip (not the browser's `title`), a month of the chart shows its
 * totals in one, and a click on a month or a category filters the transactions by it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { BankTransaction, TransactionPage } from '../../src/wire/index.js';
import { expectNoSeriousAxeViolations } from './support/axe.js';
import {
  ADMIN_PASSWORD,
  describeInBrowser,
  launchBrowser,
  logIn,
  openPage,
  screenshot,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

describeInBrowser('web app: the transactions page on a phone, and its tooltips', () => {
  let server: E2eServer;
  let browser: Browser;
  let token: string;
  const year = new Date().getFullYear();

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    token = ((await login.json()) as { access_token: string }).access_token;
    // The year the page opens on, synced through the API.
    const { task_id } = await api<{ task_id: string }>('POST', '/api/v1/sync-1c/bank-transactions/sync-async', {
      date_from: `${year}-01-01`,
      date_to: `${year}-12-31`,
    });
    await vi.waitFor(async () => expect((await api<{ status: string }>('GET', `/api/v1/tasks/${task_id}`)).status).toBe('completed'), {
      timeout: 90_000,
      interval: 200,
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Elements matching `selector` whose text is cut (wider or taller than their box). */
  const cut = (page: Page, selector: string) =>
    page.evaluate(
      (s) =>
        [...document.querySelectorAll(s)]
          .filter((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
          .map((el) => el.textContent),
      selector,
    );

  it('on a phone: totals and counterparties whole; a tapped row shows the purpose and sets the category', async () => {
    const { page, errors, context } = await openPage(browser, { width: 390, height: 844 });
    try {
      await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      await page.locator('.total__value').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.locator('.total__value').count()).toBe(4);
      expect(await cut(page, '.total__value')).toEqual([]);

      // Every counterparty whole: the longest on the page has more than 12 characters and shows in full.
      const firstPage = `/api/v1/bank-transactions?date_from=${year}-01-01&date_to=${year}-12-31&limit=50`;
      const first = await api<TransactionPage>('GET', firstPage);
      const names = first.items.map((t) => t.counterparty_name ?? '');
      const longest = names.reduce((a, b) => (b.length > a.length ? b : a), '');
      expect(longest.length).toBeGreaterThan(12);
      await expect.poll(() => cut(page, '.transaction-who')).toEqual([]);
      expect(await page.locator('.transaction-who').allTextContents()).toEqual(names.map((n) => n || '—'));
      await screenshot(page, 'transactions-390');

      // A tap opens the row: the whole purpose, the number, and the category, set there.
      const target: BankTransaction = first.items[0]!;
      await rows.first().click();
      const details = page.getByTestId('transaction-details');
      await details.waitFor();
      expect(await details.locator('dd').first().textContent()).toBe(target.purpose);
      expect(await cut(page, '[data-testid="transaction-details"] dd')).toEqual([]);
      const categories = (await api<{ items: { id: number; name: string; direction: string }[] }>('GET', '/api/v1/categories')).items;
      const choice = categories.find((c) => c.id !== target.category_id && (c.direction === 'any' || c.direction === target.direction))!;
      const select = details.getByRole('combobox', { name: `Категория операции ${target.number}` });
      await select.waitFor();
      await details.locator('.ant-select').click();
      // The list is virtual and opens scrolled to the row's category: the choice may not be rendered until the search
      // narrows the list to it (which day's data the simulator generated decides where it is).
      await select.fill(choice.name);
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: new RegExp(`^${choice.name}$`) })
        .click();
      await expect
        .poll(async () => (await api<TransactionPage>('GET', firstPage)).items.find((t) => t.ref === target.ref)?.category_id)
        .toBe(choice.id);
      await details.locator('.ant-select-selection-item').getByText(choice.name, { exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, 'transactions-row-opened-390');
      await expectNoSeriousAxeViolations(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('at 1440 px: a counterparty and a purpose show whole in a real tooltip', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1440, height: 900 });
    try {
      await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      // The category column is there, editable.
      await rows
        .first()
        .getByRole('combobox', { name: /^Категория операции / })
        .waitFor();
      // No native tooltips left on the counterparty and purpose.
      expect(await page.locator('.ant-table-tbody .cell-main [title]').count()).toBe(0);
      const purpose = rows.first().locator('.cell-sub.cell-ellipsis');
      const text = (await purpose.textContent())!;
      await purpose.hover();
      await page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').getByText(text, { exact: true }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('at 1440 px: a click on a month shows that month, one on a category filters by it', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1440, height: 900 });
    try {
      await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      const january = page.locator(`[data-month="${year}-01"]`);
      await january.hover();
      const tip = page.locator('.ant-tooltip:not(.ant-tooltip-hidden)');
      await tip.getByText(`янв ${year}`, { exact: true }).waitFor();
      await tip.getByText(/^Поступления: /).waitFor();
      expect(await page.locator('.chart__svg title').count()).toBe(0);

      await january.click();
      const from = page.getByLabel('Период').first();
      await expect.poll(() => from.inputValue()).toBe(`01.01.${year}`);
      await expect
        .poll(async () => (await page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allTextContents()).length)
        .toBeGreaterThan(0);
      const january1 = await api<TransactionPage>('GET', `/api/v1/bank-transactions?date_from=${year}-01-01&date_to=${year}-01-31&limit=1`);
      const count = page.locator('.total').last().locator('.total__value');
      await expect.poll(async () => Number((await count.textContent())?.replace(/\s/g, ''))).toBe(january1.total);
      const days = await page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allTextContents();
      expect(days.every((d) => d.endsWith(`.01.${year}`))).toBe(true);

      // The largest expense category of January: a click filters by it (and by expenses).
      const pick = page.locator('.category-chart__pick').first();
      const name = (await pick.textContent())!;
      await pick.click();
      await expect.poll(() => page.locator('.filters__category .ant-select-selection-item').textContent()).toBe(name);
      await expect.poll(() => page.locator('.amount--in').count()).toBe(0);
      await expect
        .poll(async () => new Set(await rows.locator('.category-select .ant-select-selection-item').allTextContents()))
        .toEqual(new Set([name]));
      await screenshot(page, 'transactions-chart-filter-1440');
      // Clickable months and categories: still no serious accessibility violation on the page.
      await expectNoSeriousAxeViolations(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
