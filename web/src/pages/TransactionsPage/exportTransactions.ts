/**
 * Export of the transactions the page shows (its period, direction, category and search) to CSV or XLSX. Every
 * matching row is read (pages of 500, at most {@link EXPORT_MAX_ROWS}), not only the page on screen. CSV is UTF-8
 * with a BOM and `;` between fields, as Excel with Russian settings opens it; XLSX is written by exceljs, loaded
 * only when a person asks for it (about 1 MB, kept out of the page's own bundle).
 */
import { listBankTransactions, type BankTransaction, type TransactionFilter } from '@/api/data';
import { T } from '@/texts';

/** The most rows one export reads (20 requests of 500). */
export const EXPORT_MAX_ROWS = 10_000;
const PAGE = 500;

/** The two formats offered. */
export type ExportFormat = 'csv' | 'xlsx';

/** Every transaction matching `filter`, up to {@link EXPORT_MAX_ROWS}; `truncated` when there were more. */
export async function readAllTransactions(filter: TransactionFilter): Promise<{ rows: BankTransaction[]; truncated: boolean }> {
  const rows: BankTransaction[] = [];
  let total = 0;
  do {
    const answer = await listBankTransactions(filter, PAGE, rows.length);
    rows.push(...answer.items);
    total = answer.total;
    if (answer.items.length === 0) break;
  } while (rows.length < total && rows.length < EXPORT_MAX_ROWS);
  return { rows: rows.slice(0, EXPORT_MAX_ROWS), truncated: total > EXPORT_MAX_ROWS };
}

/** The columns of both formats: heading and the cell of a row (an amount is signed: a payment out is negative). */
const COLUMNS: { title: string; value: (t: BankTransaction) => string | number }[] = [
  { title: T.transactions.date, value: (t) => `${t.date.slice(8, 10)}.${t.date.slice(5, 7)}.${t.date.slice(0, 4)}` },
  { title: T.transactions.number, value: (t) => t.number },
  { title: T.transactions.direction, value: (t) => (t.direction === 'in' ? T.transactions.exportIn : T.transactions.exportOut) },
  { title: T.transactions.amount, value: (t) => (t.direction === 'in' ? t.amount : -t.amount) },
  { title: T.transactions.counterparty, value: (t) => t.counterparty_name ?? '' },
  { title: T.transactions.category, value: (t) => t.category_name ?? T.transactions.noCategory },
  { title: T.transactions.purpose, value: (t) => t.purpose },
];

function csvField(value: string | number): string {
  // Amounts with a decimal comma, as Russian Excel reads numbers.
  const text = typeof value === 'number' ? value.toFixed(2).replace('.', ',') : value;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text (with a BOM) of `rows`. */
export function transactionsCsv(rows: readonly BankTransaction[]): string {
  const lines = [COLUMNS.map((c) => csvField(c.title)).join(';'), ...rows.map((r) => COLUMNS.map((c) => csvField(c.value(r))).join(';'))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The XLSX workbook of `rows`: one sheet, a bold frozen heading, amounts as numbers in the ru-RU money format. */
export async function transactionsXlsx(rows: readonly BankTransaction[]): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(T.transactions.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c, i) => ({ header: c.title, key: String(i), width: [12, 14, 14, 16, 40, 28, 80][i] }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(COLUMNS.map((c) => c.value(r)));
  sheet.getColumn(4).numFmt = '#,##0.00';
  return (await book.xlsx.writeBuffer()) as ArrayBuffer;
}

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Reads the rows of `filter`, builds the file and hands it to the browser as a download named after the period. */
export async function exportTransactions(filter: TransactionFilter, format: ExportFormat): Promise<{ rows: number; truncated: boolean }> {
  const { rows, truncated } = await readAllTransactions(filter);
  const body = format === 'csv' ? transactionsCsv(rows) : await transactionsXlsx(rows);
  const url = URL.createObjectURL(new Blob([body], { type: MIME[format] }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${T.transactions.exportFile}_${filter.date_from ?? ''}_${filter.date_to ?? ''}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once click() returns; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return { rows: rows.length, truncated };
}
