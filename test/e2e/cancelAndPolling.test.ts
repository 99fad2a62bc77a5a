/**
 * In a real browser against a server whose 1C (a simulator here) answers slowly: cancelling a running
 * sync from TaskProgress, and following a sync to completion by polling when WebSockets are blocked.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/onec/index.js';
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
  watchForText,
  type E2eServer,
} from './support/browser.js';

describeInBrowser('web app: cancelling a slow sync, and polling without WebSockets', () => {
  let sim: RunningSimulator;
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const year = new Date().getFullYear();
    sim = await startSimulator({ seed: 3, contractors: 40, documents: 1200, from: `${year}-01-01`, to: `${year}-12-31` });
    [server, browser] = await Promise.all([startE2eServer({ ONEC_URL: sim.url }), launchBrowser()]);
    ({ page, errors } = await openPage(browser));
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
  }, 60_000);

  screenshotOnFailure(() => page);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sim?.close();
  });

  /** Opens SyncModal, picks this year and starts the bank sync; answers the dialog. */
  async function startYearSync() {
    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    await choosePeriodPreset(page, dialog, 'Этот год', `01.01.${new Date().getFullYear()}`);
    await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).click();
    await dialog.getByRole('progressbar', { name: 'Ход выполнения' }).waitFor();
    return dialog;
  }

  it('cancels a slow sync: the cancellation shows until the task stops as cancelled', async () => {
    sim.setFaults({ latencyMs: 150 });
    const dialog = await startYearSync();
    const bar = dialog.getByRole('progressbar', { name: 'Ход выполнения' });
    // Documents are being loaded: the bar has left zero.
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, 'sync-running');
    await dialog.getByRole('button', { name: 'Отменить задачу' }).click();
    const cancellingShown = await watchForText(page, 'Отмена запрошена');
    await page.getByRole('button', { name: 'Да, отменить' }).click();

    // The sync stops at its next yield point (the slow 1C request in flight is aborted): often at once.
    await dialog.getByText('Отменена', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await cancellingShown()).toBe(true);
    await dialog.getByText(/Задача отменена/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Отмена…' }).count()).toBe(0);
    await screenshot(page, 'sync-cancelled');
    const tasks = await server.engine.listTasks({ limit: 10, offset: 0 });
    expect(tasks.tasks[0]?.status).toBe('cancelled');
    await dialog.getByRole('button', { name: 'Новая синхронизация' }).click();
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    expect(errors).toEqual([]);
  }, 60_000);

  it('reaches completion by polling when WebSockets are blocked', async () => {
    sim.setFaults({ latencyMs: 40 });
    // Every WebSocket of the page is closed at once, as a proxy without WebSocket support would.
    let blocked = 0;
    await page.routeWebSocket(/\/api\/v1\/ws\//, (ws) => {
      blocked++;
      void ws.close({ code: 1011, reason: 'blocked by the test' });
    });
    await page.goto(`${server.url}/transactions`);
    const dialog = await startYearSync();
    await expect.poll(() => dialog.locator('.task-progress').getAttribute('data-transport')).toBe('polling');
    await dialog.getByText('↻ каждые 2 с').waitFor();
    await screenshot(page, 'sync-polling');
    await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });
    expect(await dialog.getByRole('progressbar', { name: 'Ход выполнения' }).getAttribute('aria-valuenow')).toBe('100');
    await dialog.getByRole('region', { name: 'Результат' }).getByText('Загружено').waitFor();
    await screenshot(page, 'sync-completed-by-polling');
    expect(blocked).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
