import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPasswordDialog, confirmInPage, createRoomThroughPage, enterFromHome, launchBrowser, screenshot, signedUpPage } from '../support/browser.js';
import { testDatabase, testEnv } from '../support/context.js';
import { storeMessages, unique } from '../support/factories.js';
import { solidImage } from '../support/images.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// The room page as people use it, with two people on two server processes: the timeline's
// layout and history, delivery, the composer, images and moderation, on a desktop and a phone.
const db = testDatabase();
let servers: ServerProcess[] = [];
let browser: Browser;
beforeAll(async () => {
  [browser, ...servers] = await Promise.all([launchBrowser(), startServerProcess(testEnv()), startServerProcess(testEnv())]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.stop()));
  await db.$disconnect();
});
const url = (index: 0 | 1) => servers[index]?.url ?? '';

/** The timeline's message whose text is exactly `text` (with `state`, e.g. ':not(.pending)'). */
const messageItem = (page: Page, text: string, state = '') =>
  page.locator(`#messages li.message${state}`).filter({ has: page.locator('p.text', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\n/g, '\\s+')}$`) }) });

async function send(page: Page, text: string): Promise<void> {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
  await messageItem(page, text, ':not(.pending)').waitFor();
}

/** Two people in one new room: Alice (owner) on the first process, Bob on the second. */
async function twoInARoom(roomName: string, { before }: { before?: (roomId: number, aliceId: number) => Promise<void> } = {}) {
  const id = unique().slice(0, 6);
  const alice = await signedUpPage(browser, url(0), `앨리스_${id}`);
  await createRoomThroughPage(alice.page, `${roomName} ${id}`);
  const roomId = Number(await alice.page.getAttribute('#room', 'data-room-id'));
  const aliceId = Number(await alice.page.getAttribute('#room', 'data-user-id'));
  await before?.(roomId, aliceId);
  const bob = await signedUpPage(browser, url(1), `밥_${id}`);
  await enterFromHome(bob.page, url(1), `${roomName} ${id}`);
  const bobId = Number(await bob.page.getAttribute('#room', 'data-user-id'));
  return { id, alice, bob, roomId, aliceId, bobId };
}

/** What the tests read of an element in the page (compiled without the DOM's types). */
type Shown = { dataset: Record<string, string | undefined>; getBoundingClientRect(): { top: number } };

/** Where the first message shown sits; scrolls the timeline to the very top in the same task, before anything loads. */
function scrollToTopFrom(page: Page): Promise<{ id: string; top: number }> {
  return page.locator('#messages').evaluate((list: { scrollTop: number; querySelector(selector: string): Shown | null }) => {
    const first = list.querySelector('li.message[data-id]');
    list.scrollTop = 0;
    const top = first?.getBoundingClientRect().top ?? 0;
    return { id: first?.dataset.id ?? '', top };
  });
}

describe('the timeline', () => {
  it('groups, divides days, links safely, pages 300 messages in without jumps and counts new ones', async () => {
    // 300 older messages in runs of three by one person within a minute; the first 99 yesterday.
    const { alice, bob } = await twoInARoom('기록방', {
      before: async (roomId, aliceId) => {
        const other = (await db.user.create({ data: { email: `s-${unique()}@example.com`, username: `수진_${unique().slice(0, 6)}` } })).id;
        const today = new Date().setHours(0, 0, 0, 0);
        const rows = Array.from({ length: 300 }, (_, index) => {
          const run = Math.floor(index / 3);
          // Yesterday from noon, today from midnight: one minute per run.
          const minute = index < 99 ? today - 12 * 3600_000 + run * 60_000 : today + run * 60_000;
          return { userId: run % 2 === 0 ? aliceId : other, content: `기록 ${index + 1}`, createdAt: new Date(minute) };
        });
        await storeMessages(db, roomId, rows);
      },
    });
    await alice.page.reload();
    await alice.page.waitForSelector('#connection-status[data-state=open]');

    // A run of three: the first shows avatar and name, the others continue it; only the last shows the time.
    const classes = (text: string) => messageItem(alice.page, text).getAttribute('class');
    expect(await classes('기록 298')).not.toMatch(/continued/);
    expect(await classes('기록 299')).toMatch(/continued/);
    expect(await classes('기록 299')).toMatch(/followed/);
    expect(await classes('기록 300')).not.toMatch(/followed/);
    expect(await messageItem(alice.page, '기록 300').locator('.stamp time').isVisible()).toBe(true);
    expect(await messageItem(alice.page, '기록 299').locator('.stamp time').isVisible()).toBe(false);
    // Someone else's message has a letter avatar; Alice's own are on the right without one.
    expect(await messageItem(alice.page, '기록 295').locator('.avatar').isVisible()).toBe(false);
    const letter = messageItem(alice.page, '기록 298').locator('.avatar');
    expect(await letter.textContent()).toBe('수');

    // Scrolling up loads every older page; the message at the top stays where it was each time.
    for (let loads = 0; (await messageItem(alice.page, '기록 1').count()) === 0; loads += 1) {
      expect(loads).toBeLessThan(12);
      const shown = await alice.page.locator('#messages li.message').count();
      const before = await scrollToTopFrom(alice.page);
      await expect.poll(() => alice.page.locator('#messages li.message').count()).toBeGreaterThan(shown);
      const after = await alice.page.locator(`#messages li[data-id="${before.id}"]`).evaluate((item: Shown) => item.getBoundingClientRect().top);
      expect(Math.abs(after - before.top)).toBeLessThanOrEqual(2);
    }
    expect(await alice.page.locator('#messages li.message').count()).toBe(300);
    const dividerBefore = (text: string) => messageItem(alice.page, text).evaluate((item: { previousElementSibling: { className: string; textContent: string } | null }) => item.previousElementSibling?.className === 'day-divider' && item.previousElementSibling.textContent);
    expect(await dividerBefore('기록 1')).toBe('어제');
    expect(await dividerBefore('기록 100')).toBe('오늘');
    expect(await dividerBefore('기록 101')).toBe(false);

    // Scrolled up, Alice is not pulled down by Bob's message: the marker counts it.
    await send(bob.page, '자료: https://example.com/docs. 그리고 javascript:alert(1)');
    await alice.page.waitForSelector('#new-messages:text("새 메시지 1개")');
    expect(await alice.page.locator('#messages').evaluate((list: { scrollTop: number }) => list.scrollTop)).toBeLessThan(200);
    await alice.page.click('#new-messages');
    await alice.page.waitForSelector('#new-messages', { state: 'hidden' });
    const link = alice.page.locator('#messages li.message:last-child a.link');
    expect(await link.getAttribute('href')).toBe('https://example.com/docs');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
    expect(await link.isVisible()).toBe(true);
    expect(await alice.page.locator('#messages a.link').count()).toBe(1);
    await screenshot(alice.page, 'room-timeline');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});

