/**
 * In a real browser at 1440 px (issue 16, Accounts): an admin creates a user on «Пользователи», changes its role,
 * resets its password and disables it; the last admin cannot demote itself; and in «Профиль» a user sets an e-mail
 * and changes its password, its session going on with the new token while the old one is refused. At 390 px the
 * page fits the screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  describeInBrowser,
  launchBrowser,
  logIn,
  openPage,
  openSection,
  screenshot,
  screenshotOnFailure,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

describeInBrowser('web app: users and profile at 1440 px', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ page, errors } = await openPage(browser, { width: 1440, height: 900 }));
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
  }, 120_000);

  screenshotOnFailure(() => page);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const loginStatus = async (username: string, password: string) =>
    (
      await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
    ).status;
  const stored = async (username: string) => (await server.storage.users.getUserByUsername(username))!;
  const openDropdown = () => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  /** Opens the role select of a user's row (named by a hidden label; its shown value covers the input). */
  const openRoleOf = (username: string) => page.locator('.ant-select', { has: page.getByLabel(`Роль пользователя ${username}`) }).click();

  it('an admin creates a user, changes its role, resets its password and disables it', async () => {
    await openSection(page, 'Пользователи');
    const table = page.locator('.users .ant-table');
    await table.getByRole('cell', { name: 'admin (вы)' }).waitFor();

    await page.getByRole('button', { name: 'Новый пользователь' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый пользователь' });
    await dialog.getByLabel('Имя пользователя').fill('olga.k');
    await dialog.getByLabel('Пароль').fill('olga-first-pass');
    await dialog.getByLabel('Эл. почта').fill('Olga.K@Example.ru');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    const row = table.getByRole('row').filter({ hasText: 'olga.k' });
    await row.getByText('olga.k@example.ru').waitFor();
    expect(await row.getByText('активен').count()).toBe(1);
    expect(await stored('olga.k')).toMatchObject({ role: 'user', email: 'olga.k@example.ru', disabled: false });
    expect(await loginStatus('olga.k', 'olga-first-pass')).toBe(200);

    // The role, changed in place.
    await openRoleOf('olga.k');
    await openDropdown().getByText('менеджер', { exact: true }).click();
    await expect.poll(async () => (await stored('olga.k')).role).toBe('manager');
    await page.getByText('olga.k: роль «менеджер»').waitFor();

    // A reset: the old password stops working, the new one works.
    await row.getByRole('button', { name: 'Сбросить пароль: olga.k' }).click();
    const reset = page.getByRole('dialog', { name: 'Новый пароль для olga.k' });
    await reset.getByLabel('Пароль').fill('olga-reset-pass');
    await reset.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByText('Пароль пользователя olga.k изменён').waitFor();
    expect(await loginStatus('olga.k', 'olga-first-pass')).toBe(401);
    expect(await loginStatus('olga.k', 'olga-reset-pass')).toBe(200);

    // Disabled (after a confirmation): the row says so and the log-in is refused.
    await row.getByRole('button', { name: 'Отключить: olga.k' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Отключить', exact: true }).click();
    await row.getByText('отключён').waitFor();
    await row.getByRole('button', { name: 'Включить: olga.k' }).waitFor();
    expect((await stored('olga.k')).disabled).toBe(true);
    expect(await loginStatus('olga.k', 'olga-reset-pass')).toBe(403);
    // The log-in page says why, in Russian (another browser context: the admin stays signed in here).
    const other = await openPage(browser, { width: 1440, height: 900 });
    await other.page.goto(`${server.url}/`);
    await other.page.getByLabel('Имя пользователя').fill('olga.k');
    await other.page.getByLabel('Пароль').fill('olga-reset-pass');
    await other.page.getByRole('button', { name: 'Войти' }).click();
    await other.page.getByText('Учётная запись отключена — обратитесь к администратору').waitFor();
    await other.context.close();
    await screenshot(page, 'users-1440');

    // The last enabled admin cannot demote itself: the refusal is told, and the role stays.
    await openRoleOf('admin');
    await openDropdown().getByText('пользователь', { exact: true }).click();
    await page.getByText('Нельзя понизить или отключить последнего активного администратора').waitFor();
    expect((await stored('admin')).role).toBe('admin');
    expect(errors).toEqual([]);
  }, 120_000);

  it('«Профиль»: a user sets an e-mail and changes the password; this session goes on, the old token is refused', async () => {
    const oldToken = await page.evaluate(() => JSON.parse(localStorage.getItem('taskcast.session')!).token as string);
    await page.getByRole('button', { name: /^admin,/ }).click();
    await page.getByRole('menuitem', { name: 'Профиль' }).click();
    const dialog = page.getByRole('dialog', { name: 'Профиль' });

    await dialog.getByLabel('Эл. почта').fill('not an address');
    await dialog.getByRole('button', { name: 'Сохранить адрес' }).click();
    await dialog.getByRole('alert').getByText('Укажите адрес электронной почты').waitFor();
    await dialog.getByLabel('Эл. почта').fill('Boss@Example.ru');
    await dialog.getByRole('button', { name: 'Сохранить адрес' }).click();
    await page.getByText('Адрес сохранён').waitFor();
    expect((await stored('admin')).email).toBe('boss@example.ru');

    await dialog.getByLabel('Текущий пароль').fill('not my password');
    await dialog.getByLabel('Новый пароль', { exact: true }).fill('admin-second-pass');
    await dialog.getByLabel('Новый пароль ещё раз').fill('admin-second-pass');
    await dialog.getByRole('button', { name: 'Сменить пароль' }).click();
    await dialog.getByRole('alert').getByText('Текущий пароль указан неверно').waitFor();

    await dialog.getByLabel('Текущий пароль').fill(ADMIN_PASSWORD);
    await dialog.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Пароль изменён. Другие сеансы завершены.').waitFor();
    await dialog.getByRole('button', { name: 'Закрыть' }).click();

    // The old token is refused; the page goes on with the new one.
    const old = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${oldToken}` } });
    expect(old.status).toBe(401);
    await openSection(page, 'Задачи');
    await openSection(page, 'Пользователи');
    await page.locator('.users .ant-table').getByText('boss@example.ru').waitFor();
    expect(await loginStatus('admin', ADMIN_PASSWORD)).toBe(401);
    expect(await loginStatus('admin', 'admin-second-pass')).toBe(200);
    expect(errors).toEqual([]);
  }, 120_000);

  it('on a phone (390 px) the users page fits: name, role and actions of a row on the screen', async () => {
    const phone = await openPage(browser, { width: 390, height: 844 });
    try {
      await logIn(phone.page, server.url, 'admin', 'admin-second-pass');
      await phone.page.goto(`${server.url}/users`);
      await phone.page.getByRole('heading', { name: 'Пользователи' }).waitFor();
      await phone.page.locator('.users .ant-table').getByText('olga.k@example.ru').waitFor();
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Two columns: the name and the row's actions are both on the screen, no sideways scrolling.
      const inside = async (locator: ReturnType<Page['getByRole']>) => {
        const box = (await locator.boundingBox())!;
        return box.x >= 0 && box.x + box.width <= 390;
      };
      const row = phone.page.locator('.users .ant-table').getByRole('row').filter({ hasText: 'olga.k' });
      expect(await inside(row.getByText('olga.k', { exact: true }))).toBe(true);
      expect(await inside(row.getByRole('button', { name: 'Включить: olga.k' }))).toBe(true);
      expect(await inside(row.getByLabel('Роль пользователя olga.k'))).toBe(true);
      await screenshot(phone.page, 'users-390');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  }, 120_000);
});
