import { afterAll, describe, expect, it } from 'vitest';
import { createReadMarkers } from '../../src/attention/read-markers.js';
import type { UserBus } from '../../src/bus/bus.js';
import type { UserEvent } from '../../src/bus/events.js';
import { createAuthorCache } from '../../src/accounts/authors.js';
import { createChatWriter } from '../../src/messages/chat-writer.js';
import { createMessageChanges } from '../../src/messages/message-changes.js';
import { createMessageStore } from '../../src/messages/message-store.js';
import { testDatabase, testSqlPool } from '../support/context.js';
import { buildRoom, buildUser, storeMessages } from '../support/factories.js';

// Read markers and unread counts on the real database: forward only, clamped to the room,
// counting others' live messages, and mentions stored with chat messages and edits.

const db = testDatabase();
const pool = testSqlPool();
afterAll(() => Promise.all([db.$disconnect(), pool.end()]));

function recordingUserBus(): UserBus & { sent: { userId: number; event: UserEvent }[] } {
  const sent: { userId: number; event: UserEvent }[] = [];
  return {
    sent,
    async toUser(userId, event) {
      sent.push({ userId, event });
    },
  };
}

const store = createMessageStore({ db, writer: createChatWriter({ pool }), authors: createAuthorCache(db) });
const changes = createMessageChanges({ db, editWindowMs: 600_000, files: { remove: async () => {} } });

/** A room with its owner and one member, named so they can be mentioned. */
async function room() {
  const owner = await buildUser(db, { displayName: null });
  const member = await buildUser(db, { displayName: null });
  const made = await buildRoom(db, owner.id);
  await db.roomMember.create({ data: { roomId: made.id, userId: member.id } });
  return { owner, member, room: made };
}

const marker = (roomId: number, userId: number) => db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId, userId } } }).then((row) => row.lastReadId);

describe('markRead', () => {
  it('moves the marker forward only, never past the newest message, and tells the user once', async () => {
    const bus = recordingUserBus();
    const markers = createReadMarkers({ db, bus });
    const { owner, member, room: made } = await room();
    const [first, second] = await storeMessages(db, made.id, [{ userId: owner.id, content: '하나' }, { userId: owner.id, content: '둘' }]);
    expect(await markers.markRead({ roomId: made.id, userId: member.id, id: second ?? 0 })).toEqual({ marker: second, moved: true });
    expect(bus.sent).toEqual([{ userId: member.id, event: { event: 'read', room: made.slug, id: second } }]);
    // Back: nothing written, nothing sent, the marker as it is answered.
    expect(await markers.markRead({ roomId: made.id, userId: member.id, id: first ?? 0 })).toEqual({ marker: second, moved: false });
    expect(await markers.markRead({ roomId: made.id, userId: member.id, id: 2_000_000_000 })).toEqual({ marker: second, moved: false });
    expect(bus.sent).toHaveLength(1);
    expect(await marker(made.id, member.id)).toBe(second);
  });

  it('writes nothing for a banned member or a stranger', async () => {
    const bus = recordingUserBus();
    const markers = createReadMarkers({ db, bus });
    const { owner, member, room: made } = await room();
    const [id] = await storeMessages(db, made.id, [{ userId: owner.id, content: '글' }]);
    await db.roomMember.update({ where: { roomId_userId: { roomId: made.id, userId: member.id } }, data: { isBanned: true } });
    const stranger = await buildUser(db);
    expect(await markers.markRead({ roomId: made.id, userId: member.id, id: id ?? 0 })).toMatchObject({ moved: false });
    expect(await markers.markRead({ roomId: made.id, userId: stranger.id, id: id ?? 0 })).toEqual({ marker: 0, moved: false });
    expect(bus.sent).toEqual([]);
  });
});

