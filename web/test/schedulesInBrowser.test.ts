/**
 * The «Расписание» page in a real browser (Debian's Chromium through playwright-core) against the real server: a
 * schedule created from the page's form, with the live preview of its next runs (and a wrong expression refused on
 * its field, in Russian), listed with its next run; «Запустить сейчас» and the link to the task it started; then
 * the page on a phone, with that schedule listed.
 */
import type { Locator } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  adminInBrowser,
  describeInBrowser,
  logIn,
  openPage,
  openSection,
  screenshot,
  type E2eServer,
} from '../../test/e2e/support/browser.js';
import type { Page } from 'playwright-core';

describeInBrowser('web app: schedules', () => {
  const session = adminInBrowser();
  let server: E2eServer;
  let page: Page;
  let errors: string[];
  beforeAll(() => {
    ({ server, page, errors } = session);
  });

  /** Picks `option` in the form's select labelled `label` (the options are in a popup outside the dialog). */
  async function choose(p: Page, dialog: Locator, label: string, option: string): Promise<void> {
    const item = dialog.locator('.ant-form-item').filter({ has: p.getByText(label, { exact: true }) });
    await item.locator('.ant-select-selector').click();
    await p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(option, { exact: true }).click();
    await expect.poll(() => item.locator('.ant-select-selection-item').textContent()).toBe(option);
  }

  it('creates a schedule from the page, with the preview of its next runs, and runs it now', async () => {
    await openSection(page, 'Расписание');
    await page.getByText(/Расписаний пока нет/).waitFor();
    await page.getByRole('button', { name: 'Новое расписание' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новое расписание' });
    await dialog.getByLabel('Название').fill('Контрагенты по будням');
    await choose(page, dialog, 'Что запускать', 'Контрагенты');
    // The bank sync's period is not asked for the counterparties.
    expect(await dialog.getByLabel('Период синхронизации').count()).toBe(0);

    const preview = dialog.getByTestId('schedule-preview');
    await preview.getByText('Каждый час в 00 минут').waitFor();
    await dialog.getByRole('button', { name: 'по будням в 06:00' }).click();
    expect(await dialog.getByLabel('Выражение cron').inputValue()).toBe('0 6 * * 1-5');
    await preview.getByText('По будням в 06:00').waitFor();
    const runs = preview.locator('li time');
    await expect.poll(() => runs.count()).toBe(5);
    const times = await runs.evaluateAll((els) => els.map((el) => el.getAttribute('datetime')!));
    // Weekdays at 06:00 Moscow time, shown as Moscow sees them.
    for (const t of times) {
      expect(t).toMatch(/T06:00:00\+03:00$/);
      expect([1, 2, 3, 4, 5]).toContain(new Date(Date.parse(t) + 3 * 3_600_000).getUTCDay());
    }
    expect(await runs.first().textContent()).toMatch(/^(пн|вт|ср|чт|пт), \d{2}\.\d{2}\.\d{4}, 06:00$/);
    await screenshot(page, 'schedule-form');

    // A wrong expression: refused on its field, in Russian; the preview keeps nothing wrong on screen.
    const cron = dialog.getByLabel('Выражение cron');
    await cron.fill('0 25 * * *');
    await dialog.getByText(/^Неверное выражение cron: /).waitFor();
    await expect.poll(() => preview.locator('li').count()).toBe(0);
    await screenshot(page, 'schedule-form-invalid');
    await cron.fill('0 6 * * 1-5');
    await preview.getByText('По будням в 06:00').waitFor();
    await expect.poll(() => dialog.getByText(/^Неверное выражение cron/).count()).toBe(0);

    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByText('Расписание создано').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Контрагенты по будням' });
    await row.getByText('по будням в 06:00').waitFor();
    await row.getByText('ещё не запускалось').waitFor();
    const [stored] = await server.storage.schedules.listSchedules();
    expect(stored).toMatchObject({
      name: 'Контрагенты по будням',
      task_type: 'sync_contractors',
      cron: '0 6 * * 1-5',
      timezone: 'Europe/Moscow',
    });

    // Run now: the task starts, the row follows it, and its link opens the task on the tasks page.
    await row.getByRole('button', { name: 'Запустить сейчас: Контрагенты по будням' }).click();
    await page.getByTestId('schedule-run-message').waitFor();
    await row.locator('.status-tag').getByText('Завершена', { exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'schedules');
    const taskId = (await server.storage.schedules.getSchedule(stored!.id))!.last_task_id!;
    expect((await server.engine.getTask(taskId))!.metadata).toMatchObject({ schedule_id: stored!.id });
    await row.getByRole('link', { name: /Последняя задача: завершена/ }).click();
    await page.getByRole('heading', { name: 'Задачи' }).waitFor();
    expect(new URL(page.url()).search).toBe(`?task=${taskId}`);
    const task = page.getByRole('dialog');
    await task.locator('.task-progress__status').getByText('Завершена').waitFor();
    await task.getByRole('button', { name: 'Закрыть' }).last().click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect(errors).toEqual([]);
  }, 90_000);

  it('fits a phone: the list and the form', async () => {
    const width = 390;
    const phone = await openPage(session.browser, { width, height: 844 });
    try {
      await logIn(phone.page, server.url, 'admin', ADMIN_PASSWORD);
      await openSection(phone.page, 'Расписание');
      await phone.page.getByRole('row').filter({ hasText: 'Контрагенты по будням' }).waitFor();
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(phone.page, 'schedules-phone');
      await phone.page.getByRole('button', { name: 'Новое расписание' }).click();
      const dialog = phone.page.getByRole('dialog', { name: 'Новое расписание' });
      await dialog.getByTestId('schedule-preview').getByText('Каждый час в 00 минут').waitFor();
      const box = (await dialog.locator('.ant-modal-content').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await screenshot(phone.page, 'schedule-form-phone');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  }, 60_000);
});
