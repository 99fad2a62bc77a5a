// @vitest-environment jsdom
/**
 * The «Уведомления» page against a real server with notifications: a rule created through the form (the event, the
 * task type, an address and a webhook, a digest) is stored as entered, listed in Russian, and its webhook secret shown
 * once with a copy button; a rule edited («Зависла» with its minutes, a user told in the app), its secret renewed,
 * and deleted; a rule with nobody to tell and a wrong address refused; and only admins may see the page.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationRule, listNotificationRules, removeNotificationRule } from '@/api/notifications';
import type { TestServer } from '../../../../test/support/testServer.js';
import { scriptedTaskType, signIn, stopServer } from '../../../test/liveServer';
import { startLiveNotificationServer } from '../../../test/notificationServer';
import NotificationRulesPage from './NotificationRulesPage';

// The form offers the sync types; a scripted type with that name stands in for the bank sync.
const bank = scriptedTaskType('sync_bank_transactions');
let server: TestServer;

beforeAll(async () => {
  server = await startLiveNotificationServer(bank);
});
afterAll(async () => {
  await stopServer(server);
});
afterEach(async () => {
  signIn(server, server.admin);
  for (const rule of await listNotificationRules()) await removeNotificationRule(rule.id);
});

// The form's selects open in jsdom slowly on a loaded machine: the tests that fill the form have a wider bound.
const FORM_TEST_MS = 180_000;

const page = () =>
  render(
    <App>
      <NotificationRulesPage />
    </App>,
  );

/** The row of the rule named `name`. */
async function rowOf(name: string): Promise<HTMLElement> {
  const cell = await screen.findByText(name, { selector: '.rules__name' });
  return cell.closest('tr') as HTMLElement;
}

