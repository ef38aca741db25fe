import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmInPage, enterFromHome, launchBrowser, memberAction, screenshot, signedUpPage } from '../support/browser.js';
import { testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Three people on two processes. Member changes reach every open page as events; no page
// downloads the room page again for them (only a new owner's page reloads, by design).
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

/** Every request a page makes for the room page itself (not its messages, uploads or socket). */
function roomPageRequests(page: Page, roomPath: string): string[] {
  const requests: string[] = [];
  const normal = (path: string) => decodeURIComponent(path).replace(/\/$/, '');
  page.on('request', (request) => {
    if (normal(new URL(request.url()).pathname) === normal(roomPath)) requests.push(`${request.method()} ${request.url()}`);
  });
  return requests;
}

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim();

describe('the member list follows the room without reloading it', () => {
  it('adds, kicks, bans, unbans, removes and hands over from events, with working controls on live rows', async () => {
    const id = unique().slice(0, 6);
    const [aliceName, bobName, carolName, roomName] = [`앨리스_${id}`, `밥_${id}`, `캐럴_${id}`, `멤버 테스트 ${id}`];
    const alice = await signedUpPage(browser, serverA.url, aliceName);
    await alice.page.fill('input[name=name]', roomName);
    await alice.page.fill('input[name=capacity]', '5');
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    const roomPath = new URL(alice.page.url()).pathname;
    const carol = await signedUpPage(browser, serverA.url, carolName);
    await enterFromHome(carol.page, serverA.url, roomName);
    const bob = await signedUpPage(browser, serverB.url, bobName);

    const aliceLoads = roomPageRequests(alice.page, roomPath);
    const carolLoads = roomPageRequests(carol.page, roomPath);

    // Bob joins on the other process: a row on every page, with the owner's controls on Alice's.
    await enterFromHome(bob.page, serverB.url, roomName);
    await alice.page.waitForSelector(`#members li:has-text("${bobName}").online form[action$="/kick/"]`, { state: 'attached' });
    await carol.page.waitForSelector(`#members li:has-text("${bobName}").online`);
    expect(await carol.page.locator(`#members li:has-text("${bobName}") form`).count()).toBe(0);
    expect(await text(alice.page, '#member-count')).toBe('3');
    expect(await text(carol.page, '#member-count')).toBe('3');

    // Alice kicks Bob with the controls of the row that arrived live.
    await memberAction(alice.page, bobName, 'kick');
    await bob.page.waitForSelector('#room-notice:has-text("강퇴되었습니다")');
    await alice.page.waitForSelector(`.banned li:has-text("${bobName}")`);
    await alice.page.waitForSelector(`#members li:has-text("${bobName}")`, { state: 'detached' });
    await carol.page.waitForSelector(`#members li:has-text("${bobName}")`, { state: 'detached' });
    expect(await carol.page.locator('.banned').count()).toBe(0);
    expect(await text(alice.page, '#member-count')).toBe('2');
    await screenshot(alice.page, 'room-members-live');

    // Alice lifts the ban with the banned row that arrived live; the list goes when empty.
    await alice.page.locator(`.banned li:has-text("${bobName}") button`).click();
    await alice.page.waitForSelector('#banned-section', { state: 'detached' });

    // Bob enters again; Alice hands the room over with his new live row.
    await enterFromHome(bob.page, serverB.url, roomName);
    await memberAction(alice.page, bobName, 'transfer');
    // Bob's page (the new owner's) reloads and has the owner's controls.
    await bob.page.waitForSelector(`#members li:has-text("${bobName}") .badge.owner`);
    await bob.page.waitForSelector(`#members li:has-text("${aliceName}") form[action$="/kick/"]`, { state: 'attached' });
    expect(await bob.page.locator('form[action$="/delete/"]').count()).toBe(1);
    // Alice's and Carol's pages move the badge in place; Alice loses her controls.
    await alice.page.waitForSelector(`#members li:has-text("${bobName}") .badge.owner`);
    await carol.page.waitForSelector(`#members li:has-text("${bobName}") .badge.owner`);
    expect(await alice.page.locator(`#members li:has-text("${aliceName}") .badge.owner`).count()).toBe(0);
    expect(await alice.page.locator('form[action$="/delete/"], form[action$="/kick/"], form[action$="/transfer/"]').count()).toBe(0);

    // Carol leaves; the others see her go.
    const carolRequestsBeforeLeaving = [...carolLoads];
    await carol.page.locator('form[action$="/leave/"] button').click();
    await Promise.all([carol.page.waitForURL(`${serverA.url}/`), confirmInPage(carol.page)]);
    await alice.page.waitForSelector(`#members li:has-text("${carolName}")`, { state: 'detached' });
    await bob.page.waitForSelector(`#members li:has-text("${carolName}")`, { state: 'detached' });
    expect(await text(alice.page, '#member-count')).toBe('2');

    expect(aliceLoads).toEqual([]);
    expect(carolRequestsBeforeLeaving).toEqual([]);
    for (const { errors } of [alice, bob, carol]) expect(errors, errors.join('\n')).toEqual([]);
  });
});
