import { describe, expect, it } from 'vitest';
import { confirmInPage, createRoomThroughPage, signedUpPage, useBrowserAndServer } from '../support/browser.js';
import { unique } from '../support/factories.js';

// A private room's invitation link on the owner's page: a new one is asked for in the page's
// own dialog (cancel keeps the old link), replaces the old one in place, and only the new one
// lets someone in.

const live = useBrowserAndServer();

describe('the invitation link of a private room', () => {
  it('is renewed after a confirmation in the page, and only the new link lets a guest in', async () => {
    const id = unique().slice(0, 6);
    const owner = await signedUpPage(live.browser, live.url, `방장_${id}`);
    await owner.page.check('.create-room input[name=is_private]');
    await createRoomThroughPage(owner.page, `비밀방 ${id}`);
    const link = owner.page.locator('#invite-link');
    const first = (await link.getAttribute('href')) ?? '';
    expect(first).toMatch(/^\/invite\//);
    const renew = owner.page.locator('form[data-invite-renew] button[type=submit]');

    // Cancelled: nothing is asked of the server, the link stays.
    await renew.click();
    await owner.page.locator('#confirm-dialog button[value=cancel]').click();
    await owner.page.locator('#confirm-dialog').waitFor({ state: 'hidden' });
    expect(await link.getAttribute('href')).toBe(first);

    // Confirmed: a new link replaces the old one without a reload.
    await renew.click();
    await confirmInPage(owner.page);
    await expect.poll(() => link.getAttribute('href')).not.toBe(first);
    const second = (await link.getAttribute('href')) ?? '';
    expect(second).toMatch(/^\/invite\//);

    // The old link leads nowhere; the new one to the room.
    const guest = await signedUpPage(live.browser, live.url, `손님_${id}`);
    const old = await guest.page.goto(`${live.url}${first}`);
    expect(old?.status()).toBe(404);
    // The new one shows the room's enter form, and entering leads into the room.
    await guest.page.goto(`${live.url}${second}`);
    expect(await guest.page.locator('h1').textContent()).toContain(`비밀방 ${id}`);
    await Promise.all([guest.page.waitForURL(/\/rooms\/.+\/$/), guest.page.click('button[type=submit]:has-text("입장하기")')]);
    await guest.page.waitForSelector('#connection-status[data-state=open]');
    for (const someone of [owner, guest]) expect(someone.errors, someone.errors.join('\n')).toEqual([]);
  });
});
