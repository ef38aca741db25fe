import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useMessageStore } from '../messages/helpers.js';
import { collectPageErrors, screenshot, signUp as signUpThroughPage, useBrowserAndServer } from '../support/browser.js';
import { testDatabase } from '../support/context.js';
import { unique } from '../support/factories.js';

// A member searches the room's history, pages the results, and jumps to a hit older than
// the page has: the timeline loads it with its neighbours, shows it, and the gap line
// between it and the rest loads the messages in between.
const live = useBrowserAndServer();
const db = testDatabase();
const store = useMessageStore(db);

afterAll(async () => {
  await db.$disconnect();
});

async function signUp(width: number, username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await live.browser.newContext({ viewport: { width, height: 800 } })).newPage();
  const errors = collectPageErrors(page);
  await signUpThroughPage(page, live.url, username);
  return { page, errors };
}

/** Whether the element is inside the visible part of the timeline. */
async function inView(page: Page, selector: string): Promise<boolean> {
  const [box, list] = await Promise.all([page.locator(selector).boundingBox(), page.locator('#messages').boundingBox()]);
  return !!box && !!list && box.height > 0 && box.y >= list.y - 1 && box.y + box.height <= list.y + list.height + 1;
}

describe('search on the room page', () => {
  it('finds, pages, and jumps to a message older than the loaded page', async () => {
    const id = unique().slice(0, 6);
    const alice = await signUp(1280, `검색_${id}`);
    await alice.page.fill('input[name=name]', `검색방 ${id}`);
    await Promise.all([alice.page.waitForURL(/\/rooms\/.+\/$/), alice.page.click('.create-room button[type=submit]')]);
    const slug = decodeURIComponent(new URL(alice.page.url()).pathname.split('/')[2] ?? '');
    const room = await db.room.findUniqueOrThrow({ where: { slug } });
    const user = await db.user.findFirstOrThrow({ where: { username: `검색_${id}` } });
    // 120 messages: the first is the one to find; 60 more mention 스터디.
    const say = async (text: string) => (await store.postChat({ roomId: room.id, userId: user.id, text, clientId: null })).event.id;
    const target = await say('파이썬스터디모임 첫 공지: 매주 화요일');
    for (let n = 1; n < 120; n += 1) await say(n % 2 === 0 ? `스터디 준비 ${n}번째` : `잡담 ${n}`);
    await alice.page.reload();
    await alice.page.waitForSelector('#connection-status[data-state=open]');
    expect(await alice.page.locator(`#messages li[data-id="${target}"]`).count()).toBe(0);

    await alice.page.fill('#search-input', '스터디');
    await alice.page.press('#search-input', 'Enter');
    await alice.page.waitForSelector('#search-status:text("검색 결과 50개 (더 있음)")');
    expect(await alice.page.locator('#search-results li.search-hit').count()).toBe(50);
    expect(await alice.page.locator('#search-results li.search-hit').first().locator('mark').textContent()).toBe('스터디');
    await alice.page.click('#search-more');
    await alice.page.waitForSelector('#search-status:text("검색 결과 60개")');
    const hit = alice.page.locator(`#search-results li.search-hit[data-id="${target}"]`);
    expect(await hit.locator('.text').innerHTML()).toBe('파이썬<mark>스터디</mark>모임 첫 공지: 매주 화요일');

    await hit.click();
    const shown = `#messages li.message[data-id="${target}"]`;
    await alice.page.waitForSelector(`${shown}.found`);
    expect(await inView(alice.page, shown)).toBe(true);
    await screenshot(alice.page, 'search-jump');
    // The loaded run (the target and 25 newer) does not reach the page's 50: a gap line.
    const gap = alice.page.locator('#messages .timeline-gap');
    expect(await gap.count()).toBe(1);
    const ids = async () => {
      const values: number[] = [];
      for (const item of await alice.page.locator('#messages li.message[data-id]').all()) values.push(Number(await item.getAttribute('data-id')));
      return values;
    };
    const before = await ids();
    expect(before).toEqual([...before].sort((a, b) => a - b));
    await gap.locator('button').click();
    await alice.page.waitForSelector('#messages .timeline-gap', { state: 'detached' });
    const all = await ids();
    expect(all).toEqual([...all].sort((a, b) => a - b));
    const stored = await db.message.findMany({ where: { roomId: room.id, content: { not: null } }, orderBy: { id: 'asc' }, select: { id: true } });
    expect(all).toEqual(stored.map((row) => row.id));

    // A hit the page already shows is scrolled to without loading anything.
    await alice.page.locator('#search-results li.search-hit').first().click();
    const newest = await alice.page.locator('#search-results li.search-hit').first().getAttribute('data-id');
    await alice.page.waitForSelector(`#messages li.message[data-id="${newest}"].found`);
    expect(alice.errors).toEqual([]);
  });

  it('fits a 360 px wide screen and says when nothing is found', async () => {
    const id = unique().slice(0, 6);
    const bob = await signUp(360, `좁은_${id}`);
    await bob.page.fill('input[name=name]', `좁은방 ${id}`);
    await Promise.all([bob.page.waitForURL(/\/rooms\/.+\/$/), bob.page.click('.create-room button[type=submit]')]);
    await bob.page.waitForSelector('#connection-status[data-state=open]');
    await bob.page.fill('#chat-input', 'ABC123 안녕하세요');
    await bob.page.press('#chat-input', 'Enter');
    await bob.page.waitForSelector('#messages li.message:not(.pending):has-text("ABC123")');
    await bob.page.fill('#search-input', 'abc123');
    await bob.page.press('#search-input', 'Enter');
    await bob.page.waitForSelector('#search-status:text("검색 결과 1개")');
    expect(await bob.page.locator('#search-results mark').textContent()).toBe('ABC123');
    await bob.page.fill('#search-input', '없는말');
    await bob.page.press('#search-input', 'Enter');
    await bob.page.waitForSelector('#search-status:text("검색 결과가 없습니다.")');
    expect(await bob.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(await bob.page.locator('#search-input').isVisible()).toBe(true);
    await screenshot(bob.page, 'search-360');
    expect(bob.errors).toEqual([]);
  });
});
