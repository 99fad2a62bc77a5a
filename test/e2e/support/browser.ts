/**
 * End-to-end support: the real server (startServer, temporary SQLite data directory, the 1C simulator),
 * Debian's Chromium driven by playwright-core, log-in, and screenshots under test-output/e2e/.
 * Under CI=true a missing Chromium fails the suite; elsewhere the suite is skipped with a warning.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/auth/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { startServer, type RunningServer } from '../../../src/server/index.js';
import type { UserRole } from '../../../src/auth/index.js';
import { UNLIMITED_LOGIN_ENV } from '../../support/loginLimits.js';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The admin password the e2e servers are started with. */
export const ADMIN_PASSWORD = 'adminpass123';

/** Where the screenshots go (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/e2e/', import.meta.url));

/**
 * `describe` for browser tests: runs them when Chromium is installed; otherwise fails under CI=true
 * (the browser tests must run there) and skips with a visible warning elsewhere.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true' || process.env.CI === '1') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium)`);
      });
    });
    return;
  }
  process.stderr.write(`\n  WARNING: ${name}: skipped, Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)\n\n`);
  describe.skip(name, body);
}

/** Headless Chromium with a new empty profile and no background traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A server for one test file, with its data directory. */
export interface E2eServer extends RunningServer {
  dataDir: string;
  /** Adds an account that can log in. */
  addUser(username: string, role: UserRole, password: string): Promise<void>;
}

/** startServer on a temporary data directory (SQLite), a free port and the given extra environment. */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'taskcast-e2e-'));
  const config = loadConfig({
    TASKCAST_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    TASKCAST_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ...UNLIMITED_LOGIN_ENV,
    ...env,
  });
  const server = await startServer(config, pino({ level: 'silent' }));
  const close = server.close.bind(server);
  return Object.assign(server, {
    dataDir,
    async addUser(username: string, role: UserRole, password: string) {
      await server.storage.users.insertUser({ username, role, password_hash: await hashPassword(password) });
    },
    async close() {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** A page at the given viewport, collecting uncaught page errors into `errors`. */
export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // Reduced motion (the app then turns antd's animations off): clicks never land on a popup still zooming in.
  const context = await browser.newContext({ viewport, locale: 'ru-RU', deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.setDefaultTimeout(20_000);
  return { context, page, errors };
}

/** Logs in through the form and waits for the transactions page. */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Банковские операции' }).waitFor();
}

/**
 * Opens a section from the top menu and waits for its heading. A notice (e.g. "Синхронизация завершена") sits
 * over the middle of the menu for a few seconds; on a loaded machine it can still be there when a test moves
 * on, and a click then misses the menu item, so it waits for notices to go first, as a user would.
 */
export async function openSection(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
  const shown = (l: Locator) => l.filter({ visible: true });
  const item = shown(page.getByRole('menuitem', { name: new RegExp(name) }));
  // The admins' pages are under «Администрирование» (a popup opened by a click); on a narrow header antd may also fold
  // the last items under «…». Open what hides the item, as a user would.
  if ((await item.count()) === 0) {
    const rest = shown(page.locator('.app__menu .ant-menu-overflow-item-rest'));
    if ((await rest.count()) > 0) {
      await rest.click();
      await shown(page.locator('.ant-menu-submenu-popup')).first().waitFor();
    }
    const group = shown(page.getByRole('menuitem', { name: 'Администрирование' }));
    if ((await item.count()) === 0 && (await group.count()) > 0) await group.first().click();
  }
  await item.first().click();
  await page.getByRole('heading', { name }).waitFor();
}

/** Saves a screenshot of the viewport as test-output/e2e/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let animations (progress stripes, modal fade) settle into a stable frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/**
 * Records every value `aria-valuenow` of the first progress bar takes from now on (a MutationObserver in
 * the page), so a test can tell that the bar moved rather than jumped.
 */
export async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: number[] };
    w.__progress = [];
    const seen = () => {
      const bar = document.querySelector('.task-progress [role="progressbar"]');
      const v = bar?.getAttribute('aria-valuenow');
      if (v !== null && v !== undefined && w.__progress[w.__progress.length - 1] !== Number(v)) w.__progress.push(Number(v));
    };
    new MutationObserver(seen).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
}

/** Starts watching for `text` to appear anywhere in the page; the returned function tells whether it did. */
export async function watchForText(page: Page, text: string): Promise<() => Promise<boolean>> {
  const key = `__seen_${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ({ key, text }) => {
      const w = window as unknown as Record<string, boolean>;
      w[key] = document.body.innerText.includes(text);
      const observer = new MutationObserver(() => {
        if (!w[key] && document.body.innerText.includes(text)) {
          w[key] = true;
          observer.disconnect();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    { key, text },
  );
  return () => page.evaluate((key) => (window as unknown as Record<string, boolean>)[key] === true, key);
}

/** After a failed test, saves the page as test-output/e2e/failed-<test name>.png (to see what went wrong). */
export function screenshotOnFailure(page: () => Page | undefined): void {
  afterEach(async (ctx) => {
    const current = page();
    if (ctx.task.result?.state !== 'fail' || !current || current.isClosed()) return;
    const name = ctx.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
    await screenshot(current, `failed-${name}`).catch(() => {});
  });
}

/** Picks a preset («Этот год», …) in the period picker of `scope` and waits until the inputs show it. */
export async function choosePeriodPreset(page: Page, scope: Locator, preset: string, expectedFrom: string): Promise<void> {
  const from = scope.getByLabel('Период').first();
  await from.click();
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').getByText(preset, { exact: true }).click();
  await expect.poll(() => from.inputValue()).toBe(expectedFrom);
}

/** A server, a browser, and a page logged in as the admin, for the tests of one describe block. */
export interface AdminInBrowser {
  server: E2eServer;
  browser: Browser;
  page: Page;
  /** Errors the page logged (a test expects none). */
  errors: string[];
}

/**
 * Registers, in the calling describe block, the start of a server and a browser with a page logged in as the admin
 * (before its tests), a screenshot of a failed test, and their close (after). The fields are set once its
 * beforeAll has run.
 */
export function adminInBrowser(): AdminInBrowser {
  const session = {} as AdminInBrowser;
  beforeAll(async () => {
    [session.server, session.browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ page: session.page, errors: session.errors } = await openPage(session.browser));
    await logIn(session.page, session.server.url, 'admin', ADMIN_PASSWORD);
  }, 120_000);
  screenshotOnFailure(() => session.page);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
