import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, sendChat, signedUpPage } from '../support/browser.js';
import { testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Notifications in the browser, on two processes: Bob's context has notification permission
// granted; his room tab goes to the background; Alice mentions him from the other process.
// The page shows a browser notification (the Notification API, recorded by an init script:
// headless Chromium draws none) and counts the message in the tab's title; a click on the
// notification lands on the message.
let servers: ServerProcess[] = [];
let browser: Browser;
const url = (index: number) => servers[index]?.url ?? '';

beforeAll(async () => {
  [browser, ...servers] = await Promise.all([launchBrowser(), startServerProcess(testEnv()), startServerProcess(testEnv())]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.stop()));
});

/** Records every Notification the page makes, and every permission request, before any page script runs. */
const RECORD_NOTIFICATIONS = `
  window.__shown = [];
  window.__permissionAsked = 0;
  const Native = window.Notification;
  class Recorded extends Native {
    constructor(title, options) {
      super(title, options);
      window.__shown.push({ title, body: options && options.body, tag: options && options.tag, notification: this });
    }
    static requestPermission() {
      window.__permissionAsked += 1;
      return Native.requestPermission();
    }
  }
  Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true });
`;

interface Shown {
  title: string;
  body: string;
  tag: string;
}
/** The page's globals the functions run in the page read (the tests are compiled without the DOM's types). */
interface PageGlobals {
  __shown: (Shown & { notification: { dispatchEvent(event: unknown): boolean } })[];
  __permissionAsked: number;
  document: { title: string; visibilityState: string; dispatchEvent(event: unknown): boolean; querySelector(selector: string): { disabled: boolean } | null };
  location: { hash: string };
  Event: new (type: string) => unknown;
}
const shownOn = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__shown.map(({ title, body, tag }) => ({ title, body, tag })));
const shownCount = (page: Page, count: number) => page.waitForFunction((least) => (globalThis as unknown as PageGlobals).__shown.length >= least, count);

/** The tab goes to the background (headless Chromium keeps every page "visible", so the page is told as a browser would). */
async function sendToBackground(page: Page): Promise<void> {
  await page.evaluate(() => {
    const { document, Event } = (globalThis as unknown as PageGlobals);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

describe('notifications in the page', () => {
  it('a mention in a background tab makes a notification and the title count; a click lands on the message', async () => {
    const id = unique().slice(0, 6);
    const roomName = `알림 ${id}`;
    const alice = await signedUpPage(browser, url(0), `앨리스_${id}`);
    await alice.page.fill('input[name=name]', roomName);
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    await alice.page.waitForSelector('#connection-status[data-state=open]');

    const bob = await signedUpPage(browser, url(1), `밥_${id}`);
    await bob.page.context().grantPermissions(['notifications'], { origin: url(1) });
    await bob.page.context().addInitScript(RECORD_NOTIFICATIONS);
    await bob.page.reload();
    await Promise.all([bob.page.waitForURL(/\/rooms\/.+\/$/), bob.page.locator(`.room-item:has-text("${roomName}") button[type=submit]`).click()]);
    await bob.page.waitForSelector('#connection-status[data-state=open]');
    // Permission was granted with the context: the page offers no button and never asked.
    await bob.page.waitForSelector('#notification-settings:not([hidden])');
    expect(await bob.page.locator('#enable-notifications').isHidden()).toBe(true);
    expect(await bob.page.evaluate(() => (globalThis as unknown as PageGlobals).__permissionAsked)).toBe(0);
    expect(await bob.page.title()).toBe(`${roomName} · codingline`);

    // On screen, nothing pops up for the room Bob is reading.
    await sendChat(alice.page, `@밥_${id} 보고 있죠?`);
    // Alice's frames are handled in order and Redis delivers in order: once Bob has her next
    // message, the first one's notice has reached his page.
    await sendChat(alice.page, '다음 글');
    await bob.page.waitForSelector(`#messages li.message:has-text("다음 글")`);
    expect(await shownOn(bob.page)).toEqual([]);
    await sendToBackground(bob.page);
    await sendChat(alice.page, `@밥_${id} 회의 시작해요`);
    await bob.page.waitForFunction((title) => (globalThis as unknown as PageGlobals).document.title === title, `(1) ${roomName} · codingline`);
    await shownCount(bob.page, 1);
    expect(await shownOn(bob.page)).toEqual([{ title: `앨리스_${id}님이 ‘${roomName}’에서 회원님을 언급했습니다`, body: `@밥_${id} 회의 시작해요`, tag: expect.stringMatching(/^room:/) }]);
    expect(await bob.page.getAttribute('link[rel="icon"]', 'href')).toBe('/static/favicon-dot.svg');

    // A click on the notification brings the tab forward at the message.
    const messageId = await alice.page.locator('#messages li.message:has-text("회의 시작해요")').getAttribute('data-id');
    await bob.page.evaluate(() => (globalThis as unknown as PageGlobals).__shown[0]?.notification.dispatchEvent(new ((globalThis as unknown as PageGlobals).Event)('click')));
    await bob.page.waitForFunction((hash) => (globalThis as unknown as PageGlobals).location.hash === hash, `#m-${messageId}`);
    await bob.page.waitForSelector(`#messages li.message.found[data-id="${messageId}"]`);
    await screenshot(bob.page, 'notification-landing');

    // Bob hears every message of this room from now on: a plain message pops up too, silently titled by the room.
    await bob.page.selectOption('#room-notify-level', 'all');
    await bob.page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('#room-notify-level')?.disabled === false);
    await sendChat(alice.page, '그냥 하는 말');
    await shownCount(bob.page, 2);
    expect((await shownOn(bob.page))[1]).toEqual({ title: roomName, body: `앨리스_${id}: 그냥 하는 말`, tag: expect.stringMatching(/^room:/) });
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});
