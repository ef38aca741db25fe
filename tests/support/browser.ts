import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { testEnv } from './context.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../browser/screenshots');

/** Debian's Chromium, headless, with no network of its own (this machine has none). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * Debian's Chromium and one server process, started together before the file's tests and
 * stopped after them. Read `browser` and `url` inside tests and hooks.
 */
export function useBrowserAndServer(): { readonly browser: Browser; readonly url: string } {
  let started: { browser: Browser; server: ServerProcess } | undefined;
  beforeAll(async () => {
    const [browser, server] = await Promise.all([launchBrowser(), startServerProcess(testEnv())]);
    started = { browser, server };
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.server.stop();
  });
  const ready = () => {
    if (!started) throw new Error('useBrowserAndServer() is ready only inside tests and hooks');
    return started;
  };
  return {
    get browser() {
      return ready().browser;
    },
    get url() {
      return ready().server.url;
    },
  };
}

/** Saves a screenshot under tests/browser/screenshots (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Collects what users would hit silently: script errors, CSP violations, and failed
 * scripts, styles, images or fonts. Pages and API calls answered with 4xx on purpose (a
 * form error, a wrong room password) are the page's business, not failures.
 */
const ASSETS = new Set(['script', 'stylesheet', 'image', 'font']);

export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (ASSETS.has(response.request().resourceType()) && response.status() >= 400) {
      errors.push(`${response.status()} ${response.url()}`);
    }
  });
  return errors;
}

/** Signs a new user up through /signup on `baseUrl`, leaving the page on the home page; answers their email. */
export async function signUp(page: Page, baseUrl: string, username: string): Promise<string> {
  const email = `user-${randomUUID()}@example.com`;
  await page.goto(`${baseUrl}/signup`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'password-1234');
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button[type=submit]')]);
  return email;
}

/**
 * A new person in their own browser context, signed up through /signup on `baseUrl` and
 * left on the home page; with `javaScript: false`, in a browser that runs no script.
 */
export async function signedUpPage(browser: Browser, baseUrl: string, username: string, { javaScript = true }: { javaScript?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR', javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await signUp(page, baseUrl, username);
  return { page, errors };
}

/** Sends a chat from the room page's composer and waits until the server acknowledged it. */
export async function sendChat(page: Page, text: string): Promise<void> {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
  await page.waitForSelector(`#messages li.message:not(.pending):has-text("${text}")`);
}

/** Creates a room from the home page's form (optionally with a password) and waits in it until its socket is open. */
export async function createRoomThroughPage(page: Page, name: string, { password = '' }: { password?: string } = {}): Promise<string> {
  await page.fill('.create-room input[name=name]', name);
  if (password) await page.fill('.create-room input[name=password]', password);
  await Promise.all([page.waitForURL(/\/rooms\/.+\/$/), page.click('.create-room button[type=submit]')]);
  await page.waitForSelector('#connection-status[data-state=open]');
  return new URL(page.url()).pathname;
}

/** Enters a listed room from the home page on `baseUrl` and waits until its socket is open. */
export async function enterFromHome(page: Page, baseUrl: string, roomName: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await Promise.all([page.waitForURL(/\/rooms\/.+\/$/), page.locator(`.room-item:has-text("${roomName}") button[type=submit]`).click()]);
  await page.waitForSelector('#connection-status[data-state=open]');
}

/** Answers the home page's password dialog for a room row (opened by its enter button unless already open). */
export async function answerPasswordDialog(page: Page, roomName: string, password: string, { open = true }: { open?: boolean } = {}): Promise<void> {
  if (open) await page.locator(`.room-item:has-text("${roomName}") button[type=submit]`).click();
  const dialog = page.locator('#password-dialog');
  await dialog.locator('input[name=room_password]').fill(password);
  await dialog.locator('button[value=ok]').click();
}

/** Answers the room page's own confirmation dialog (leaving, kicking, deleting…) with its confirming button. */
export async function confirmInPage(page: Page): Promise<void> {
  await page.locator('#confirm-dialog button[value=ok]').click();
}

/**
 * A member of staff opens a member's menu on the room page and picks `action`, confirming it
 * in the page's dialog when it asks (kick and transfer do; appointing a moderator does not).
 */
export async function memberAction(page: Page, memberName: string, action: 'kick' | 'transfer' | 'moderators'): Promise<void> {
  const row = page.locator(`#members li:has-text("${memberName}")`);
  await row.locator('details.member-menu > summary').click();
  await row.locator(`form[action$="/${action}/"] button`).click();
  if (action !== 'moderators') await confirmInPage(page);
}
