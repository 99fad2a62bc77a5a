/**
 * In a real browser: an account with the role `user` sees the data but cannot start a sync, and is told why.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  launchBrowser,
  logIn,
  openPage,
  openSection,
  screenshot,
  screenshotOnFailure,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

describeInBrowser('web app: roles', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await server.addUser('viewer', 'user', 'viewer-password');
    ({ page, errors } = await openPage(browser));
  }, 60_000);

  screenshotOnFailure(() => page);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a user account cannot start a sync and sees why', async () => {
    await logIn(page, server.url, 'viewer', 'viewer-password');
    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    const start = dialog.getByRole('button', { name: 'Запустить синхронизацию' });
    await start.waitFor();
    expect(await start.isDisabled()).toBe(true);
    const reasonId = await start.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${reasonId}"]`).textContent()).toContain(
      'Запускать синхронизацию могут только администраторы и менеджеры',
    );
    await screenshot(page, 'sync-forbidden-for-user');

    await dialog.getByRole('tab', { name: 'Контрагенты' }).click();
    expect(await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).last().isDisabled()).toBe(true);
    // Nothing was started on the server either.
    expect((await server.engine.listTasks({ limit: 10, offset: 0 })).total).toBe(0);

    // No clean-up of old tasks for this role either.
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    await openSection(page, 'Задачи');
    expect(await page.getByRole('button', { name: 'Очистить старые' }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
