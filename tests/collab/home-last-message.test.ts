import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { storeMessages } from '../support/factories.js';
import { createRoom, enter, getPage, homeSections, roomItem, signedInAgent } from './http-helpers.js';

// The home page's last-message preview in 내 채팅방, over HTTP against MariaDB and Redis.

const harness = useTestApp();
const { db } = harness;
const signUp = () => signedInAgent(harness.app, db);

/** The preview line of one of my rooms on the home page, or undefined when it shows none. */
async function preview(who: Awaited<ReturnType<typeof signUp>>, slug: string) {
  const item = roomItem(homeSections((await getPage(who, '/').expect(200)).text).mine, slug);
  expect(item, 'the room is in 내 채팅방').toBeDefined();
  return /<p class="last-message">([\s\S]*?)<\/p>/.exec(item ?? '')?.[1];
}

describe('GET / last-message preview', () => {
  it('shows the latest message author and excerpt, 사진 for a bare image, skips deleted messages and system lines', async () => {
    const [owner, guest] = await Promise.all([signUp(), signUp()]);
    const room = await createRoom(db, owner);
    expect((await enter(guest, room.slug)).status).toBe(200);
    const now = new Date();
    const [, , tagged] = await storeMessages(db, room.id, [
      { userId: owner.user.id, content: '옛날 이야기' },
      { userId: guest.user.id, content: `<b>안녕</b> & ${'가'.repeat(150)}`, createdAt: now },
      { userId: owner.user.id, content: '지울 말' },
    ]);
    await db.message.update({ where: { id: tagged }, data: { content: null, deletedAt: new Date() } });
    // A system line after them (someone left) is no chat message either.
    await storeMessages(db, room.id, [{ userId: guest.user.id, systemKind: 'leave' }]);

    const shown = (await preview(owner, room.slug)) ?? '';
    expect(shown).toContain(`<span class="last-author">${guest.user.username}</span>`);
    expect(shown).toContain('&lt;b&gt;안녕&lt;/b&gt; &amp; 가');
    expect(shown).not.toContain('<b>');
    expect(shown).toContain(`&amp; ${'가'.repeat(88)}…</span>`);
    expect(shown).toContain(`<time datetime="${now.toISOString()}">`);
    expect(shown).toMatch(/>오[전후] \d{1,2}:\d\d<\/time>/);
    expect(shown).not.toContain('지울 말');

    await storeMessages(db, room.id, [{ userId: owner.user.id, image: 'rooms/a.png' }]);
    expect(await preview(guest, room.slug)).toContain(`<span class="last-author">${owner.user.username}</span> <span class="last-text">사진</span>`);
    await storeMessages(db, room.id, [{ userId: owner.user.id, image: 'rooms/b.png', content: '바다 사진이에요' }]);
    expect(await preview(guest, room.slug)).toContain('<span class="last-text">바다 사진이에요</span>');
  });

  it('shows no preview for a room without chat, nor in the public list', async () => {
    const [owner, visitor] = await Promise.all([signUp(), signUp()]);
    const quiet = await createRoom(db, owner);
    expect(await preview(owner, quiet.slug)).toBeUndefined();
    const busy = await createRoom(db, owner);
    await storeMessages(db, busy.id, [{ userId: owner.user.id, content: '공개 방의 비밀 아닌 말' }]);
    expect(await preview(owner, busy.slug)).toContain('공개 방의 비밀 아닌 말');
    const listed = roomItem(homeSections((await getPage(visitor, '/').expect(200)).text).public, busy.slug) ?? '';
    expect(listed).toContain('data-slug');
    expect(listed).not.toContain('last-message');
  });
});
