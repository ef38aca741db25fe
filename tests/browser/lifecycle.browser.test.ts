import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signedUpPage } from '../support/browser.js';
import { testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Two people on two processes edit, delete and react through the room page, and each sees
// the other's change live; a page that was offline catches up when it reconnects.
let serverA: ServerProcess;
let serverB: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [serverA, serverB, browser] = await Promise.all([startServerProcess(testEnv()), startServerProcess(testEnv()), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([serverA?.stop(), serverB?.stop()]);
});

const person = (baseUrl: string, username: string) => signedUpPage(browser, baseUrl, username);

const message = (page: Page, text: string) => page.locator(`#messages li.message:has-text("${text}")`);

async function send(page: Page, text: string): Promise<void> {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
  await page.waitForSelector(`#messages li.message:not(.pending):has-text("${text}")`);
}

describe('message lifecycle through the room page', () => {
  it('edit, delete and react live on two processes; an offline page catches up', async () => {
    const id = unique().slice(0, 6);
    const alice = await person(serverA.url, `앨리스_${id}`);
    await alice.page.fill('input[name=name]', `수명 ${id}`);
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    const roomPath = new URL(alice.page.url()).pathname;
    const bob = await person(serverB.url, `밥_${id}`);
    await bob.page.goto(`${serverB.url}/`);
    await Promise.all([bob.page.waitForURL(/\/rooms\/.+\/$/), bob.page.locator(`.room-item:has-text("수명 ${id}") button[type=submit]`).click()]);
    await bob.page.waitForSelector('#connection-status[data-state=open]');
    // Bob's entry is a line in the timeline, on Alice's page too.
    await alice.page.waitForSelector(`#messages li.system:has-text("밥_${id}님이 들어왔습니다.")`);

    // Bob reacts to Alice's message; Alice sees the count, Bob his own reaction highlighted.
    await send(alice.page, '오타가 잇는 글');
    await message(bob.page, '오타가 잇는 글').click();
    await bob.page.locator('.message-actions button[data-emoji="👍"]').click();
    await alice.page.waitForSelector('#messages li.message:has-text("오타가 잇는 글") .reaction[data-emoji="👍"] .count:text("1")');
    await bob.page.waitForSelector('#messages li.message:has-text("오타가 잇는 글") .reaction.mine[data-emoji="👍"]');

    // Alice edits it; Bob sees the new text, marked as edited.
    await message(alice.page, '오타가 잇는 글').click();
    await alice.page.locator('.message-actions button.edit').click();
    await alice.page.fill('.edit-box', '오타를 고친 글');
    await alice.page.press('.edit-box', 'Enter');
    await bob.page.waitForSelector('#messages li.message:has-text("오타를 고친 글") .edited:not([hidden])');
    expect(await message(bob.page, '오타가 잇는 글').count()).toBe(0);

    // Bob may not edit or delete Alice's message: his menu offers neither.
    await message(bob.page, '오타를 고친 글').click();
    expect(await bob.page.locator('.message-actions button.edit:visible, .message-actions button.delete:visible').count()).toBe(0);

    // Alice, the owner, deletes Bob's message after confirming; both see a tombstone.
    await send(bob.page, '지워질 글');
    await message(alice.page, '지워질 글').click();
    await alice.page.locator('.message-actions button.delete').click();
    await alice.page.locator('#confirm-dialog button[value="ok"]').click();
    await bob.page.waitForSelector('#messages li.message.deleted .tombstone:text("삭제된 메시지입니다")');
    expect(await bob.page.locator('#messages li:has-text("지워질 글")').count()).toBe(0);
    await screenshot(alice.page, 'room-lifecycle');

    // Bob's server process stops, so his page is cut off; meanwhile Alice edits, reacts and
    // deletes. When the process is back, his page reconnects (?since) and shows all of it, once.
    await send(alice.page, '나중에 바뀔 글');
    await bob.page.waitForSelector('#messages li.message:has-text("나중에 바뀔 글")');
    const bobPort = new URL(serverB.url).port;
    await serverB.stop();
    await bob.page.waitForSelector('#connection-status:not([data-state=open])');
    await message(alice.page, '나중에 바뀔 글').click();
    await alice.page.locator('.message-actions button.edit').click();
    await alice.page.fill('.edit-box', '바뀐 글');
    await alice.page.press('.edit-box', 'Enter');
    await alice.page.waitForSelector('#messages li.message:has-text("바뀐 글") .edited:not([hidden])');
    await message(alice.page, '바뀐 글').click();
    await alice.page.locator('.message-actions button[data-emoji="❤️"]').click();
    await alice.page.waitForSelector('#messages li.message:has-text("바뀐 글") .reaction.mine[data-emoji="❤️"]');
    await message(alice.page, '오타를 고친 글').click();
    await alice.page.locator('.message-actions button.delete').click();
    await alice.page.locator('#confirm-dialog button[value="ok"]').click();
    await alice.page.waitForSelector('#messages li.message.deleted >> nth=1');
    await send(alice.page, '다시 연결된 뒤 글');

    serverB = await startServerProcess(testEnv({ PORT: bobPort }));
    await bob.page.waitForSelector('#messages li.message:has-text("바뀐 글") .reaction[data-emoji="❤️"] .count:text("1")', { timeout: 30_000 });
    await bob.page.waitForSelector('#messages li.message:has-text("다시 연결된 뒤 글")');
    expect(await message(bob.page, '나중에 바뀔 글').count()).toBe(0);
    expect(await message(bob.page, '오타를 고친 글').count()).toBe(0);
    expect(await bob.page.locator('#messages li.message.deleted').count()).toBe(2);
    expect(await message(bob.page, '다시 연결된 뒤 글').count()).toBe(1);
    expect(decodeURIComponent(new URL(bob.page.url()).pathname)).toBe(decodeURIComponent(roomPath));

    // Chromium logs each refused reconnect while Bob's process was down; nothing else may fail.
    const unexpected = [...alice.errors, ...bob.errors].filter((error) => !/^WebSocket connection to .* failed: .*ERR_CONNECTION_REFUSED/.test(error));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
  });
});