/** Picks `option` in the antd select labelled `field` inside `scope` (its options are in document.body). */
async function choose(scope: HTMLElement, field: string, option: string): Promise<void> {
  const select = within(scope).getByLabelText(field).closest('.ant-select') as HTMLElement;
  fireEvent.mouseDown(select.querySelector('.ant-select-selector')!);
  const item = await waitFor(() => {
    const found = [
      ...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option'),
    ].find((el) => el.textContent === option);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  fireEvent.click(item);
  await waitFor(() => expect(select.textContent).toContain(option));
}

describe('NotificationRulesPage', () => {
  it(
    'creates a rule through the form, shows its webhook secret once, and deletes it',
    async () => {
      signIn(server, server.admin);
      page();
      await screen.findByText('Правил пока нет');

      fireEvent.click(screen.getByRole('button', { name: /Новое правило/ }));
      const dialog = await screen.findByRole('dialog');
      fireEvent.change(within(dialog).getByLabelText('Название'), { target: { value: 'Ошибки выписки' } });
      // The defaults: «Ошибка (последняя попытка)», any type, at once.
      expect(within(dialog).getByText('Ошибка (последняя попытка)', { selector: '.ant-select-selection-item' })).toBeTruthy();
      await choose(dialog, 'Тип задачи', 'Банковские операции');
      const emails = within(dialog).getByLabelText('Адреса e-mail');
      fireEvent.change(emails, { target: { value: 'buh@firm.ru' } });
      fireEvent.keyDown(emails, { key: 'Enter', code: 'Enter', keyCode: 13 });
      await within(dialog).findByText('buh@firm.ru');
      fireEvent.change(within(dialog).getByLabelText('Вебхук (URL)'), { target: { value: 'https://hooks.example.com/taskcast' } });
      fireEvent.click(within(dialog).getByRole('radio', { name: 'Сводка' }));
      const minutes = await within(dialog).findByLabelText('Сводка раз в, минут');
      fireEvent.change(minutes, { target: { value: '15' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));

      // The secret, once, with a copy button; the same one the server keeps.
      const secretBox = await screen.findByTestId('webhook-secret');
      const [stored] = await listNotificationRules();
      expect(stored).toMatchObject({
        name: 'Ошибки выписки',
        event: 'failed',
        task_type: 'sync_bank_transactions',
        user_ids: [],
        emails: ['buh@firm.ru'],
        webhook_url: 'https://hooks.example.com/taskcast',
        mode: 'digest',
        digest_minutes: 15,
        enabled: true,
      });
      expect(stored!.webhook_secret).toBeTruthy();
      expect(secretBox.textContent).toContain(stored!.webhook_secret);
      expect(within(secretBox).getByRole('button', { name: 'Копировать' })).toBeTruthy();
      fireEvent.click(within(screen.getByRole('dialog', { name: 'Секрет вебхука' })).getAllByRole('button', { name: 'Закрыть' })[0]!);

      // Listed in Russian.
      const row = await rowOf('Ошибки выписки');
      expect(within(row).getByText('Ошибка (последняя попытка)')).toBeTruthy();
      expect(within(row).getByText('Банковские операции')).toBeTruthy();
      expect(within(row).getByText('buh@firm.ru · вебхук')).toBeTruthy();
      expect(within(row).getByText('сводка раз в 15 мин')).toBeTruthy();

      fireEvent.click(within(row).getByRole('button', { name: 'Удалить: Ошибки выписки' }));
      fireEvent.click(await screen.findByRole('button', { name: 'Удалить' }));
      await screen.findByText('Правил пока нет');
      expect(await listNotificationRules()).toEqual([]);
    },
    FORM_TEST_MS,
  );

  it(
    'edits a rule: «Зависла» after 45 minutes, told to a user in the app, the webhook secret kept',
    async () => {
      signIn(server, server.admin);
      const made = await createNotificationRule({
        name: 'Долгие выписки',
        event: 'failed',
        webhook_url: 'https://hooks.example.com/taskcast',
      });
      page();
      fireEvent.click(within(await rowOf('Долгие выписки')).getByRole('button', { name: 'Изменить: Долгие выписки' }));
      const edit = await screen.findByRole('dialog');
      expect(within(edit).getByText('Изменить правило')).toBeTruthy();
      await choose(edit, 'Событие', 'Зависла');
      fireEvent.change(await within(edit).findByLabelText('Без движения, минут'), { target: { value: '45' } });
      await choose(edit, 'Пользователи', `${server.manager.user.username} · менеджер`);
      // A user chosen: how to tell them (the rule's channels, both here); in the app only.
      expect((within(edit).getByRole('checkbox', { name: 'в приложении' }) as HTMLInputElement).checked).toBe(true);
      const byMail = within(edit).getByRole('checkbox', { name: 'по почте' }) as HTMLInputElement;
      expect(byMail.checked).toBe(made.user_channels.includes('email'));
      if (byMail.checked) fireEvent.click(byMail);
      await waitFor(() => expect(byMail.checked).toBe(false));
      fireEvent.click(within(edit).getByRole('button', { name: 'Сохранить' }));
      const row = await rowOf('Долгие выписки');
      await within(row).findByText('Зависла: без движения 45 мин');
      expect(row.querySelector('.rules__recipients')?.textContent).toBe(`${server.manager.user.username} (в приложении) · вебхук`);
      const [edited] = await listNotificationRules();
      expect(edited).toMatchObject({
        id: made.id,
        event: 'stuck',
        stuck_minutes: 45,
        user_ids: [server.manager.user.id],
        user_channels: ['app'],
        webhook_secret: made.webhook_secret,
      });
      // No new secret, so none is shown.
      expect(screen.queryByTestId('webhook-secret')).toBeNull();

      fireEvent.click(within(await rowOf('Долгие выписки')).getByRole('button', { name: 'Удалить: Долгие выписки' }));
      fireEvent.click(await screen.findByRole('button', { name: 'Удалить' }));
      await screen.findByText('Правил пока нет');
      expect(await listNotificationRules()).toEqual([]);
    },
    FORM_TEST_MS,
  );

  it(
    'renews a webhook secret on request and shows the new one',
    async () => {
      signIn(server, server.admin);
      const made = await createNotificationRule({ name: 'Вебхук учёта', event: 'completed', webhook_url: 'https://hooks.example.com/a' });
      page();
      fireEvent.click(within(await rowOf('Вебхук учёта')).getByRole('button', { name: 'Изменить: Вебхук учёта' }));
      const edit = await screen.findByRole('dialog');
      fireEvent.click(within(edit).getByRole('checkbox', { name: 'Новый секрет' }));
      fireEvent.click(within(edit).getByRole('button', { name: 'Сохранить' }));
      const secretBox = await screen.findByTestId('webhook-secret');
      const [renewed] = await listNotificationRules();
      expect(renewed!.webhook_secret).toBeTruthy();
      expect(renewed!.webhook_secret).not.toBe(made.webhook_secret);
      expect(secretBox.textContent).toContain(renewed!.webhook_secret);
    },
    FORM_TEST_MS,
  );

  it(
    'refuses a rule with nobody to tell, and a wrong address on its field',
    async () => {
      signIn(server, server.admin);
      page();
      await screen.findByText('Правил пока нет');
      fireEvent.click(screen.getByRole('button', { name: /Новое правило/ }));
      const dialog = await screen.findByRole('dialog');
      fireEvent.change(within(dialog).getByLabelText('Название'), { target: { value: 'Никому' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
      expect((await within(dialog).findByRole('alert')).textContent).toContain('Укажите хотя бы одного получателя');

      const emails = within(dialog).getByLabelText('Адреса e-mail');
      fireEvent.change(emails, { target: { value: 'not-an-address' } });
      fireEvent.keyDown(emails, { key: 'Enter', code: 'Enter', keyCode: 13 });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
      await within(dialog).findByText('Неверный адрес e-mail: not-an-address');
      expect(await listNotificationRules()).toEqual([]);
    },
    FORM_TEST_MS,
  );

  it('lists a rule made elsewhere, and is for admins only', async () => {
    signIn(server, server.admin);
    await createNotificationRule({ name: 'Пропуски расписаний', event: 'schedule_missed', emails: ['ops@firm.ru'] });
    const { unmount } = page();
    const row = await rowOf('Пропуски расписаний');
    expect(within(row).getByText('Пропущен запуск расписания')).toBeTruthy();
    expect(within(row).getByText('Любой тип')).toBeTruthy();
    unmount();

    signIn(server, server.manager);
    page();
    await screen.findByText('Правила уведомлений доступны только администраторам.');
    expect(screen.queryByRole('button', { name: /Новое правило/ })).toBeNull();
    await waitFor(() => expect(screen.queryByRole('table')).toBeNull());
  });
});
