import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/prisma.js';
import { collectPageErrors, launchBrowser, screenshot, signUp } from '../support/browser.js';
import { testDatabase, testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/ws-client.js';

// Reading and attention through the pages, with people on two server processes: a mention
// picked from the "@" suggestions reaches the other user's home page as badges and clears
// when they read it in another tab; a muted member's composer is locked with the time left;
// a mention in another room shows as a toast on the room page someone has open.
let serverA: ServerProcess;
let serverB: ServerProcess;
let browser: Browser;
let db: Database;

beforeAll(async () => {
  db = testDatabase();
  [serverA, serverB, browser] = await Promise.all([startServerProcess(testEnv()), startServerProcess(testEnv()), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([serverA?.stop(), serverB?.stop(), db?.$disconnect()]);
});
// When a scenario fails, what the servers said (warnings, errors, slow requests) and the
// last frames each page got.
beforeEach(({ onTestFailed }) => {
  pageFrames.clear();
  onTestFailed(() => {
    for (const [name, server] of [['A', serverA], ['B', serverB]] as const) {
      const notable = server.logs.filter((entry) => Number(entry.level) >= 40 || Number(entry.responseTime) > 2000).slice(-30);
      console.log(`server ${name}:\n${notable.map((entry) => JSON.stringify(entry)).join('\n')}`);
    }
    for (const [page, { received }] of pageFrames) {
      console.log(`${page.isClosed() ? '(closed)' : page.url()} received:\n${received.slice(-15).map((frame) => JSON.stringify(frame).slice(0, 240)).join('\n')}`);
    }
  });
});

/**
 * The machine running these is shared and busy (database writes have been seen to stall
 * for most of a minute): waits are on conditions, with room to spare.
 */
const WAIT_MS = 90_000;
const SCENARIO_MS = 420_000;

interface Person {
  id: number;
  /** The name rooms show: the display name when one was set, else the username. */
  name: string;
  email: string;
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  /** What went wrong on each page of this person's (see collectPageErrors). */
  errorLists: string[][];
}

const errorsOf = (someone: Person) => someone.errorLists.flat();

/**
 * Signs a new user up through the page; `displayName` is set as a social sign-up would
 * (the only way to a nickname with a space), before the user is in any room.
 */
async function person(baseUrl: string, username: string, displayName?: string): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const errorLists: string[][] = [];
  context.on('page', (page) => {
    page.setDefaultTimeout(WAIT_MS);
    errorLists.push(collectPageErrors(page));
    pageFrames.set(page, socketFrames(page));
  });
  const page = await context.newPage();
  const email = await signUp(page, baseUrl, username);
  const user = await db.user.update({ where: { email }, data: displayName ? { displayName } : {}, select: { id: true } });
  return { id: user.id, name: displayName ?? username, email, baseUrl, context, page, errorLists };
}

/** Creates a room from the home page; answers its slug once the owner's socket is open. */
async function createRoom(owner: Person, name: string): Promise<string> {
  await owner.page.goto(`${owner.baseUrl}/`);
  await owner.page.fill('.create-room input[name=name]', name);
  await Promise.all([owner.page.waitForURL(/\/rooms\/.+\/$/), owner.page.click('.create-room button[type=submit]')]);
  await owner.page.waitForSelector('#connection-status[data-state=open]');
  return slugOf(owner.page);
}

/** Enters a room with the home page's form and waits until its socket is open. */
async function enterFromHome(someone: Person, slug: string): Promise<void> {
  await someone.page.goto(`${someone.baseUrl}/`);
  await Promise.all([someone.page.waitForURL(/\/rooms\/.+\/$/), someone.page.locator(`.room-item[data-slug="${slug}"] button[type=submit]`).click()]);
  await someone.page.waitForSelector('#connection-status[data-state=open]');
}

const slugOf = async (page: Page) => (await page.locator('#room').getAttribute('data-slug')) ?? '';
const roomPath = (slug: string) => `/rooms/${encodeURIComponent(slug)}/`;
const memberRow = (page: Page, userId: number) => page.locator(`#members li[data-user-id="${userId}"]`);

interface Frames {
  sent: Record<string, unknown>[];
  received: Record<string, unknown>[];
}

/** The WebSocket frames of every page of this scenario, since the page opened. */
const pageFrames = new Map<Page, Frames>();

function framesOf(page: Page): Frames {
  const frames = pageFrames.get(page);
  if (!frames) throw new Error('a page of a person() has its frames recorded');
  return frames;
}

/** Every WebSocket frame a page sends and receives, parsed (the pages send and get JSON only). */
function socketFrames(page: Page): Frames {
  const frames: Frames = { sent: [], received: [] };
  const parse = (payload: string | Buffer) => JSON.parse(payload.toString()) as Record<string, unknown>;
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => frames.sent.push(parse(payload)));
    socket.on('framereceived', ({ payload }) => frames.received.push(parse(payload)));
  });
  return frames;
}