describe('unreadCounts', () => {
  it("counts others' live chat after the marker: not one's own, not system lines, not deleted ones", async () => {
    const markers = createReadMarkers({ db, bus: recordingUserBus() });
    const { owner, member, room: made } = await room();
    const [, , third] = await storeMessages(db, made.id, [
      { userId: owner.id, content: '하나' },
      { userId: member.id, content: '내 글' },
      { userId: owner.id, content: '셋' },
      { userId: owner.id, content: '넷' },
    ]);
    await storeMessages(db, made.id, [{ userId: owner.id, content: '곧 시스템 줄' }]).then(([id]) => db.message.update({ where: { id: id ?? 0 }, data: { systemKind: 'join', content: null } }));
    await db.message.update({ where: { id: third ?? 0 }, data: { deletedAt: new Date(), content: null } });
    expect(await markers.unreadCounts(member.id)).toEqual([{ slug: made.slug, unread: 2, mentions: 0 }]);
    expect(await markers.unreadCounts(owner.id)).toEqual([{ slug: made.slug, unread: 1, mentions: 0 }]);
    const newest = (await db.message.findFirstOrThrow({ where: { roomId: made.id }, orderBy: { id: 'desc' } })).id;
    await markers.markRead({ roomId: made.id, userId: member.id, id: newest });
    expect(await markers.unreadCounts(member.id)).toEqual([{ slug: made.slug, unread: 0, mentions: 0 }]);
  });

  it('stops counting at 1,000 per room and leaves out rooms the user was banned from', async () => {
    const markers = createReadMarkers({ db, bus: recordingUserBus() });
    const { owner, member, room: busy } = await room();
    await storeMessages(db, busy.id, Array.from({ length: 1005 }, (_, i) => ({ userId: owner.id, content: `글 ${i}` })));
    const { room: banned } = await room();
    await db.roomMember.create({ data: { roomId: banned.id, userId: member.id, isBanned: true } });
    expect(await markers.unreadCounts(member.id)).toEqual([{ slug: busy.slug, unread: 1000, mentions: 0 }]);
  });

  it('counts mentions stored with chat messages, and follows edits that add or remove them', async () => {
    const markers = createReadMarkers({ db, bus: recordingUserBus() });
    const { owner, member, room: made } = await room();
    const mention = `@${member.username}`;
    const { event } = await store.postChat({ roomId: made.id, userId: owner.id, text: `${mention} 안녕`, clientId: null });
    expect(event.mentions).toEqual([member.id]);
    const plain = await store.postChat({ roomId: made.id, userId: owner.id, text: '그냥 글', clientId: null });
    expect(plain.event.mentions).toBeUndefined();
    expect(await markers.unreadCounts(member.id)).toEqual([{ slug: made.slug, unread: 2, mentions: 1 }]);

    const added = await changes.edit({ roomId: made.id, userId: owner.id, id: plain.event.id, text: `이제 ${mention}` });
    expect(added).toMatchObject({ event: { mentions: [member.id] }, newMentions: [member.id] });
    const again = await changes.edit({ roomId: made.id, userId: owner.id, id: plain.event.id, text: `또 ${mention}` });
    expect(again.newMentions).toEqual([]);
    expect(await markers.unreadCounts(member.id)).toEqual([{ slug: made.slug, unread: 2, mentions: 2 }]);
    const removed = await changes.edit({ roomId: made.id, userId: owner.id, id: event.id, text: '언급 없음' });
    expect(removed.event.mentions).toBeUndefined();
    expect(await markers.unreadCounts(member.id)).toEqual([{ slug: made.slug, unread: 2, mentions: 1 }]);

    // The history lists them, and a deleted message's mention no longer counts.
    const page = await store.page({ roomId: made.id, viewerId: member.id });
    expect(page.messages.map((entry) => ('mentions' in entry ? entry.mentions : null))).toEqual([[member.id], []]);
    await changes.remove({ roomId: made.id, userId: owner.id, id: plain.event.id, mayRemoveOthers: async () => false });
    expect(await markers.unreadCounts(member.id)).toEqual([{ slug: made.slug, unread: 1, mentions: 0 }]);
  });
});