describe('the composer and delivery', () => {
  it('never sends on an IME Enter, keeps drafts, and delivers every message once: pending, failed, retried, across a reload', async () => {
    const { alice, bob } = await twoInARoom('전송방');
    // As on plain HTTP away from localhost, where browsers have no crypto.randomUUID.
    await alice.page.context().addInitScript({ content: 'delete Crypto.prototype.randomUUID;' });
    // Alice's socket passes everything on, except chat frames while `dropping`.
    let dropping = false;
    await alice.page.routeWebSocket(/\/ws\//, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((frame) => {
        if (!(dropping && String(frame).includes('"action":"chat"'))) server.send(frame);
      });
    });
    await alice.page.reload();
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    expect(await alice.page.evaluate('typeof crypto.randomUUID')).toBe('undefined');

    // Enter while a Korean composition is under way never sends: Chrome's order
    // (isComposing, keyCode 229) and Safari's (compositionend, then the Enter's keydown).
    const input = alice.page.locator('#chat-input');
    await input.fill('안녕하세요');
    // Runs in the page (the tests are compiled without the DOM's types).
    await input.evaluate((box: { dispatchEvent(event: unknown): boolean }) => {
      const { KeyboardEvent, CompositionEvent } = globalThis as unknown as Record<'KeyboardEvent' | 'CompositionEvent', new (type: string, init: Record<string, unknown>) => unknown>;
      const key = (init: Record<string, unknown>) => new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init });
      box.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
      box.dispatchEvent(key({ isComposing: true, keyCode: 229 }));
      box.dispatchEvent(new CompositionEvent('compositionend', { data: '요' }));
      box.dispatchEvent(key({ keyCode: 13 }));
      box.dispatchEvent(key({ keyCode: 229 }));
    });
    expect(await alice.page.locator('#messages li.message.pending').count()).toBe(0);
    expect(await input.inputValue()).toBe('안녕하세요');
    // Then a plain Enter sends it once; Shift+Enter before it made a new line.
    await input.press('End');
    await input.press('Shift+Enter');
    await input.pressSequentially('반가워요');
    await input.press('Enter');
    await messageItem(bob.page, '안녕하세요\n반가워요').waitFor();
    expect(await messageItem(alice.page, '안녕하세요\n반가워요').count()).toBe(1);

    // A draft survives a reload.
    await input.fill('쓰다 만 글');
    await alice.page.reload();
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    expect(await alice.page.locator('#chat-input').inputValue()).toBe('쓰다 만 글');
    await alice.page.locator('#chat-input').fill('');

    // Unanswered, a message is pending, then failed with a retry button; retried, it arrives once.
    dropping = true;
    await alice.page.locator('#chat-input').fill('다시 보낼 글');
    await alice.page.press('#chat-input', 'Enter');
    await messageItem(alice.page, '다시 보낼 글', '.pending').locator('.delivery:text("보내는 중…")').waitFor();
    await messageItem(alice.page, '다시 보낼 글', '.failed').locator('button.retry:text("다시 보내기")').waitFor({ timeout: 20_000 });
    dropping = false;
    await messageItem(alice.page, '다시 보낼 글').locator('button.retry').click();
    await messageItem(bob.page, '다시 보낼 글').waitFor();
    await messageItem(alice.page, '다시 보낼 글', ':not(.pending):not(.failed)').waitFor();
    expect(await messageItem(alice.page, '다시 보낼 글').count()).toBe(1);

    // A message still on its way when the page reloads is shown again and sent with the same client_id: once.
    dropping = true;
    await alice.page.locator('#chat-input').fill('새로 고쳐도 남는 글');
    await alice.page.press('#chat-input', 'Enter');
    await messageItem(alice.page, '새로 고쳐도 남는 글', '.pending').waitFor();
    dropping = false;
    await alice.page.reload();
    await messageItem(bob.page, '새로 고쳐도 남는 글').waitFor();
    await messageItem(alice.page, '새로 고쳐도 남는 글', ':not(.pending)').waitFor();
    for (const page of [alice.page, bob.page]) expect(await messageItem(page, '새로 고쳐도 남는 글').count()).toBe(1);
    await alice.page.reload();
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    expect(await messageItem(alice.page, '새로 고쳐도 남는 글').count()).toBe(1);
    expect(await alice.page.locator('#messages li.message.pending').count()).toBe(0);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});

