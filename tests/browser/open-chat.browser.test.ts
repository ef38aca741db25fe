import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterFromHome, launchBrowser, memberAction, screenshot, signedUpPage } from '../support/browser.js';
import { testDatabase, testEnv } from '../support/context.js';
import { storeMessages, unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Open-chat habits through the pages, three people on two processes: settings, a moderator
// who hides a message and kicks a member, a reply that quotes and jumps, a live notice.
let serverA: ServerProcess;
let serverB: ServerProcess;
let browser: Browser;
const db = testDatabase();

beforeAll(async () => {
  [serverA, serverB, browser] = await Promise.all([startServerProcess(testEnv()), startServerProcess(testEnv()), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  await db.$disconnect();
});

async function send(page: Page, text: string): Promise<void> {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
  await page.waitForSelector(`#messages li.message:not(.pending):has-text("${text}")`);
}

const message = (page: Page, text: string) => page.locator(`#messages li.message:has-text("${text}")`).first();
const row = (page: Page, name: string) => page.locator(`#members li:has-text("${name}")`);

describe('open-chat habits through the pages', () => {
  it('settings, a moderator who hides and kicks, a reply that jumps, a live notice', async () => {
    const id = unique().slice(0, 6);
    const [aliceName, bobName, carolName, roomName] = [`앨리스_${id}`, `밥_${id}`, `캐럴_${id}`, `오픈채팅 ${id}`];
    const alice = await signedUpPage(browser, serverA.url, aliceName);
    await alice.page.fill('input[name=name]', roomName);
    await alice.page.fill('.create-room input[name=tags]', `#오픈${id} 수다`);
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    await alice.page.waitForSelector(`.room-header .tag-chip:text("#오픈${id}")`);
    const bob = await signedUpPage(browser, serverB.url, bobName);
    const carol = await signedUpPage(browser, serverA.url, carolName);
    // The home page finds the room by its tag, and its chip links to the tag's list.
    await bob.page.goto(`${serverB.url}/?tag=${encodeURIComponent(`오픈${id}`)}`);
    await bob.page.waitForSelector(`.room-item:has-text("${roomName}") .tag-chip:text("#수다")`);
    await enterFromHome(bob.page, serverB.url, roomName);
    await enterFromHome(carol.page, serverA.url, roomName);

    // The settings dialog refuses a capacity below the three members, in Korean, then saves;
    // the other pages' headers follow live.
    await alice.page.click('#open-settings');
    await alice.page.fill('#settings-dialog input[name=capacity]', '2');
    await alice.page.click('#settings-dialog button[type=submit]');
    await alice.page.waitForSelector('#settings-dialog .settings-error:has-text("3명이라")');
    await alice.page.fill('#settings-dialog input[name=capacity]', '1');
    await alice.page.click('#settings-dialog button[type=submit]');
    await alice.page.waitForSelector('#settings-dialog .settings-error:has-text("정원은 2명에서")');
    await alice.page.fill('#settings-dialog input[name=name]', `새 이름 ${id}`);
    await alice.page.fill('#settings-dialog input[name=capacity]', '8');
    await alice.page.click('#settings-dialog button[type=submit]');
    await alice.page.waitForSelector('#settings-dialog', { state: 'hidden' });
    await bob.page.waitForSelector(`.room-header h1:has-text("새 이름 ${id}")`);
    expect(await bob.page.locator('#room-capacity').textContent()).toBe('8');

    // Alice appoints Bob; his page shows him as 부방장 with controls on Carol only.
    await memberAction(alice.page, bobName, 'moderators');
    await carol.page.waitForSelector(`#members li:has-text("${bobName}") .badge.moderator`);
    await bob.page.waitForSelector(`#members li:has-text("${carolName}") form[action$="/kick/"]`, { state: 'attached' });
    expect(await row(bob.page, aliceName).locator('form').count()).toBe(0);
    expect(await bob.page.locator('form[action$="/transfer/"], form[action$="/moderators/"]').count()).toBe(0);

    // Bob hides Carol's message; he may not touch Alice's.
    await send(carol.page, '광고 글입니다');
    await send(alice.page, '방장 글입니다');
    await message(bob.page, '방장 글입니다').click();
    expect(await bob.page.locator('.message-actions button.delete:visible').count()).toBe(0);
    await message(bob.page, '광고 글입니다').click();
    await bob.page.locator('.message-actions button.delete').click();
    await bob.page.locator('#confirm-dialog button[value="ok"]').click();
    await carol.page.waitForSelector('#messages li.message.deleted .tombstone:text("삭제된 메시지입니다")');

    // Bob kicks Carol: her page is closed on the other process.
    await memberAction(bob.page, carolName, 'kick');
    await carol.page.waitForSelector('#room-notice:has-text("강퇴되었습니다")');
    await alice.page.waitForSelector(`#members li:has-text("${carolName}")`, { state: 'detached' });

    // Bob replies to an original that 60 later messages push out of Alice's first page.
    await send(alice.page, '원본 질문입니다');
    const room = await db.room.findFirstOrThrow({ where: { name: `새 이름 ${id}` } });
    const alicesId = Number(await alice.page.locator('#room').getAttribute('data-user-id'));
    await storeMessages(db, room.id, Array.from({ length: 60 }, (_, index) => ({ userId: alicesId, content: `채우기 ${index}` })));
    await message(bob.page, '원본 질문입니다').click();
    await bob.page.locator('.message-actions button.reply').click();
    await bob.page.waitForSelector('#reply-bar:not([hidden]):has-text("원본 질문입니다")');
    await send(bob.page, '답장입니다');
    await bob.page.waitForSelector('#reply-bar', { state: 'hidden' });
    await alice.page.reload();
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    const quote = alice.page.locator(`#messages li.message:has-text("답장입니다") .reply-quote`);
    await quote.waitFor();
    expect(await quote.textContent()).toContain('원본 질문입니다');
    expect(await alice.page.locator('#messages li.message:has-text("원본 질문입니다"):not(:has(.reply-quote))').count()).toBe(0);
    await quote.click();
    await alice.page.waitForSelector('#messages li.message.found:has-text("원본 질문입니다")');
    await screenshot(alice.page, 'open-chat-reply');

    // On a touch screen, swiping a message to the left starts a reply to it.
    // (A script in the page: the test's own TypeScript has no DOM types.)
    await alice.page.evaluate(`(() => {
      const item = [...document.querySelectorAll('#messages li.message')].find((li) => li.querySelector('.text')?.textContent === '답장입니다');
      const touch = (x) => new Touch({ identifier: 1, target: item, clientX: x, clientY: 100 });
      item.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, touches: [touch(300)], changedTouches: [touch(300)] }));
      item.dispatchEvent(new TouchEvent('touchend', { bubbles: true, touches: [], changedTouches: [touch(200)] }));
    })()`);
    await alice.page.waitForSelector(`#reply-bar:not([hidden]):has-text("${bobName}님에게 답장: 답장입니다")`);
    await alice.page.click('#reply-cancel');
    await alice.page.waitForSelector('#reply-bar', { state: 'hidden' });

    // Bob pins his reply as the notice; Alice sees it at once, with who pinned it.
    // (On the text: the quote above it goes to the original instead of opening the menu.)
    await message(bob.page, '답장입니다').locator('.text').click();
    await bob.page.locator('.message-actions button.pin').click();
    await bob.page.locator('#confirm-dialog button[value="ok"]').click();
    await alice.page.waitForSelector('#pinned-notice:not([hidden]) .pinned-text:text("답장입니다")');
    expect(await alice.page.locator('#pinned-notice .pinned-author').textContent()).toBe(bobName);
    await alice.page.click('#pinned-notice summary');
    await alice.page.waitForSelector('#pinned-notice .pinned-text', { state: 'hidden' });
    await screenshot(bob.page, 'open-chat-notice');

    for (const { errors } of [alice, bob, carol]) expect(errors, errors.join('\n')).toEqual([]);
  });
});
