import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmInPage, enterFromHome, launchBrowser, memberAction, screenshot, sendChat, signedUpPage } from '../support/browser.js';
import { testEnv } from '../support/context.js';
import { unique } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// Three people on two processes. Member changes reach every open page as events; no page
// downloads the room page again for them, nor when the viewer's own role changes.
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
    const bobLoads = roomPageRequests(bob.page, roomPath);
    await memberAction(alice.page, bobName, 'transfer');
    // Bob's page (the new owner's) gets the owner's controls in place.
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
    expect(bobLoads).toEqual([]);
    expect(carolRequestsBeforeLeaving).toEqual([]);
    for (const { errors } of [alice, bob, carol]) expect(errors, errors.join('\n')).toEqual([]);
  });

  it('gives a viewer appointed, dismissed or handed the room the right controls in place', async () => {
    const id = unique().slice(0, 6);
    const [aliceName, bobName, carolName, roomName] = [`앨리스_${id}`, `밥_${id}`, `캐럴_${id}`, `역할 테스트 ${id}`];
    const alice = await signedUpPage(browser, serverA.url, aliceName);
    await alice.page.fill('input[name=name]', roomName);
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    const carol = await signedUpPage(browser, serverA.url, carolName);
    await enterFromHome(carol.page, serverA.url, roomName);
    const bob = await signedUpPage(browser, serverB.url, bobName);
    await enterFromHome(bob.page, serverB.url, roomName);
    const bobLoads = documentLoads(bob.page);
    // A mark only this very document carries: a reload would lose it.
    await bob.page.evaluate('document.documentElement.dataset.samePage = "yes"');
    const bobRow = (name: string) => bob.page.locator(`#members li:has-text("${name}")`);
    await bob.page.waitForSelector(`#members li:has-text("${carolName}")`);
    expect(await bob.page.locator('#members form').count()).toBe(0);

    // Appointed 부방장: kick and mute on Carol, an ordinary member; nothing on the owner.
    await alice.page.waitForSelector(`#members li:has-text("${bobName}") form[action$="/moderators/"]`, { state: 'attached' });
    await memberAction(alice.page, bobName, 'moderators');
    await bob.page.waitForSelector(`#members li:has-text("${carolName}") form[action$="/kick/"]`, { state: 'attached' });
    expect(await bobRow(carolName).locator('form[action$="/mute/"]').count()).toBe(1);
    expect(await bobRow(carolName).locator('form[action$="/transfer/"]').count()).toBe(0);
    expect(await bobRow(aliceName).locator('form').count()).toBe(0);
    expect(await bob.page.locator('.notice-compose').count()).toBe(1);
    expect(await bob.page.locator('#delete-form').count()).toBe(0);

    // Dismissed: the controls go again.
    const aliceBobRow = alice.page.locator(`#members li:has-text("${bobName}")`);
    await aliceBobRow.locator('details.member-menu > summary').click();
    await aliceBobRow.locator('form[action$="/moderators/remove/"] button').click();
    await bob.page.waitForSelector(`#members li:has-text("${carolName}") form`, { state: 'detached' });
    expect(await bob.page.locator('.notice-compose').count()).toBe(0);

    // Handed the room: the owner's controls everywhere, the owner's header and message menu.
    await sendChat(carol.page, `캐럴의 글 ${id}`);
    await memberAction(alice.page, bobName, 'transfer');
    await bob.page.waitForSelector(`#members li:has-text("${aliceName}") form[action$="/transfer/"]`, { state: 'attached' });
    expect(await bob.page.locator('#delete-form').count()).toBe(1);
    expect(await bob.page.locator('#leave-form').getAttribute('data-confirm')).toContain('방장을 위임해야');
    await bob.page.locator('#open-settings').click();
    await bob.page.waitForSelector('#settings-dialog[open]');
    await bob.page.locator('#settings-dialog .settings-cancel').click();
    await bob.page.locator(`#messages li.message:has-text("캐럴의 글 ${id}")`).click();
    expect(await bob.page.locator('.message-actions button.delete:visible').count()).toBe(1);

    // Bob kicks Carol; his page lists her as banned, with a working unban button.
    await memberAction(bob.page, carolName, 'kick');
    await carol.page.waitForSelector('#room-notice:has-text("강퇴되었습니다")');
    const banned = bob.page.locator(`#banned-section li:has-text("${carolName}")`);
    await banned.waitFor();
    await banned.locator('form[action$="/unban/"] button').click();
    await bob.page.waitForSelector('#banned-section', { state: 'detached' });

    expect(bobLoads).toEqual([]);
    expect(await bob.page.locator('html').getAttribute('data-same-page')).toBe('yes');
    for (const { errors } of [alice, bob, carol]) expect(errors, errors.join('\n')).toEqual([]);
  });
});

/** Every time the page itself is downloaded again (a reload or a navigation of the main frame). */
function documentLoads(page: Page): string[] {
  const loads: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) loads.push(request.url());
  });
  return loads;
}
