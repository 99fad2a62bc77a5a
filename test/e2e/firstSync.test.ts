/**
 * A first sync must look like a success (issue 16): the transactions page and SyncModal agree on the period, and
 * after a bank sync completes the page shows that sync's period with its rows — never «Операций за период нет».
 * On a desktop (1440 px) a sync of last year moves the page from the current year to last year; on a phone
 * (390 px) the dialog opens on the page's period and the page fills in place.
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
  screenshot,
  screenshotOnFailure,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

const year = new Date().getFullYear();
const EMPTY = 'Операций за период нет';

/** The page's period inputs (from, to). */
async function pagePeriod(page: Page): Promise<[string, string]> {
  const inputs = page.locator('.filters__period input');
  return [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()];
}

/** Runs the dialog's bank sync to its end and closes the dialog. */
async function runBankSync(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
  await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).click();
  await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });
}

describeInBrowser('web app: a first sync shows its data', () => {
  let server: E2eServer;
  let browser: Browser;
  let current: Page | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  }, 60_000);
  screenshotOnFailure(() => current);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('1440 px: the dialog opens on the page’s period; a sync of last year moves the page to last year, with its rows', async () => {
    const { page, context, errors } = await openPage(browser, { width: 1440, height: 900 });
    current = page;
    try {
      await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
      await page.getByText(EMPTY).waitFor();
      expect(await pagePeriod(page)).toEqual([`01.01.${year}`, `31.12.${year}`]);

      await page.getByRole('button', { name: 'Синхронизировать' }).click();
      const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
      const from = dialog.getByLabel('Период').first();
      // The dialog and the page agree: the current year.
      await expect.poll(() => from.inputValue()).toBe(`01.01.${year}`);
      expect(await dialog.getByLabel('Период').nth(1).inputValue()).toBe(`31.12.${year}`);

      await choosePeriodPreset(page, dialog, 'Прошлый год', `01.01.${year - 1}`);
      await runBankSync(page);
      // The page moved to the sync's period and says so.
      await page.getByText(`Синхронизация завершена. Показан её период: 01.01.${year - 1} — 31.12.${year - 1}`).waitFor();
      await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
      await expect.poll(() => pagePeriod(page)).toEqual([`01.01.${year - 1}`, `31.12.${year - 1}`]);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(10);
      expect(await page.getByText(EMPTY).count()).toBe(0);
      // Every row shown is of last year.
      const dates = await page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allTextContents();
      expect(dates.length).toBeGreaterThan(10);
      for (const d of dates) expect(d).toContain(`.${year - 1}`);
      await expect.poll(async () => (await page.locator('.total--in .total__value').textContent())?.startsWith('0,00')).toBe(false);
      await screenshot(page, 'first-sync-last-year-1440');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('390 px: a sync of the page’s own period fills the page in place', async () => {
    const { page, context, errors } = await openPage(browser, { width: 390, height: 844 });
    current = page;
    try {
      await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
      // This year has not been synced yet: the page opens on it, empty.
      await page.getByText(EMPTY).waitFor();
      await page.getByRole('button', { name: 'Синхронизировать' }).click();
      const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
      await expect.poll(() => dialog.getByLabel('Период').first().inputValue()).toBe(`01.01.${year}`);
      await runBankSync(page);
      await page.getByText('Синхронизация завершена', { exact: true }).waitFor();
      await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
      expect(await pagePeriod(page)).toEqual([`01.01.${year}`, `31.12.${year}`]);
      await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(10);
      expect(await page.getByText(EMPTY).count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, 'first-sync-this-year-390');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
