/**
 * Dark mode (issue 16) in the real browser: with the system asking for dark (Chromium's emulated
 * `prefers-color-scheme`), every main page has a dark background, its panels, tables and totals are not white, and
 * axe finds no serious or critical violation (text contrast among them); the header's switch overrides the system,
 * is kept after a reload, and «Как в системе» follows the system live.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe.js';
import { ADMIN_PASSWORD, adminInBrowser, describeInBrowser, logIn, openPage, openSection, screenshot } from './support/browser.js';

const PAGES = ['Контрагенты', 'Задачи', 'Расписание', 'Мониторинг', 'Пользователи'] as const;

/** The relative luminance (0 black … 1 white) of the first element's background, found up its ancestors. */
function backgroundLuminance(page: Page, selector: string): Promise<number> {
  return page.evaluate((selector) => {
    let el: Element | null = document.querySelector(selector);
    if (!el) throw new Error(`no element ${selector}`);
    for (; el; el = el.parentElement) {
      const m =
        getComputedStyle(el)
          .backgroundColor.match(/[\d.]+/g)
          ?.map(Number) ?? [];
      if (m.length >= 3 && (m.length < 4 || m[3]! > 0.5)) {
        const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(m[0]!) + 0.7152 * f(m[1]!) + 0.0722 * f(m[2]!);
      }
    }
    return 1; // no background anywhere: the canvas, white
  }, selector);
}

/** The scheme the page shows (data-theme on <html>). */
function shownScheme(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset.theme);
}

/** Waits for the data to settle, then: a dark page, no white panel among `panels`, no serious axe violation. */
async function expectDark(page: Page, panels: readonly string[], include?: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
  expect(await shownScheme(page)).toBe('dark');
  expect(await backgroundLuminance(page, 'body')).toBeLessThan(0.05);
  for (const panel of panels) {
    if ((await page.locator(panel).count()) === 0) throw new Error(`no ${panel} on the page`);
    expect(await backgroundLuminance(page, panel), panel).toBeLessThan(0.05);
  }
  await expectNoSeriousAxeViolations(page, include);
}

describeInBrowser('web app: dark mode', () => {
  const session = adminInBrowser();

  it('the system asks for dark: the log-in page and every main page are dark, readable and pass axe', async () => {
    const { page, context } = await openPage(session.browser, { width: 1440, height: 900 });
    try {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`${session.server.url}/login`);
      await page.getByLabel('Имя пользователя').waitFor();
      await expectDark(page, ['.login__card', 'input#username, .ant-input']);

      await logIn(page, session.server.url, 'admin', ADMIN_PASSWORD);
      // The transactions with data: the table, the totals and both charts.
      await page.getByRole('button', { name: 'Синхронизировать' }).click();
      const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
      await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).click();
      await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });
      await expectDark(page, ['.ant-modal-content'], '.ant-modal-root');
      await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
      await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
      await expectDark(page, ['.filters', '.total', '.panel', '.ant-table', '.ant-table-tbody tr.ant-table-row td']);
      // The charts draw in the dark scheme's colours: the bars' fill is the dark --c-in, not the light one.
      const barFill = await page
        .locator('.chart__bar--in')
        .first()
        .evaluate((el) => getComputedStyle(el).fill);
      expect(barFill).toBe('rgb(76, 194, 122)');
      await screenshot(page, 'dark-transactions');
      // On a phone too.
      await page.setViewportSize({ width: 390, height: 844 });
      await expectDark(page, ['.filters', '.total', '.ant-table']);
      await screenshot(page, 'dark-transactions-phone');
      await page.setViewportSize({ width: 1440, height: 900 });

      // «Синхронизация завершена» sits over the menu until it goes (longer on a loaded machine).
      await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 40_000 }).toBe(0);
      for (const name of PAGES) {
        await openSection(page, name);
        await expectDark(page, name === 'Мониторинг' ? ['.monitoring__card, .monitoring__empty'] : ['.ant-table']);
        if (name === 'Мониторинг') await screenshot(page, 'dark-monitoring');
      }
      await openSection(page, 'Задачи');
      await page.locator('.ant-table-tbody tr.ant-table-row').first().click();
      await page.getByRole('heading', { name: /Синхронизация/ }).waitFor();
      await expectDark(page, ['.task-page__progress']);
      await screenshot(page, 'dark-task');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the header switch overrides the system, is kept after a reload, and «Как в системе» follows the system live', async () => {
    const { page, context } = await openPage(session.browser, { width: 1280, height: 900 });
    try {
      await page.emulateMedia({ colorScheme: 'light' });
      await logIn(page, session.server.url, 'admin', ADMIN_PASSWORD);
      expect(await shownScheme(page)).toBe('light');
      // The light look is the original one: the page's grey and white panels.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(243, 245, 249)');
      expect(await page.locator('.filters').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');

      await page.getByRole('button', { name: 'Тема: как в системе' }).click();
      await page.getByRole('menuitem', { name: 'Тёмная' }).waitFor();
      await screenshot(page, 'theme-switch');
      await page.getByRole('menuitem', { name: 'Тёмная' }).click();
      await expect.poll(() => shownScheme(page)).toBe('dark');
      expect(await backgroundLuminance(page, '.filters')).toBeLessThan(0.05);
      expect(await page.evaluate(() => localStorage.getItem('taskcast.theme'))).toBe('dark');

      await page.reload();
      await page.getByRole('heading', { name: 'Банковские операции' }).waitFor();
      expect(await shownScheme(page)).toBe('dark');
      await page.getByRole('button', { name: 'Тема: тёмная' }).waitFor();
      await expectDark(page, ['.filters', '.ant-table']);

      // «Светлая» wins over a dark system.
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.getByRole('button', { name: 'Тема: тёмная' }).click();
      // The switch's own menu is readable in dark (its picked item in the primary colour).
      await page.getByRole('menuitem', { name: 'Светлая' }).waitFor();
      await expectNoSeriousAxeViolations(page, '.ant-dropdown');
      await page.getByRole('menuitem', { name: 'Светлая' }).click();
      await expect.poll(() => shownScheme(page)).toBe('light');

      // «Как в системе»: the system's scheme, and its changes as they happen, without a reload.
      await page.getByRole('button', { name: 'Тема: светлая' }).click();
      await page.getByRole('menuitem', { name: 'Как в системе' }).click();
      await expect.poll(() => shownScheme(page)).toBe('dark');
      expect(await page.evaluate(() => localStorage.getItem('taskcast.theme'))).toBeNull();
      await page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(() => shownScheme(page)).toBe('light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => shownScheme(page)).toBe('dark');
    } finally {
      await context.close();
    }
  });
});
