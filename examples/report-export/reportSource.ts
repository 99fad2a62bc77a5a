/** Where a report's rows come from: in an application, a database query; here, rows made up on the spot. */
export interface ReportSource {
  /** Rows `offset` to `offset + limit - 1`, each a list of CSV fields; `signal` aborts when the task is cancelled. */
  readRows(offset: number, limit: number, signal: AbortSignal): Promise<string[][]>;
}

/** The header of every report. */
export const REPORT_COLUMNS = ['id', 'customer', 'amount'];

/** Made-up sales rows: the same rows for the same offsets, so a report can be checked. */
export const generatedRows: ReportSource = {
  async readRows(offset, limit) {
    return Array.from({ length: limit }, (_, i) => {
      const id = offset + i + 1;
      return [String(id), `Customer ${id % 97}, Ltd.`, (((id * 7919) % 100_000) / 100).toFixed(2)];
    });
  },
};