/** Every time the page itself is downloaded again (a reload or a navigation of the main frame). */
function documentLoads(page: Page): string[] {
  const loads: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) loads.push(request.url());
  });
  return loads;
}

/** Every `GET /unread/` the page makes from now on. */
function lookups(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/unread/') requests.push(request.url());
  });
  return requests;
}

/** `GET /unread/` with the person's session: their counts for one room. */
async function unreadOf(someone: Person, slug: string): Promise<{ unread: number; mentions: number } | undefined> {
  const answer = (await (await someone.context.request.get(`${someone.baseUrl}/unread/`)).json()) as { rooms: { slug: string; unread: number; mentions: number }[] };
  const room = answer.rooms.find((entry) => entry.slug === slug);
  return room && { unread: room.unread, mentions: room.mentions };
}

/**
 * Types "@" and part of a name into the composer as keystrokes (each one an `input` event,
 * as an IME commits text) and waits for the suggestions. Answers the names offered.
 */
async function suggest(page: Page, typed: string): Promise<string[]> {
  await page.locator('#chat-input').click();
  await page.keyboard.type(typed);
  await page.waitForSelector('#mention-suggestions:not([hidden]) li[role=option]');
  return page.locator('#mention-suggestions li[role=option]').allTextContents();
}

/** The suggestion Enter would pick; the composer points at it for screen readers too. */
async function selectedSuggestion(page: Page): Promise<string | null> {
  const chosen = page.locator('#mention-suggestions li[aria-selected=true]');
  expect(await chosen.count()).toBe(1);
  expect(await page.locator('#chat-input').getAttribute('aria-activedescendant')).toBe(await chosen.getAttribute('id'));
  return chosen.textContent();
}

/**
 * Korean typed through an IME, as Chromium's DevTools protocol lets a test do it: text under
 * composition, an Enter the IME takes (keyCode 229, as on Windows), then the committed text.
 */
async function imeOf(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  return {
    compose: (text: string) => cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length }),
    enterWhileComposing: async () => {
      const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 };
      await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
    },
    commit: (text: string) => cdp.send('Input.insertText', { text }),
  };
}

/** Moves through the open suggestions with ArrowDown until `target` is the chosen one. */
async function chooseWithArrows(page: Page, target: string): Promise<void> {
  const count = await page.locator('#mention-suggestions li[role=option]').count();
  for (let step = 0; step < count; step += 1) {
    if ((await selectedSuggestion(page)) === target) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`"${target}" was never selected among the suggestions`);
}

/** Sends what is in the composer with Enter and waits until the server stored it. */
async function sendTyped(page: Page, text: string): Promise<string> {
  await page.keyboard.press('Enter');
  const item = page.locator(`#messages li.message:not(.pending):has-text("${text}")`);
  await item.waitFor();
  return (await item.getAttribute('data-id')) ?? '';
}

