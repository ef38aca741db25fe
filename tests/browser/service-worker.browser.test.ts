import { describe, expect, it } from 'vitest';
import type { MessageNotice } from '../../src/bus/events.js';
import { signedUpPage, useBrowserAndServer } from '../support/browser.js';

// The service worker (/sw.js) as a closed tab's notifications meet it: a Web Push message is
// delivered to it through Chromium's DevTools protocol (headless Chromium reaches no real
// push service), and it shows one notification per room, replacing the room's older one;
// a payload that is not a notice shows nothing.

const live = useBrowserAndServer();

const notice = (id: number, room: string, excerpt: string): MessageNotice => ({
  room,
  room_name: `방 ${room}`,
  id,
  user: { id: 1, name: '앨리스', avatar: null },
  excerpt,
  reason: 'mention',
});

// Run in the page (the tests are compiled without the DOM's types, so as source text).
const REGISTER = "navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(() => true)";
const SHOWN = 'navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data.url })))';
interface Shown {
  title: string;
  body: string;
  tag: string;
  url: string;
}

describe('the service worker', () => {
  it('shows a pushed notice as one notification per room, and ignores a payload that is not one', async () => {
    const { page } = await signedUpPage(live.browser, live.url, `sw_${Date.now() % 100000}`);
    await page.context().grantPermissions(['notifications'], { origin: live.url });
    const cdp = await page.context().newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((registration) => registration.scopeURL === `${live.url}/` && !registration.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    await page.evaluate(REGISTER);
    const push = async (data: unknown) => cdp.send('ServiceWorker.deliverPushMessage', { origin: live.url, registrationId: await registrationId, data: JSON.stringify(data) });
    const shown = () => page.evaluate<Shown[]>(SHOWN);

    await push(notice(11, 'study', '@나 회의 자료 봐 주세요'));
    await expect.poll(shown).toHaveLength(1);
    const [first] = await shown();
    expect(first?.title).toBe('앨리스님이 ‘방 study’에서 회원님을 언급했습니다');
    expect(first?.tag).toBe('room:study');
    expect(first?.url).toBe('/rooms/study/#m-11');
    expect(first?.body).toContain('회의 자료 봐 주세요');

    // A newer notice of the same room replaces it; another room's stands beside it.
    await push(notice(12, 'study', '@나 아직이에요?'));
    await push(notice(13, 'games', '@나 한 판 어때요'));
    await expect.poll(async () => (await shown()).map((one) => one.url).sort()).toEqual(['/rooms/games/#m-13', '/rooms/study/#m-12']);

    // Not a notice: nothing more is shown.
    await push({ hello: 'world' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await shown()).toHaveLength(2);
  });
});
