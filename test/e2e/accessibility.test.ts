/**
 * axe-core on every page of the web app (issue 16): no serious or critical violation on the log-in page, the
 * transactions (with synced data), contractors, tasks, schedules and monitoring pages, at 1440 px and on a phone;
 * each page has its own document title, no icon adds its English name («bank», «search») to what a screen reader
 * says, and the keyboard's first stop skips the header.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from './support/axe.js';
import { adminInBrowser, describeInBrowser, openPage, openSection } from './support/browser.js';

const PAGES = ['Контрагенты', 'Задачи', 'Расписание', 'Мониторинг'] as const;

describeInBrowser('web app: accessibility (axe)', () => {
  const session = adminInBrowser();

  /** Waits for the page's data to settle (no spinner, no skeleton), then runs axe. */
  async function check(page: Page, include?: string): Promise<void> {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
    await expectNoSeriousAxeViolations(page, include);
    // antd's icons are role="img" named after their files; none may be read out (hideIconNames).
    expect(
      await page
        .locator(include ?? 'body')
        .first()
        .ariaSnapshot(),
    ).not.toMatch(/img "[a-z][a-z-]*"/);
  }

  it('the log-in page', async () => {
    const { page, context } = await openPage(session.browser, { width: 1440, height: 900 });
    try {
      await page.goto(`${session.server.url}/login`);
      await page.getByLabel('Имя пользователя').waitFor();
      await check(page);
      expect(await page.title()).toBe('Вход — Taskcast');
    } finally {
      await context.close();
    }
  });

  it('the transactions page with data, and the sync dialog', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).waitFor();
    await check(page, '.ant-modal-root');
    await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).click();
    await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });
    await check(page, '.ant-modal-root');
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await check(page);
    expect(await page.title()).toBe('Банковские операции — Taskcast');
    // The skip link: the first Tab stop, and it moves the focus to the page's content.
    await page.goto(`${session.server.url}/transactions`);
    await page.getByRole('heading', { name: 'Банковские операции' }).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Перейти к содержимому');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
  }, 90_000);

  for (const name of PAGES) {
    it(`the page «${name}»`, async () => {
      await openSection(session.page, name);
      await check(session.page);
      expect(await session.page.title()).toBe(`${name} — Taskcast`);
    });
  }

  it('the transactions page on a phone (390 px)', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${session.server.url}/transactions`);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await check(page);
  });
});
