// @vitest-environment jsdom
/**
 * The «Расписание» page against a real server with the schedules feature: a schedule created through the form (the
 * preview of its next runs, a wrong expression refused in Russian on its field), listed, switched off, run now (the
 * last task's status follows the task live and links to it), edited and deleted; and who may see the page.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, fieldOfError, getSchedule, listSchedules } from '@/api/schedules';
import { formatMinute, formatMinuteInZone } from '@/format';
import type { TestServer } from '../../../../test/support/testServer.js';
import { waitForFinal } from '../../../../test/support/wait.js';
import { scriptedTaskType, signIn, stopServer } from '../../../test/liveServer';
import { startLiveScheduleServer } from '../../../test/scheduleServer';
import SchedulesPage from './SchedulesPage';

// The form offers the sync types; scripted types with their names stand in for them.
const bank = scriptedTaskType('sync_bank_transactions');
const contractors = scriptedTaskType('sync_contractors');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveScheduleServer(bank, contractors);
});
afterAll(async () => {
  await stopServer(server);
});

const page = () =>
  render(
    <App>
      <SchedulesPage />
    </App>,
  );

/** The row of the schedule named `name`. */
async function rowOf(name: string): Promise<HTMLElement> {
  const cell = await screen.findByText(name, { selector: '.schedules__name' });
  return cell.closest('tr') as HTMLElement;
}

/** «Пн, 07.12.2026, 02:30» as the form shows a run in Moscow time. */
const moscow = (iso: string) =>
  new Intl.DateTimeFormat('ru-RU', {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Moscow',
  }).format(new Date(iso));