describe('reading and attention through the pages, across two server processes', () => {
  it(
    'a mention picked from the suggestions badges the home page live, and reading it in another tab clears the badges',
    async () => {
      const id = unique().slice(0, 6);
      const roomName = `언급 테스트 ${id}`;
      const alice = await person(serverA.url, `앨리스_${id}`);
      // Carol's name is the start of Minji's: "@민지_… 김" must mention Minji, not Carol.
      const minji = await person(serverB.url, `minji_${id}`, `민지_${id} 김`);
      const carol = await person(serverA.url, `민지_${id}`);
      const slug = await createRoom(alice, roomName);
      await enterFromHome(carol, slug);
      await enterFromHome(minji, slug);
      // Carol waits on her home page: an open room page would read the message for her.
      await carol.page.goto(`${serverA.url}/`);

      // Minji goes back to her home page: nothing unread, no badge.
      const home = minji.page;
      const homeFrames = framesOf(home);
      await minji.context.clock.install();
      // The page looks the counts up once its socket (/ws/me/) is open: then it hears everything.
      const socketOpen = home.waitForResponse((response) => new URL(response.url()).pathname === '/unread/');
      await home.goto(`${serverB.url}/`);
      await socketOpen;
      // From here on time stands still in Minji's tabs, unless the test moves it: the home
      // page's 20 s poll never runs, so badges that change came over its socket.
      await minji.context.clock.pauseAt(Date.now() + 1000);
      const unreadLookups = lookups(home);
      const badges = home.locator(`.room-item[data-slug="${slug}"] [data-unread-badges]`);
      expect(await badges.locator('.mention-badge').isHidden()).toBe(true);
      expect(await badges.locator('.unread-badge').isHidden()).toBe(true);
      const homeLoads = documentLoads(home);

      // Alice types "@민지" and picks Minji from the suggestions with the keyboard.
      await alice.page.waitForSelector(`#members li[data-user-id="${minji.id}"]`);
      await alice.page.waitForSelector(`#members li[data-user-id="${carol.id}"]`);
      const offered = await suggest(alice.page, '@민지');
      expect([...offered].sort()).toEqual([carol.name, minji.name].sort());
      expect(await alice.page.locator('#chat-input').getAttribute('aria-expanded')).toBe('true');
      // The arrows move the choice (and wrap around); the first one is chosen to begin with.
      expect(await selectedSuggestion(alice.page)).toBe(offered[0]);
      await alice.page.keyboard.press('ArrowDown');
      expect(await selectedSuggestion(alice.page)).toBe(offered[1]);
      await alice.page.keyboard.press('ArrowUp');
      await alice.page.keyboard.press('ArrowUp');
      expect(await selectedSuggestion(alice.page)).toBe(offered[1]);
      await chooseWithArrows(alice.page, minji.name);
      await screenshot(alice.page, 'attention-mention-suggestions');
      await alice.page.keyboard.press('Enter');
      // Enter picked (it did not send): the name is in the box and the list is closed.
      await alice.page.waitForSelector('#mention-suggestions', { state: 'hidden' });
      expect(await alice.page.locator('#chat-input').inputValue()).toBe(`@${minji.name} `);
      expect(await alice.page.locator('#messages li.message:has-text("회의 자료")').count()).toBe(0);
      await alice.page.keyboard.type('회의 자료 확인 부탁해요');
      const messageId = Number(await sendTyped(alice.page, '회의 자료 확인 부탁해요'));
      expect(await alice.page.locator('#chat-input').inputValue()).toBe('');

      // Minji's home page, on the other process, shows "@1" and one unread, without a reload:
      // its own socket heard of the mention, and it looked the counts up once.
      // The mention, then the notification of it (her page is open, so no Web Push): one burst.
      await expect.poll(() => homeFrames.received.some((frame) => frame.event === 'mention' && frame.id === messageId), { timeout: WAIT_MS }).toBe(true);
      await expect.poll(() => homeFrames.received.some((frame) => frame.event === 'notify' && frame.id === messageId), { timeout: WAIT_MS }).toBe(true);
      await minji.context.clock.runFor(1000);
      await badges.locator('.mention-badge:not([hidden])').waitFor();
      await badges.locator('.unread-badge:not([hidden])').waitFor();
      expect(await badges.locator('.mention-badge').textContent()).toBe('@1');
      expect(await badges.locator('.mention-badge').getAttribute('data-mentions')).toBe('1');
      expect(await badges.locator('.unread-badge').textContent()).toBe('1');
      expect(homeFrames.received).toContainEqual(expect.objectContaining({ event: 'mention', room: slug, id: messageId }));
      expect(homeLoads).toEqual([]);
      expect(unreadLookups).toHaveLength(1);
      await screenshot(home, 'attention-home-badges');
      // On Alice's page the mention is marked, but not as hers.
      expect(await alice.page.locator(`#messages li.message[data-id="${messageId}"] .mention:not(.me)`).allTextContents()).toEqual([`@${minji.name}`]);
      expect(await alice.page.locator('li.message.mentions-me').count()).toBe(0);
      // Carol, whose name is the start of Minji's, was not mentioned: one unread, no mention.
      expect(await unreadOf(carol, slug)).toEqual({ unread: 1, mentions: 0 });
      await carol.page.reload();
      const carolBadges = carol.page.locator(`.room-item[data-slug="${slug}"] [data-unread-badges]`);
      expect(await carolBadges.locator('.unread-badge').textContent()).toBe('1');
      expect(await carolBadges.locator('.unread-badge').isVisible()).toBe(true);
      expect(await carolBadges.locator('.mention-badge').isHidden()).toBe(true);
      await carol.page.goto(`${serverA.url}${roomPath(slug)}`);
      expect(await carol.page.locator(`#messages li.message[data-id="${messageId}"] .mention`).allTextContents()).toEqual([`@${minji.name}`]);
      expect(await carol.page.locator('li.message.mentions-me, .mention.me').count()).toBe(0);

      // Minji opens the room in a second tab: the message, her name highlighted in it.
      const room = await minji.context.newPage();
      const roomFrames = framesOf(room);
      await room.goto(`${serverB.url}${roomPath(slug)}`);
      await room.waitForSelector('#connection-status[data-state=open]');
      const mentioned = room.locator(`#messages li.message.mentions-me[data-id="${messageId}"]`);
      await mentioned.waitFor();
      expect(await mentioned.locator('.mention.me').allTextContents()).toEqual([`@${minji.name}`]);
      expect(await mentioned.locator('.text').textContent()).toBe(`@${minji.name} 회의 자료 확인 부탁해요`);
      expect(await room.locator('#unread-divider').count()).toBe(1);
      // A mention in the open room is highlighted, not announced.
      expect(await room.locator('#toasts .toast').count()).toBe(0);

      // The page tells the server she read up to it: on screen, so at most 5 s later…
      expect(roomFrames.sent.filter((frame) => frame.action === 'read')).toEqual([]);
      await minji.context.clock.runFor(5500);
      await expect.poll(() => roomFrames.sent.some((frame) => frame.action === 'read' && frame.id === messageId), { timeout: WAIT_MS }).toBe(true);
      await expect.poll(() => unreadOf(minji, slug), { timeout: WAIT_MS }).toEqual({ unread: 0, mentions: 0 });
      // …and her home tab, told over its socket, clears both badges without a reload.
      await expect.poll(() => homeFrames.received.some((frame) => frame.event === 'read' && frame.room === slug && frame.id === messageId), { timeout: WAIT_MS }).toBe(true);
      await minji.context.clock.runFor(1000);
      await badges.locator('.mention-badge').waitFor({ state: 'hidden' });
      await badges.locator('.unread-badge').waitFor({ state: 'hidden' });
      expect(await badges.locator('.mention-badge').getAttribute('data-mentions')).toBe('0');
      expect(homeLoads).toEqual([]);
      expect(unreadLookups).toHaveLength(2);

      // The room page's own suggestions, over the highlighted mention (for the screenshot).
      const offeredToMinji = await suggest(room, '@앨리');
      expect(offeredToMinji).toEqual([alice.name]);
      await screenshot(room, 'attention-room-mention');
      await room.keyboard.press('Escape');
      await room.waitForSelector('#mention-suggestions', { state: 'hidden' });
      expect(await room.locator('#chat-input').inputValue()).toBe('@앨리');

      for (const someone of [alice, minji, carol]) expect(errorsOf(someone), errorsOf(someone).join('\n')).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    "a muted member's composer is locked with the time left, and opens again when the owner lifts it or the time passes",
    async () => {
      const id = unique().slice(0, 6);
      const owner = await person(serverA.url, `방장_${id}`);
      const member = await person(serverB.url, `수다쟁이_${id}`);
      const slug = await createRoom(owner, `제한 테스트 ${id}`);
      await enterFromHome(member, slug);
      const row = memberRow(owner.page, member.id);
      await row.waitFor();
      // Not muted yet: no badge, no "제한 해제".
      expect(await row.locator('.muted-badge').isHidden()).toBe(true);
      expect(await row.locator('.unmute-form').isHidden()).toBe(true);
      expect(await member.page.locator('#mute-notice').isHidden()).toBe(true);

      // The owner mutes the member for 10분 from the row's menu (a row that arrived live).
      await row.locator('details.member-menu > summary').click();
      await row.locator('details.mute-menu summary').click();
      const form = row.locator('form[data-mute-form]');
      await form.waitFor();
      expect(await form.locator('[data-mute-custom]').isHidden()).toBe(true);
      await form.locator('select[data-mute-preset]').selectOption({ label: '10분' });
      await form.locator('button[type=submit]').click();
      await row.locator('details.mute-menu:not([open])').waitFor();

      // The member's open page locks at once and says how long.
      const notice = member.page.locator('#mute-notice');
      await notice.waitFor();
      expect(await notice.locator('.remaining').textContent()).toMatch(/^(10|9)분$/);
      expect(await notice.textContent()).toContain('후에 다시 쓸 수 있습니다.');
      expect(await member.page.locator('#chat-input').isDisabled()).toBe(true);
      expect(await member.page.locator('#chat-form button[type=submit]').isDisabled()).toBe(true);
      expect(await member.page.locator('.upload-form button[type=submit]').isDisabled()).toBe(true);
      expect(await member.page.locator('.upload-form input[type=file]').isDisabled()).toBe(true);
      // Both pages mark the row and show the line in the timeline.
      await memberRow(member.page, member.id).locator('.muted-badge').waitFor();
      await row.locator('.muted-badge').waitFor();
      await row.locator('.unmute-form').waitFor();
      const until = Date.parse((await row.getAttribute('data-muted-until')) ?? '');
      expect(until - Date.now()).toBeGreaterThan(8 * 60_000);
      expect(until - Date.now()).toBeLessThanOrEqual(10 * 60_000 + 5_000);
      const line = `${member.name}님의 채팅이 잠시 제한되었습니다.`;
      await member.page.waitForSelector(`#messages li.system:has-text("${line}")`);
      await owner.page.waitForSelector(`#messages li.system:has-text("${line}")`);
      await screenshot(member.page, 'attention-muted-member');

      // Sending around the page does not work either: the server refuses it with MUTED.
      const cookie = (await member.context.cookies(serverB.url)).map(({ name, value }) => `${name}=${value}`).join('; ');
      const socket = await TestSocket.open(serverB.url, slug, { cookie });
      try {
        await socket.nextOf('presence', () => true, WAIT_MS);
        socket.send({ action: 'chat', message: '제한 중에 보낸 글' });
        const refused = await socket.nextOf('error', () => true, WAIT_MS);
        expect(refused.code).toBe('MUTED');
      } finally {
        socket.close();
      }
      expect(await owner.page.locator('#messages li:has-text("제한 중에 보낸 글")').count()).toBe(0);

      // The owner lifts it: the member's composer opens again, live, and sends.
      await row.locator('.unmute-form button').click();
      await notice.waitFor({ state: 'hidden' });
      await member.page.locator('#chat-input:enabled').waitFor();
      expect(await member.page.locator('#chat-form button[type=submit]').isEnabled()).toBe(true);
      expect(await member.page.locator('.upload-form button[type=submit]').isEnabled()).toBe(true);
      await row.locator('.muted-badge').waitFor({ state: 'hidden' });
      await memberRow(member.page, member.id).locator('.muted-badge').waitFor({ state: 'hidden' });
      await member.page.fill('#chat-input', '다시 말할 수 있어요');
      await member.page.press('#chat-input', 'Enter');
      await owner.page.waitForSelector('#messages li.message:not(.pending):has-text("다시 말할 수 있어요")');

      // A custom time: "직접 입력…" swaps the list for a number of minutes.
      await row.locator('details.member-menu > summary').click();
      await row.locator('details.mute-menu summary').click();
      await form.waitFor();
      const minutes = form.locator('[data-mute-custom] input[type=number]');
      expect(await minutes.isHidden()).toBe(true);
      await form.locator('select[data-mute-preset]').selectOption({ label: '직접 입력…' });
      await minutes.waitFor();
      expect(await minutes.isEnabled()).toBe(true);
      await minutes.fill('3');
      await screenshot(owner.page, 'attention-mute-menu');
      await form.locator('button[type=submit]').click();
      await notice.waitFor();
      expect(await notice.locator('.remaining').textContent()).toMatch(/^(3|2)분$/);
      expect(await member.page.locator('#chat-input').isDisabled()).toBe(true);

      // A page opened during the mute is locked from the start, and opens when the time is up.
      const later = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      try {
        const page = await later.newPage();
        page.setDefaultTimeout(WAIT_MS);
        const laterErrors = collectPageErrors(page);
        await page.clock.install();
        await page.goto(`${serverB.url}/login`);
        await page.fill('input[name=email]', member.email);
        await page.fill('input[name=password]', 'password-1234');
        await Promise.all([page.waitForURL(`${serverB.url}/`), page.click('button[type=submit]')]);
        await page.goto(`${serverB.url}${roomPath(slug)}`);
        await page.waitForSelector('#connection-status[data-state=open]');
        await page.locator('#mute-notice').waitFor();
        expect(await page.locator('#mute-notice .remaining').textContent()).toMatch(/^(3|2)분$/);
        expect(await page.locator('#chat-input').isDisabled()).toBe(true);
        expect(await memberRow(page, member.id).getAttribute('data-muted-until')).not.toBeNull();
        await page.clock.fastForward('03:05');
        await page.locator('#mute-notice').waitFor({ state: 'hidden' });
        await page.locator('#chat-input:enabled').waitFor();
        expect(await page.locator('.upload-form button[type=submit]').isEnabled()).toBe(true);
        await memberRow(page, member.id).locator('.muted-badge').waitFor({ state: 'hidden' });
        expect(laterErrors, laterErrors.join('\n')).toEqual([]);
      } finally {
        await later.close();
      }

      for (const someone of [owner, member]) expect(errorsOf(someone), errorsOf(someone).join('\n')).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a mention in another room shows as a toast on the room page that is open, linking there',
    async () => {
      const id = unique().slice(0, 6);
      const alice = await person(serverA.url, `앨리스_${id}`);
      const bob = await person(serverB.url, `밥_${id}`);
      const hereName = `여기 ${id}`;
      const thereName = `저기 ${id}`;
      const here = await createRoom(alice, hereName);
      const there = await createRoom(alice, thereName);
      await enterFromHome(bob, there);
      // Bob's tab keeps still while the test reads the toast (it goes by itself after a while).
      await bob.context.clock.install();
      await enterFromHome(bob, here);
      await bob.page.waitForSelector(`#members li[data-user-id="${alice.id}"]`);
      await bob.context.clock.pauseAt(Date.now() + 1000);

      // Alice, in the other room, types "@밥" with a Korean IME: Bob is offered while "밥" is
      // still being composed, and the Enter that ends the composition neither picks nor sends.
      await alice.page.waitForSelector(`#members li[data-user-id="${bob.id}"]`);
      await alice.page.locator('#chat-input').click();
      await alice.page.keyboard.type('@');
      const ime = await imeOf(alice.page);
      await ime.compose('ㅂ');
      await ime.compose('바');
      await ime.compose('밥');
      await alice.page.waitForSelector('#mention-suggestions:not([hidden]) li[role=option]');
      expect(await alice.page.locator('#mention-suggestions li[role=option]').allTextContents()).toEqual([bob.name]);
      await ime.enterWhileComposing();
      await ime.commit('밥');
      expect(await alice.page.locator('#chat-input').inputValue()).toBe('@밥');
      expect(await alice.page.locator('#mention-suggestions').isVisible()).toBe(true);
      expect(await alice.page.locator('#messages li.message').count()).toBe(0);
      // Composition over: Tab picks.
      await alice.page.keyboard.press('Tab');
      await alice.page.waitForSelector('#mention-suggestions', { state: 'hidden' });
      expect(await alice.page.locator('#chat-input').inputValue()).toBe(`@${bob.name} `);
      await alice.page.keyboard.type('저기 방으로 와 주세요');
      const messageId = await sendTyped(alice.page, '저기 방으로 와 주세요');

      // Bob's page of the first room shows a toast naming who, where and what, linking there.
      const toast = bob.page.locator('#toasts .toast');
      await toast.waitFor();
      const link = toast.locator('a');
      const href = decodeURIComponent((await link.getAttribute('href')) ?? '');
      expect(href.replace(/\/$/, '')).toBe(`/rooms/${there}`);
      const said = (await toast.locator('p').textContent()) ?? '';
      expect(said).toContain(alice.name);
      expect(said).toContain(thereName);
      expect(said).toContain(`@${bob.name} 저기 방으로 와 주세요`);
      expect(await toast.count()).toBe(1);
      await screenshot(bob.page, 'attention-toast');
      // The message stays in its own room's timeline; the toast goes by itself.
      expect(await bob.page.locator('#messages li:has-text("저기 방으로 와 주세요")').count()).toBe(0);
      await bob.context.clock.runFor('00:09');
      await toast.waitFor({ state: 'detached' });

      // Another mention, another toast: its link leads to the mentions, highlighted.
      await alice.page.fill('#chat-input', `@${bob.name} 기다리고 있어요`);
      const secondId = await sendTyped(alice.page, '기다리고 있어요');
      await toast.waitFor();
      await Promise.all([bob.page.waitForURL(`${serverB.url}${roomPath(there)}`), toast.locator('a').click()]);
      for (const mention of [messageId, secondId]) await bob.page.waitForSelector(`#messages li.message.mentions-me[data-id="${mention}"] .mention.me`);

      for (const someone of [alice, bob]) expect(errorsOf(someone), errorsOf(someone).join('\n')).toEqual([]);
    },
    SCENARIO_MS,
  );
});
