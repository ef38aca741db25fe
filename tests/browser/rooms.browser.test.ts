import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPasswordDialog, collectPageErrors, launchBrowser, memberAction, screenshot } from '../support/browser.js';
import { testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Two people, each on their own server process (same Redis and MariaDB), using only the
// pages: create a password room, enter it, chat live, share an image, moderate.
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

async function signUp(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.fill('input[name=email]', `user-${unique()}@example.com`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'password-1234');
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button[type=submit]')]);
}

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim();

describe('a room through the pages, across two server processes', () => {
  it('create, enter with a password, chat live both ways, share an image, kick, unban and hand over', async () => {
    const alicePage = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    const bobPage = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const aliceErrors = collectPageErrors(alicePage);
    const bobErrors = collectPageErrors(bobPage);
    const id = unique().slice(0, 6);
    const alice = `앨리스_${id}`;
    const bob = `밥_${id}`;
    const roomName = `파이썬 스터디 ${id}`;

    await signUp(alicePage, serverA.url, alice);
    await alicePage.fill('input[name=name]', roomName);
    await alicePage.fill('input[name=topic]', '매주 화요일 <b>저녁</b>');
    await alicePage.fill('input[name=capacity]', '5');
    await alicePage.fill('.create-room input[name=password]', 'secret-pw');
    await Promise.all([alicePage.waitForURL(/\/rooms\/.+\/$/), alicePage.click('.create-room button[type=submit]')]);
    expect(decodeURIComponent(new URL(alicePage.url()).pathname)).toBe(`/rooms/파이썬-스터디-${id}/`);
    expect(await text(alicePage, '.room-header .topic')).toBe('매주 화요일 <b>저녁</b>');
    await alicePage.waitForSelector('#connection-status[data-state=open]');

    await signUp(bobPage, serverB.url, bob);
    const item = bobPage.locator(`.room-item:has-text("${roomName}")`);
    expect(await item.locator('.lock').count()).toBe(1);
    await screenshot(bobPage, 'home-mobile');
    // The password is asked in a dialog; a wrong one is said there, and it asks again.
    await answerPasswordDialog(bobPage, roomName, 'wrong-password');
    await bobPage.locator('#password-dialog .field-error:not([hidden])').waitFor();
    expect(await bobPage.locator('#password-dialog .field-error').textContent()).toBe('비밀번호가 올바르지 않습니다.');
    await Promise.all([bobPage.waitForURL(/\/rooms\/.+\/$/), answerPasswordDialog(bobPage, roomName, 'secret-pw', { open: false })]);
    await bobPage.waitForSelector('#connection-status[data-state=open]');

    // Alice's member list learns about Bob, and both show as online.
    await alicePage.waitForSelector(`#members li:has-text("${bob}").online`);

    await bobPage.fill('#chat-input', '안녕하세요! <script>alert(1)</script>');
    await bobPage.press('#chat-input', 'Enter');
    await alicePage.waitForSelector('#messages li:has-text("안녕하세요!")');
    expect(await text(alicePage, '#messages li:has-text("안녕하세요!") .text')).toBe('안녕하세요! <script>alert(1)</script>');
    await alicePage.fill('#chat-input', '반가워요 밥');
    await alicePage.click('#chat-form button[type=submit]');
    await bobPage.waitForSelector('#messages li:has-text("반가워요 밥")');
    expect(await bobPage.locator('#messages li.pending').count()).toBe(0);

    const image = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3b5bdb' } }).png().toBuffer();
    await alicePage.setInputFiles('.upload-form input[type=file]', { name: 'blue.png', mimeType: 'image/png', buffer: image });
    await alicePage.click('.upload-form button[type=submit]');
    await bobPage.waitForSelector('#images img');
    await bobPage.waitForSelector('#messages li img');
    await screenshot(alicePage, 'room-desktop');
    await screenshot(bobPage, 'room-mobile');

    // Alice's home page, in another tab: the room shows its last message (her image) and its time.
    const aliceHome = await alicePage.context().newPage();
    await aliceHome.goto(`${serverA.url}/`);
    const last = aliceHome.locator(`.room-item:has-text("${roomName}") .last-message`);
    expect(await last.locator('.last-author').textContent()).toBe(alice);
    expect(await last.locator('.last-text').textContent()).toBe('사진');
    expect(await last.locator('time').textContent()).toMatch(/^오[전후] \d{1,2}:\d\d$/);
    await screenshot(aliceHome, 'home-preview');
    await aliceHome.emulateMedia({ colorScheme: 'dark' });
    await screenshot(aliceHome, 'home-preview-dark');
    await aliceHome.close();

    // Kick: Bob is told and his socket is closed; Alice sees him among the banned.
    await memberAction(alicePage, bob, 'kick');
    await bobPage.waitForSelector('#room-notice:has-text("강퇴되었습니다")');
    await alicePage.waitForSelector(`.banned li:has-text("${bob}")`);
    await bobPage.goto(bobPage.url());
    expect(await bobPage.textContent('.error-message')).toBe('이 채팅방에서 강퇴되어 입장할 수 없습니다.');

    // Unban, Bob enters again, and Alice hands the room over to him.
    await alicePage.locator(`.banned li:has-text("${bob}") button`).click();
    await alicePage.waitForSelector(`.banned li:has-text("${bob}")`, { state: 'detached' });
    await bobPage.goto(`${serverB.url}/`);
    await Promise.all([bobPage.waitForURL(/\/rooms\/.+\/$/), answerPasswordDialog(bobPage, roomName, 'secret-pw')]);
    await bobPage.waitForSelector('#connection-status[data-state=open]');
    await alicePage.waitForSelector(`#members li:has-text("${bob}")`);
    await memberAction(alicePage, bob, 'transfer');
    await bobPage.waitForSelector(`#members li:has-text("${bob}") .badge.owner`);
    expect(await bobPage.locator('form[action$="/delete/"]').count()).toBe(1);
    expect(await alicePage.locator('form[action$="/delete/"]').count()).toBe(0);

    expect(aliceErrors, aliceErrors.join('\n')).toEqual([]);
    expect(bobErrors, bobErrors.join('\n')).toEqual([]);
  });
});
