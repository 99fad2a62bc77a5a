/**
 * In a real browser against `npm start`'s server (embedded 1C simulator, temporary SQLite): log in,
 * run a bank sync from SyncModal to its result, see the rows, run the counterparties sync, the tasks
 * page, and the transactions page on a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  choosePeriodPreset,
  describeInBrowser,
  launchBrowser,
  logIn,
  openPage,
  openSection,
  recordProgress,
  screenshot,
  screenshotOnFailure,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

describeInBrowser('web app: log-in and the two syncs', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ page, errors } = await openPage(browser));
  }, 60_000);

  screenshotOnFailure(() => page);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password and logs the admin in', async () => {
    await page.goto(`${server.url}/transactions`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Имя пользователя').fill('admin');
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Неверное имя пользователя или пароль').waitFor();
    await screenshot(page, 'login-error');

    await page.getByLabel('Пароль').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Банковские операции' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/transactions');
    await page.getByText('Операций за период нет').waitFor();
  }, 60_000);

  it('runs a bank sync from SyncModal: the bar moves to completion and shows the result', async () => {
    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    await dialog.waitFor();
    await dialog.getByText('Демо-данные: встроенный симулятор 1С').waitFor();
    await expect.poll(() => dialog.getByRole('switch', { name: 'Автоматическая классификация' }).getAttribute('aria-checked')).toBe('true');
    // This year instead of the default month: enough documents for the bar to move visibly.
    await choosePeriodPreset(page, dialog, 'Этот год', `01.01.${new Date().getFullYear()}`);

    const progress = await recordProgress(page);
    await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).click();
    const bar = dialog.getByRole('progressbar', { name: 'Ход выполнения' });
    await bar.waitFor();
    await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    const values = await progress();
    expect(values.at(-1)).toBe(100);
    expect(values.some((v) => v > 0 && v < 100)).toBe(true);
    for (const label of ['Загружено', 'Создано', 'Обновлено', 'Пропущено', 'Классифицировано', 'Время']) {
      await dialog.getByRole('region', { name: 'Результат' }).getByText(label, { exact: true }).waitFor();
    }
    const loaded = await dialog.locator('[data-key="loaded"] dd').textContent();
    expect(Number(loaded?.replace(/\s/g, ''))).toBeGreaterThan(100);
    await screenshot(page, 'sync-bank-completed');
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows the synced rows, totals and charts on the transactions page', async () => {
    await page.getByRole('dialog', { name: 'Синхронизация с 1С' }).getByRole('button', { name: 'Закрыть' }).last().click();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(10);
    await expect.poll(async () => (await page.locator('.total--in .total__value').textContent())?.startsWith('0,00')).toBe(false);
    // The month chart, drawn: its bars (each one filters the page by its month).
    await page
      .locator('figure.chart', { has: page.getByText('Поступления и списания по месяцам', { exact: true }) })
      .locator('.chart__month')
      .first()
      .waitFor();
    await screenshot(page, 'transactions');

    // The category of a transaction is edited in place.
    const firstRow = rows.first();
    expect(await firstRow.getByRole('combobox', { name: /Категория операции/ }).count()).toBe(1);
    const before = (await firstRow.locator('.category-select .ant-select-selection-item').textContent()) ?? '';
    await firstRow.locator('.category-select').click();
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    const names = await options.allTextContents();
    const target = names.find((n) => n !== before && n !== 'Без категории')!;
    await options.filter({ hasText: target }).first().click();
    await page.getByText('Категория сохранена').waitFor();
    await expect.poll(() => firstRow.locator('.category-select .ant-select-selection-item').textContent()).toBe(target);
    await firstRow.getByLabel('Назначена вручную').waitFor();

    // Filters: only outgoing payments.
    await page.getByText('Списания', { exact: true }).first().click();
    await expect.poll(() => page.locator('.amount--in').count()).toBe(0);
    expect(await page.locator('.amount--out').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('runs the counterparties sync and lists them', async () => {
    await openSection(page, 'Контрагенты');
    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    await expect.poll(() => dialog.getByRole('tab', { name: 'Контрагенты' }).getAttribute('aria-selected')).toBe('true');
    await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).click();
    await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });
    await screenshot(page, 'sync-contractors-completed');
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(10);
    await page.getByRole('searchbox', { name: 'Поиск' }).fill('ООО');
    await page.getByRole('searchbox', { name: 'Поиск' }).press('Enter');
    await expect
      .poll(async () => (await page.locator('.ant-table-tbody tr.ant-table-row').allTextContents()).every((t) => t.includes('ООО')))
      .toBe(true);
    await screenshot(page, 'contractors');
    expect(errors).toEqual([]);
  }, 60_000);

  it('lists both syncs on the tasks page and opens a task’s page', async () => {
    await openSection(page, 'Задачи');
    await page.getByText('Обновляется в реальном времени').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('button', { name: 'Очистить старые' }).waitFor();
    // A row opens the task's page.
    await rows.first().click();
    await page.getByRole('heading', { name: 'Синхронизация контрагентов' }).waitFor();
    await page.locator('.task-page').getByRole('region', { name: 'Результат' }).waitFor();
    await screenshot(page, 'task-page');
    await page.goBack();
    await expect.poll(() => rows.count()).toBe(2);
    await screenshot(page, 'tasks');
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits a phone screen', async () => {
    const phone = await openPage(browser, { width: 390, height: 844 });
    try {
      await logIn(phone.page, server.url, 'admin', ADMIN_PASSWORD);
      await expect.poll(() => phone.page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(10);
      // Nothing wider than the screen: no horizontal scrolling of the page itself.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone.page, 'transactions-phone');
      await phone.page.getByRole('button', { name: 'Синхронизировать' }).click();
      await phone.page
        .getByRole('dialog', { name: 'Синхронизация с 1С' })
        .getByRole('button', { name: 'Запустить синхронизацию' })
        .waitFor();
      await screenshot(phone.page, 'sync-modal-phone');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  }, 60_000);
});
