/**
 * SyncModal's priority and later start in a real browser (Debian's Chromium through playwright-core) against the
 * real server: a high-priority sync scheduled for tomorrow morning from the picker's quick choice, how the dialog
 * shows it while it waits (and that the server holds it back), its cancellation, and the same on a phone, where
 * the dialog and the picker must fit the screen.
 */
import type { Locator, Page } from 'playwright-core';
import dayjs from 'dayjs';
import { beforeAll, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  adminInBrowser,
  describeInBrowser,
  logIn,
  openPage,
  screenshot,
  type E2eServer,
} from '../../test/e2e/support/browser.js';

describeInBrowser('web app: a sync scheduled for later', () => {
  const session = adminInBrowser();
  let server: E2eServer;
  let page: Page;
  let errors: string[];
  beforeAll(() => {
    ({ server, page, errors } = session);
  });

  /** Chooses the option `label` of a button group (the radio input itself is hidden under its label). */
  const choose = async (dialog: Locator, label: string): Promise<void> => {
    await dialog.locator('label.ant-radio-button-wrapper').filter({ hasText: label }).click();
    await expect.poll(() => dialog.getByRole('radio', { name: label }).isChecked()).toBe(true);
  };

  /** The open start-time popup. */
  const pickerPopup = (p: Page): Locator => p.locator('.run-at-popup:not(.ant-picker-dropdown-hidden)');

  /** The only pending sync task on the server. */
  async function pendingSync() {
    const { tasks } = await server.engine.listTasks({ limit: 100, offset: 0 });
    const pending = tasks.filter((t) => t.status === 'pending');
    expect(pending).toHaveLength(1);
    return pending[0]!;
  }

  /** Cancels the waiting sync from the dialog and goes back to the form. */
  async function cancelFromDialog(p: Page, dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: 'Отменить задачу' }).click();
    await p.getByRole('button', { name: 'Да, отменить' }).click();
    await dialog.locator('.task-progress__status').getByText('Отменена').waitFor();
    await expect.poll(() => dialog.getByText(/^Синхронизация запланирована на /).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Новая синхронизация' }).click();
    await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).waitFor();
  }

  it('schedules a high-priority sync for tomorrow morning and shows it waiting', async () => {
    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    await choose(dialog, 'Высокий');
    await choose(dialog, 'Позже');
    await dialog.getByRole('button', { name: 'Запланировать синхронизацию' }).waitFor();
    await dialog.getByLabel('Дата и время запуска').click();
    const popup = pickerPopup(page);
    await popup.waitFor();
    await screenshot(page, 'sync-schedule-picker');
    await popup.getByText('Завтра в 07:00', { exact: true }).click();
    const tomorrow = dayjs().add(1, 'day').hour(7).minute(0).second(0).millisecond(0);
    await expect.poll(() => dialog.getByLabel('Дата и время запуска').inputValue()).toBe(tomorrow.format('DD.MM.YYYY HH:mm'));
    await screenshot(page, 'sync-schedule-form');

    await dialog.getByRole('button', { name: 'Запланировать синхронизацию' }).click();
    await dialog.getByText(`Синхронизация запланирована на ${tomorrow.format('DD.MM.YYYY, HH:mm')}`).waitFor();
    await dialog.getByText(/^Запуск через (\d+ ч|1 день)$/).waitFor();
    await dialog.locator('.task-progress__status').getByText('Ожидает').waitFor();
    await dialog.getByText(/· высокий приоритет/).waitFor();
    await screenshot(page, 'sync-scheduled');

    const task = await pendingSync();
    expect(task).toMatchObject({ task_type: 'sync_bank_transactions', priority: 5, attempt: 0 });
    expect(Date.parse(task.run_at)).toBe(tomorrow.valueOf());
    // Held back: a moment later it still waits.
    await page.waitForTimeout(500);
    expect((await server.engine.getTask(task.task_id))!.status).toBe('pending');

    await cancelFromDialog(page, dialog);
    expect(await dialog.getByRole('radio', { name: 'Обычный' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: 'Сейчас' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits a phone: the dialog, the picker and the scheduled sync', async () => {
    const width = 390;
    const phone = await openPage(session.browser, { width, height: 844 });
    try {
      await logIn(phone.page, server.url, 'admin', ADMIN_PASSWORD);
      await phone.page.getByRole('button', { name: 'Синхронизировать' }).click();
      const dialog = phone.page.getByRole('dialog', { name: 'Синхронизация с 1С' });
      await choose(dialog, 'Позже');
      const picker = dialog.getByLabel('Дата и время запуска');
      await picker.waitFor();
      await screenshot(phone.page, 'sync-schedule-phone');
      const inside = async (locator: Locator) => {
        const box = (await locator.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      };
      for (const label of ['Низкий', 'Обычный', 'Высокий', 'Сейчас', 'Позже']) {
        await inside(dialog.locator('label.ant-radio-button-wrapper').filter({ hasText: label }));
      }
      await inside(dialog.locator('.sync-schedule__picker'));

      await picker.click();
      const popup = pickerPopup(phone.page);
      await popup.waitFor();
      await inside(popup.locator('.ant-picker-panel-container'));
      await screenshot(phone.page, 'sync-schedule-picker-phone');
      await popup.getByText('Через час', { exact: true }).click();
      await expect.poll(() => picker.inputValue()).not.toBe('');

      await dialog.getByRole('button', { name: 'Запланировать синхронизацию' }).click();
      await dialog.getByText(/^Синхронизация запланирована на /).waitFor();
      await dialog.getByText(/^Запуск через (59 мин|1 ч)$/).waitFor();
      await screenshot(phone.page, 'sync-scheduled-phone');
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await inside(dialog.getByRole('button', { name: 'Отменить задачу' }));
      expect((await pendingSync()).priority).toBe(0);
      await cancelFromDialog(phone.page, dialog);
      expect(phone.errors).toEqual([]);
    } catch (err) {
      await screenshot(phone.page, 'failed-sync-schedule-phone').catch(() => {});
      throw err;
    } finally {
      await phone.context.close();
    }
  }, 60_000);
});