/** Chromium logs each refused reconnect while a process is down; nothing else may fail. */
const unexpectedErrors = (...lists: string[][]) => lists.flat().filter((error) => !/^WebSocket connection to .* failed: .*ERR_CONNECTION_REFUSED/.test(error));

describe('reconnecting', () => {
  it('shows the state while a process is down, then catches up once and sends what was typed offline', async () => {
    const { id, alice, bob } = await twoInARoom('재연결방');
    // Alice moves to the second process too; Carol stays on the first.
    const roomPath = new URL(alice.page.url()).pathname;
    await alice.page.goto(`${url(1)}/`);
    await alice.page.goto(`${url(1)}${roomPath}`);
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    const carol = await signedUpPage(browser, url(0), `캐럴_${id}`);
    await enterFromHome(carol.page, url(0), `재연결방 ${id}`);
    await send(alice.page, '끊기기 전');
    await messageItem(bob.page, '끊기기 전').waitFor();

    const port = new URL(url(1)).port;
    await servers[1]?.stop('SIGKILL');
    for (const page of [alice.page, bob.page]) await page.waitForSelector('#connection-status[data-state=connecting]:text("다시 연결 중…")');
    await send(carol.page, '끊긴 동안 1');
    await send(carol.page, '끊긴 동안 2');
    await bob.page.fill('#chat-input', '오프라인에서 쓴 글');
    await bob.page.press('#chat-input', 'Enter');
    await messageItem(bob.page, '오프라인에서 쓴 글', '.pending').waitFor();

    servers[1] = await startServerProcess(testEnv({ PORT: port }));
    for (const page of [alice.page, bob.page]) await page.waitForSelector('#connection-status[data-state=open]:text("연결됨")', { timeout: 40_000 });
    for (const page of [alice.page, bob.page, carol.page]) {
      for (const text of ['끊긴 동안 1', '끊긴 동안 2', '오프라인에서 쓴 글']) await messageItem(page, text, ':not(.pending)').waitFor();
    }
    for (const page of [alice.page, bob.page, carol.page]) {
      for (const text of ['끊기기 전', '끊긴 동안 1', '끊긴 동안 2', '오프라인에서 쓴 글']) expect(await messageItem(page, text).count(), text).toBe(1);
    }
    expect(unexpectedErrors(alice.errors, bob.errors, carol.errors)).toEqual([]);
  });
});

