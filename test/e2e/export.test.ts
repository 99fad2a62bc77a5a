/**
 * Export of the current selection of transactions (issue 16): after a sync, with only outgoing payments selected,
 * «Экспорт» → CSV and → Excel (XLSX) download every selected row (not only the page on screen), the XLSX read back
 * with exceljs in Node.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { adminInBrowser, describeInBrowser } from './support/browser.js';

/** Clicks «Экспорт» → `item` and returns the downloaded file's name and bytes. */
async function download(page: Page, item: string): Promise<{ name: string; body: Buffer }> {
  await page.getByRole('button', { name: 'Экспорт выбранных операций' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: item }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(path) };
}

describeInBrowser('web app: export of the selected transactions', () => {
  const session = adminInBrowser();

  it('downloads every selected row as CSV and as XLSX', async () => {
    const { page } = session;
    const year = new Date().getFullYear();
    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    await dialog.getByRole('button', { name: 'Запустить синхронизацию' }).click();
    await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    await page.getByText('Списания', { exact: true }).first().click();
    await expect.poll(() => page.locator('.amount--in').count()).toBe(0);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    const total = Number((await page.locator('.total').last().locator('.total__value').textContent())!.replace(/\s/g, ''));
    // More than one page of 50: the export reads them all.
    expect(total).toBeGreaterThan(50);

    const csv = await download(page, 'CSV (Excel, 1С)');
    expect(csv.name).toBe(`операции_${year}-01-01_${year}-12-31.csv`);
    const text = csv.body.toString('utf8');
    expect(text.startsWith('\uFEFFДата;Номер;Направление;Сумма;Контрагент;Категория;Назначение платежа\r\n')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n').slice(1);
    expect(lines).toHaveLength(total);
    for (const line of lines) expect(line).toMatch(new RegExp(`^\\d\\d\\.\\d\\d\\.${year};[^;]*;Списание;-\\d+,\\d\\d;`));
    await page.getByText(`Выгружено операций: ${total.toLocaleString('ru-RU')}`).waitFor();

    const xlsx = await download(page, 'Excel (XLSX)');
    expect(xlsx.name).toBe(`операции_${year}-01-01_${year}-12-31.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Банковские операции')!;
    expect(sheet.rowCount).toBe(total + 1);
    expect(sheet.getRow(1).getCell(1).value).toBe('Дата');
    const amounts = Array.from({ length: total }, (_, i) => sheet.getRow(i + 2).getCell(4).value);
    expect(amounts.every((a) => typeof a === 'number' && a < 0)).toBe(true);
    expect(session.errors).toEqual([]);
  }, 120_000);
});