describe('SchedulesPage', () => {
  it('creates a schedule through the form with the preview, lists it, switches it off, runs it now and deletes it', async () => {
    signIn(server, server.admin);
    page();
    await screen.findByText(/Расписаний пока нет/);

    fireEvent.click(screen.getByRole('button', { name: /Новое расписание/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Новое расписание', { selector: '.ant-modal-title' })).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Название'), { target: { value: 'Выписка каждую ночь' } });
    // The defaults: the bank sync, the current month, Moscow time, every hour (its preview shows at once).
    expect(within(dialog).getByText('Банковские операции', { selector: '.ant-select-selection-item' })).toBeTruthy();
    expect(within(dialog).getByText('Текущий месяц', { selector: '.ant-select-selection-item' })).toBeTruthy();
    expect(within(dialog).getByText(/^Москва \(UTC\+3\)$/, { selector: '.ant-select-selection-item' })).toBeTruthy();
    const preview = within(dialog).getByTestId('schedule-preview');
    await within(preview).findByText('Каждый час в 00 минут');

    fireEvent.click(within(dialog).getByRole('button', { name: 'каждый день в 02:30' }));
    expect((within(dialog).getByLabelText('Выражение cron') as HTMLInputElement).value).toBe('30 2 * * *');
    await within(preview).findByText('Каждый день в 02:30');
    const runs = within(preview).getAllByRole('listitem');
    expect(runs).toHaveLength(5);
    const times = runs.map((li) => li.querySelector('time')!.getAttribute('dateTime')!);
    // Five nights in a row at 02:30 Moscow time (+03:00), shown as Moscow sees them.
    expect(times.every((t) => /T02:30:00\+03:00$/.test(t))).toBe(true);
    expect(Date.parse(times[1]!) - Date.parse(times[0]!)).toBe(86_400_000);
    expect(runs[0]!.textContent).toBe(moscow(times[0]!));
    expect(runs[0]!.textContent).toMatch(/, 02:30$/);

    // A wrong expression: the server's refusal shows on the field, in Russian with its own words after.
    const cron = within(dialog).getByLabelText('Выражение cron');
    fireEvent.change(cron, { target: { value: '61 * * * *' } });
    await within(dialog).findByText(/^Неверное выражение cron: ./);
    fireEvent.change(cron, { target: { value: '30 2 * * *' } });
    await waitFor(() => expect(within(dialog).queryByText(/^Неверное выражение cron/)).toBeNull());
    await within(preview).findByText('Каждый день в 02:30');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
    await screen.findByText('Расписание создано');
    const row = await rowOf('Выписка каждую ночь');
    expect(within(row).getByText('Банковские операции')).toBeTruthy();
    expect(within(row).getByText('текущий месяц')).toBeTruthy();
    expect(within(row).getByText('каждый день в 02:30')).toBeTruthy();
    expect(within(row).getByText('ещё не запускалось')).toBeTruthy();

    const [saved] = await listSchedules();
    expect(saved).toMatchObject({
      name: 'Выписка каждую ночь',
      task_type: 'sync_bank_transactions',
      payload: { period: 'current_month', auto_classify: true },
      cron: '30 2 * * *',
      timezone: 'Europe/Moscow',
      enabled: true,
      missed: 'skip',
      overlap: 'skip',
    });
    expect(saved!.next_run_at).not.toBeNull();
    // The next run in local time, and as Moscow sees it when that reads differently.
    expect(within(row).getByText(formatMinute(saved!.next_run_at))).toBeTruthy();
    const inMoscow = formatMinuteInZone(saved!.next_run_at!, 'Europe/Moscow');
    expect(inMoscow).toMatch(/, 02:30$/);
    if (inMoscow !== formatMinute(saved!.next_run_at)) expect(within(row).getByText(`${inMoscow} (Москва)`)).toBeTruthy();

    // Switched off: the server keeps no next run, the row says so.
    fireEvent.click(within(row).getByRole('switch', { name: 'Включено: Выписка каждую ночь' }));
    await within(row).findByText('выключено');
    await screen.findByText('Расписание выключено');
    expect(await getSchedule(saved!.id)).toMatchObject({ enabled: false, next_run_at: null });

    // Run now: a task at once; the row's status follows it and links to it.
    fireEvent.click(within(row).getByRole('button', { name: 'Запустить сейчас: Выписка каждую ночь' }));
    const notice = await screen.findByTestId('schedule-run-message');
    const { last_task_id: taskId } = await getSchedule(saved!.id);
    expect(taskId).not.toBeNull();
    expect(within(notice).getByText('Открыть задачу').getAttribute('href')).toBe(`/tasks?task=${taskId}`);
    await bank.started(taskId!);
    const task = await server.engine.getTaskRow(taskId!);
    expect(task!.metadata).toMatchObject({ schedule_id: saved!.id });
    // The relative period became dates: the current month in Moscow.
    expect(task!.payload).toMatchObject({ auto_classify: true, date_from: expect.stringMatching(/^\d{4}-\d{2}-01$/) });
    await within(row).findByText('Выполняется');
    bank.complete(taskId!);
    expect((await waitForFinal(server.engine, taskId!)).status).toBe('completed');
    const tag = await within(row).findByText('Завершена');
    expect(tag.closest('a')!.getAttribute('href')).toBe(`/tasks?task=${taskId}`);

    // Edited: a new name and every 15 minutes.
    fireEvent.click(within(row).getByRole('button', { name: 'Изменить: Выписка каждую ночь' }));
    const edit = await screen.findByRole('dialog');
    await within(edit).findByText('Изменить расписание');
    const name = within(edit).getByLabelText('Название') as HTMLInputElement;
    expect(name.value).toBe('Выписка каждую ночь');
    fireEvent.change(name, { target: { value: 'Выписка каждые 15 минут' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'каждые 15 минут' }));
    await within(within(edit).getByTestId('schedule-preview')).findByText('Каждые 15 минут');
    fireEvent.click(within(edit).getByRole('button', { name: 'Сохранить' }));
    const edited = await rowOf('Выписка каждые 15 минут');
    expect(within(edited).getByText('каждые 15 минут')).toBeTruthy();
    expect(await getSchedule(saved!.id)).toMatchObject({ cron: '*/15 * * * *', enabled: false, payload: { period: 'current_month' } });

    // Deleted after the confirmation.
    fireEvent.click(within(edited).getByRole('button', { name: 'Удалить: Выписка каждые 15 минут' }));
    const confirm = await screen.findByText('Удалить расписание?');
    fireEvent.click(within(confirm.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Удалить' }));
    await screen.findByText('Расписание удалено');
    await waitFor(() => expect(screen.queryByText('Выписка каждые 15 минут', { selector: '.schedules__name' })).toBeNull());
    expect(await listSchedules()).toEqual([]);
  });

  it('a 400 names the field: fieldOfError reads it from the server', async () => {
    signIn(server, server.admin);
    const attempt = (input: Partial<Parameters<typeof createSchedule>[0]>) =>
      createSchedule({ name: 'x', task_type: 'sync_contractors', cron: '0 * * * *', ...input }).then(
        () => null,
        (err: unknown) => fieldOfError(err)?.field,
      );
    expect(await attempt({ cron: '61 * * * *' })).toBe('cron');
    expect(await attempt({ timezone: 'Mars/Olympus' })).toBe('timezone');
    expect(await attempt({ name: ' ' })).toBe('name');
    expect(await attempt({ task_type: 'no_such_type' })).toBe('task_type');
  });

  it('is for admins and managers: a manager sees the sync schedules, a user is told why not', async () => {
    signIn(server, server.admin);
    await createSchedule({ name: 'Контрагенты ночью', task_type: 'sync_contractors', cron: '30 2 * * *', timezone: 'Europe/Moscow' });
    signIn(server, server.manager);
    const { unmount } = page();
    const row = await rowOf('Контрагенты ночью');
    expect(within(row).getByText('Контрагенты')).toBeTruthy();
    unmount();

    signIn(server, server.user);
    page();
    await screen.findByText('Расписания доступны только администраторам и менеджерам.');
    expect(screen.queryByRole('button', { name: /Новое расписание/ })).toBeNull();
  });
});