/** Drops (or pastes) files on an element the way a browser does, with a DataTransfer holding them. */
async function dropFiles(page: Page, selector: string, files: { name: string; type: string; buffer: Buffer }[], how: 'drop' | 'paste' = 'drop'): Promise<void> {
  const transfer = await page.evaluateHandle((list: { name: string; type: string; bytes: number[] }[]) => {
    const { DataTransfer: Transfer, File: FileOf } = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
    };
    const data = new Transfer();
    for (const file of list) data.items.add(new FileOf([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    return data;
  }, files.map((file) => ({ name: file.name, type: file.type, bytes: [...file.buffer] })));
  if (how === 'paste') {
    await page.locator(selector).evaluate((element: { dispatchEvent(event: unknown): boolean }, data) => {
      const { ClipboardEvent: Paste } = globalThis as unknown as { ClipboardEvent: new (type: string, init: Record<string, unknown>) => unknown };
      element.dispatchEvent(new Paste('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, transfer);
    return;
  }
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer: transfer });
}

describe('images', () => {
  it('uploads by drop with progress and cancel, or by paste; the other sees the thumbnail live and the viewer walks through them', async () => {
    const { alice, bob, roomId, aliceId } = await twoInARoom('사진방');
    const held: Route[] = [];
    await alice.page.route('**/images/upload/', (route) => void held.push(route));
    const sea = { name: 'sea.png', type: 'image/png', buffer: await solidImage('png', 800, 600, '#1971c2') };

    // Dropped, it shows a row with a progress bar until the server answers.
    await dropFiles(alice.page, '#chat-panel', [sea]);
    await alice.page.locator('#uploads li:has-text("sea.png") progress').waitFor();
    await expect.poll(() => held.length).toBe(1);
    await held.shift()?.continue();
    await alice.page.locator('#uploads li').waitFor({ state: 'detached' });
    const thumbnail = bob.page.locator('#messages li.message a.image-link img');
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('src')).toMatch(/-thumb\.webp$/);

    // Cancelled, it is gone and never arrives.
    await dropFiles(alice.page, '#chat-panel', [{ ...sea, name: 'cancel.png' }]);
    await expect.poll(() => held.length).toBe(1);
    await alice.page.locator('#uploads li:has-text("cancel.png") button:text("취소")').click();
    await alice.page.locator('#uploads li').waitFor({ state: 'detached' });
    // The browser dropped the request: it never reaches the server.
    await held.shift()?.abort().catch(() => undefined);

    // Pasted into the message box, it goes too.
    await alice.page.unroute('**/images/upload/');
    await dropFiles(alice.page, '#chat-input', [{ name: 'clip.png', type: 'image/png', buffer: await solidImage('png', 300, 300, '#e8590c') }], 'paste');
    await expect.poll(() => bob.page.locator('#messages a.image-link img').count()).toBe(2);

    // The viewer opens on a click and walks with the arrow keys; Escape closes it.
    await bob.page.locator('#messages a.image-link').first().click();
    const viewer = bob.page.locator('#lightbox');
    await viewer.waitFor();
    expect(await viewer.locator('.counter').textContent()).toBe('1 / 2');
    const first = await viewer.locator('img').getAttribute('src');
    await bob.page.keyboard.press('ArrowRight');
    expect(await viewer.locator('.counter').textContent()).toBe('2 / 2');
    expect(await viewer.locator('img').getAttribute('src')).not.toBe(first);
    await bob.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    expect(bob.page.url()).toMatch(/\/rooms\/.+\/$/);
    expect(await alice.page.locator('#messages a.image-link').count()).toBe(2);

    // The image panel, scrolled to its end, brings older images: 20 shown, 20 more and the 2 uploads behind 50 texts.
    const uploaded = await db.message.findFirstOrThrow({ where: { roomId, image: { not: null } }, select: { image: true } });
    const copies = (count: number) => Array.from({ length: count }, () => ({ userId: aliceId, image: uploaded.image }));
    await storeMessages(db, roomId, [...copies(20), ...Array.from({ length: 50 }, (_, index) => ({ userId: aliceId, content: `글 ${index}` })), ...copies(20)]);
    // Alice wrote them all, so her page opens at the end (no unread line to open at).
    await alice.page.reload();
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    expect(await alice.page.locator('#images a').count()).toBe(20);
    await alice.page.locator('#images').evaluate((grid: { scrollTop: number; scrollHeight: number }) => (grid.scrollTop = grid.scrollHeight));
    await expect.poll(() => alice.page.locator('#images a').count()).toBe(42);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});

describe('a password room from entry to a kick', () => {
  it('enters through the password dialog, chats both ways live, and a kick sends the other home without reloading the owner', async () => {
    const id = unique().slice(0, 6);
    const roomName = `비밀방 ${id}`;
    const alice = await signedUpPage(browser, url(0), `앨리스_${id}`);
    await createRoomThroughPage(alice.page, roomName, { password: 'secret-pw' });
    const bob = await signedUpPage(browser, url(1), `밥_${id}`);
    expect(await bob.page.locator(`.room-item:has-text("${roomName}") input[name=password]`).isVisible()).toBe(false);
    await Promise.all([bob.page.waitForURL(/\/rooms\/.+\/$/), answerPasswordDialog(bob.page, roomName, 'secret-pw')]);
    await bob.page.waitForSelector('#connection-status[data-state=open]');

    await send(alice.page, '어서 오세요');
    await messageItem(bob.page, '어서 오세요').waitFor();
    await send(bob.page, '반가워요');
    await messageItem(alice.page, '반가워요').waitFor();
    await alice.page.waitForSelector(`#members li:has-text("밥_${id}").online`);

    // The owner's page is never reloaded: a mark set in it survives the kick.
    await alice.page.evaluate('window.stillHere = true');
    // The owner's actions are in the member's menu, confirmed in the page's own dialog.
    const row = alice.page.locator(`#members li:has-text("밥_${id}")`);
    await row.locator('details.member-menu > summary').click();
    await screenshot(alice.page, 'member-menu');
    await row.locator('form[action$="/kick/"] button').click();
    await alice.page.locator('#confirm-dialog .question:text("밥_' + id + '님을 강퇴할까요?")').waitFor();
    await screenshot(alice.page, 'confirm-kick');
    await confirmInPage(alice.page);
    await bob.page.waitForSelector('#room-notice:has-text("강퇴되었습니다")');
    await bob.page.waitForURL(`${url(1)}/`);
    await alice.page.waitForSelector(`#members li:has-text("밥_${id}")`, { state: 'detached' });
    expect(await alice.page.evaluate('window.stillHere')).toBe(true);
    expect(await alice.page.locator('#member-count').textContent()).toBe('1');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

/** Whether the page scrolls sideways (something is wider than the screen). */
const scrollsSideways = (page: Page) => page.evaluate('document.documentElement.scrollWidth > window.innerWidth');

describe('on a phone, and in light and dark', () => {
  it('does it all at 390×844 without sideways scrolling, and saves screenshots of every page in both themes', async () => {
    const id = unique().slice(0, 6);
    const roomName = `폰방 ${id}`;
    const alice = await signedUpPage(browser, url(0), `앨리스_${id}`);
    // The create form says what is wrong next to the field before sending anything.
    const posts: string[] = [];
    alice.page.on('request', (request) => void (request.method() === 'POST' && posts.push(request.url())));
    await alice.page.fill('.create-room input[name=capacity]', '1');
    await alice.page.click('.create-room button[type=submit]');
    await alice.page.locator('.create-room .field-error:text("방 이름을 입력해 주세요.")').waitFor();
    expect(await alice.page.locator('.create-room .field-error').count()).toBe(2);
    expect(posts).toEqual([]);
    await alice.page.fill('.create-room input[name=capacity]', '10');
    expect(await alice.page.locator('.create-room .field-error').count()).toBe(1);
    await createRoomThroughPage(alice.page, roomName, { password: 'secret-pw' });
    const bob = await signedUpPage(browser, url(1), `민지_${id}`);
    await bob.page.setViewportSize(PHONE);
    expect(await scrollsSideways(bob.page)).toBe(false);
    await Promise.all([bob.page.waitForURL(/\/rooms\/.+\/$/), answerPasswordDialog(bob.page, roomName, 'secret-pw')]);
    await bob.page.waitForSelector('#connection-status[data-state=open]');

    await send(alice.page, `@민지_${id} 안녕하세요! 오늘 회의 자료는 https://example.com/meeting 에 있어요.`);
    await bob.page.fill('#chat-input', '입력 중');
    await alice.page.waitForSelector(`#typing:text("민지_${id}님이 입력 중…")`);
    await send(bob.page, '네, 확인했어요 👍 아주아주긴단어가줄을넘어가도화면을넘치지않아야합니다아주아주긴단어가줄을넘어가도화면을넘치지않아야합니다');
    await dropFiles(bob.page, '#chat-panel', [{ name: 'sea.png', type: 'image/png', buffer: await solidImage('png', 900, 600, '#1971c2') }]);
    await alice.page.locator('#messages a.image-link img').waitFor();
    await send(alice.page, '사진 예쁘네요');
    await messageItem(bob.page, '사진 예쁘네요').waitFor();
    await bob.page.locator('#messages a.image-link').click();
    await bob.page.locator('#lightbox').waitFor();
    await screenshot(bob.page, 'lightbox-phone');
    await bob.page.keyboard.press('Escape');
    expect(await scrollsSideways(bob.page)).toBe(false);
    expect(await bob.page.locator('#chat-input').isVisible()).toBe(true);

    const visitor = await browser.newPage({ locale: 'ko-KR' });
    for (const scheme of ['light', 'dark'] as const) {
      for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
        for (const page of [visitor, alice.page]) {
          await page.setViewportSize(viewport);
          await page.emulateMedia({ colorScheme: scheme });
        }
        await visitor.goto(`${url(0)}/login`);
        await screenshot(visitor, `login-${size}-${scheme}`);
        await alice.page.goto(`${url(0)}/`);
        expect(await scrollsSideways(alice.page), `home ${size}`).toBe(false);
        await screenshot(alice.page, `home-${size}-${scheme}`);
        await alice.page.goBack();
        await alice.page.waitForSelector('#connection-status[data-state=open]');
        // Back from the cache, the page catches up over its socket (?since).
        await messageItem(alice.page, '사진 예쁘네요', ':not(.pending)').waitFor();
        await alice.page.waitForSelector(`#members li:has-text("민지_${id}").online`);
        expect(await scrollsSideways(alice.page), `room ${size}`).toBe(false);
        await screenshot(alice.page, `room-${size}-${scheme}`);
      }
    }
    await visitor.close();
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});

describe('without JavaScript', () => {
  it('signs up, creates a password room, enters it with the password and reads it', async () => {
    const id = unique().slice(0, 6);
    const roomName = `스크립트 없는 방 ${id}`;
    const alice = await signedUpPage(browser, url(0), `앨리스_${id}`, { javaScript: false });
    await alice.page.fill('.create-room input[name=name]', roomName);
    await alice.page.fill('.create-room input[name=password]', 'secret-pw');
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    const bob = await signedUpPage(browser, url(1), `밥_${id}`, { javaScript: false });
    const row = bob.page.locator(`.room-item:has-text("${roomName}")`);
    await row.locator('input[name=password]').fill('wrong');
    await row.locator('button[type=submit]').click();
    expect(await bob.page.locator('body').textContent()).toContain('비밀번호가 올바르지 않습니다.');
    await bob.page.goto(`${url(1)}/`);
    await row.locator('input[name=password]').fill('secret-pw');
    await Promise.all([bob.page.waitForURL(/\/rooms\/.+\/$/), row.locator('button[type=submit]').click()]);
    expect(await bob.page.locator('.room-header h1').textContent()).toContain(roomName);
    expect(await bob.page.locator(`#messages li.system:has-text("밥_${id}님이 들어왔습니다.")`).count()).toBe(1);
    expect(await bob.page.locator('#attach').isVisible()).toBe(false);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
