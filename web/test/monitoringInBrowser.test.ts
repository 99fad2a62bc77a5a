/**
 * The «Мониторинг» page in a real browser (Debian's Chromium through playwright-core) against the real server (its
 * monitoring feature mounts GET /api/v1/metrics/summary): the readable empty state on a fresh server; after tasks
 * ran (3 completed, 1 failed; of types no runner claims, driven through the server's engine) the totals, the charts
 * with a tooltip on hover, and the table by type; the period switched to 24 hours.
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { adminInBrowser, describeInBrowser, openSection, screenshot, type E2eServer } from '../../test/e2e/support/browser.js';

describeInBrowser('web app: monitoring', () => {
  const session = adminInBrowser();
  let server: E2eServer;
  let page: Page;
  let errors: string[];
  beforeAll(() => {
    ({ server, page, errors } = session);
  });

  /** A task of `type` that ran and ended: completed, or failed with `error`. */
  async function ranTask(type: string, error?: string): Promise<void> {
    const { task_id } = await server.engine.createTask({ task_type: type });
    await server.engine.startTask(task_id);
    if (error) await server.engine.failTask(task_id, error);
    else await server.engine.completeTask(task_id, { ok: true });
  }

  it('shows the empty state, then the charts of the tasks that ran, with a tooltip on hover', async () => {
    await openSection(page, 'Мониторинг');
    await page.getByText('Пока нет данных: за этот период задачи не выполнялись').waitFor();
    await screenshot(page, 'monitoring-empty');

    await ranTask('manual_report');
    await ranTask('manual_report');
    await ranTask('report_export');
    await ranTask('report_export', 'Диск переполнен');
    await page.getByRole('button', { name: 'Обновить' }).click();

    const throughput = page.getByRole('figure', { name: 'Выполнено задач' });
    await throughput.waitFor();
    expect(await page.getByTestId('total-completed').textContent()).toBe('3');
    expect(await page.getByTestId('total-failed').textContent()).toBe('1');
    expect(await throughput.getByText(/завершено 3, с ошибкой 1/).count()).toBe(1);

    // The tasks ended in the current step: the last one on the right.
    const hover = throughput.getByTestId('chart-hover');
    const box = (await hover.boundingBox())!;
    await hover.hover({ position: { x: box.width - 3, y: box.height / 2 } });
    const tip = throughput.getByRole('tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/Завершено3.*Ошибка1/);
    const byType = page.getByRole('figure', { name: 'По типам задач' });
    expect(await byType.getByRole('row').filter({ hasText: 'report_export' }).textContent()).toMatch(/report_export0011/);
    await screenshot(page, 'monitoring');

    await page.getByText('24 часа', { exact: true }).click();
    await throughput.getByText(/^За последние 24 часа: завершено 3, с ошибкой 1/).waitFor({ state: 'attached' });
    await screenshot(page, 'monitoring-24h');
    expect(errors).toEqual([]);
  });
});
