// @vitest-environment jsdom
/**
 * The React side of the report export against the running application: log-in with the web client, the button
 * starts an export, TaskProgress follows it over the socket to the end.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { configureApi, login, setSession, type Task } from '../../web/src/embed';
import { HeldSource } from './heldSource.js';
import ReportExportButton from './ReportExportButton';
import { startTestReportApp, type TestReportApp } from './testReportApp.js';

// The route's default chunk is 1000 rows: the export holds after its first chunk, at 25%.
const source = new HeldSource(1000);
let running: TestReportApp;

beforeAll(async () => {
  running = await startTestReportApp(source);
  configureApi({ baseUrl: running.base, storage: null });
  await login('ann', 'ann-password');
});
afterAll(async () => {
  setSession(null);
  source.resume();
  await running?.close();
});

test('the button starts an export and TaskProgress shows it live to the end', async () => {
  const done: Task[] = [];
  render(<ReportExportButton rows={4000} onDone={(task) => done.push(task)} />);
  fireEvent.click(screen.getByRole('button', { name: 'Export 4000 rows' }));

  const bar = () => screen.getByRole('progressbar', { name: 'Ход выполнения' });
  await waitFor(() => expect(bar().getAttribute('aria-valuenow')).toBe('25'));
  source.resume();
  await screen.findByText('Завершена');
  expect(bar().getAttribute('aria-valuenow')).toBe('100');
  await waitFor(() => expect(done).toHaveLength(1));
  expect(done[0]!.result).toMatchObject({ rows: 4000 });
});
