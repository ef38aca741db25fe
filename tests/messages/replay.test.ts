import { afterAll, describe, expect, it } from 'vitest';
import { createMessageChanges } from '../../src/messages/message-changes.js';
import { createReplay } from '../../src/messages/replay.js';
import { testDatabase } from '../support/context.js';
import { useMessageStore } from './helpers.js';
import { buildRoom, buildUser } from '../support/factories.js';

const db = testDatabase();
afterAll(() => db.$disconnect());
const store = useMessageStore(db);
const changes = createMessageChanges({ db, editWindowMs: 600_000, files: { remove: async () => {} } });
const replay = createReplay({ db });

describe('replay by sequence number', () => {
  it('gives every change after `since` in order, each message as it is now', async () => {
    const author = await buildUser(db);
    const reader = await buildUser(db);
    const room = await buildRoom(db, author.id);
    const post = async (text: string) => (await store.postChat({ roomId: room.id, userId: author.id, text, clientId: null })).event;
    const kept = await post('남는 글');
    const gone = await post('지울 글');
    const since = gone.seq;
    await changes.edit({ roomId: room.id, userId: author.id, id: kept.id, text: '고친 글' });
    await changes.react({ roomId: room.id, userId: reader.id, id: kept.id, emoji: '👍' });
    await changes.remove({ roomId: room.id, userId: author.id, id: gone.id, mayRemoveOthers: async () => false });
    const fresh = await post('새 글');

    const missed = await replay.since({ roomId: room.id, since, limit: 200, viewerId: reader.id });
    expect(missed).toEqual([
      { event: 'edit', id: kept.id, seq: since + 1, message: '고친 글', edited_at: expect.any(String) },
      { event: 'reaction', id: kept.id, seq: since + 2, emoji: '👍', on: true, reactions: { '👍': 1 }, user: expect.objectContaining({ id: reader.id }) },
      { event: 'delete', id: gone.id, seq: since + 3 },
      expect.objectContaining({ event: 'chat', id: fresh.id, seq: since + 4, message: '새 글', reactions: {}, mine: [] }),
    ]);
    // Nothing missed: nothing to send. From the start: every number once, in order.
    expect(await replay.since({ roomId: room.id, since: since + 4, limit: 200, viewerId: reader.id })).toEqual([]);
    const all = await replay.since({ roomId: room.id, since: 0, limit: 200, viewerId: reader.id });
    expect(all !== 'resync' && all.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('asks for a resync past the limit, past what the room has, and below pruned changes', async () => {
    const author = await buildUser(db);
    const room = await buildRoom(db, author.id);
    for (let i = 0; i < 5; i += 1) await store.postChat({ roomId: room.id, userId: author.id, text: `글 ${i}`, clientId: null });
    expect(await replay.since({ roomId: room.id, since: 0, limit: 4, viewerId: author.id })).toBe('resync');
    expect(await replay.since({ roomId: room.id, since: 99, limit: 200, viewerId: author.id })).toBe('resync');
    const [first] = await db.message.findMany({ where: { roomId: room.id }, orderBy: { seq: 'asc' }, take: 1 });
    await changes.edit({ roomId: room.id, userId: author.id, id: first?.id ?? 0, text: '옛 수정' });
    await db.roomChange.updateMany({ where: { roomId: room.id }, data: { createdAt: new Date('2020-01-01T00:00:00Z') } });
    expect(await replay.prune()).toBeGreaterThanOrEqual(1);
    expect(await replay.since({ roomId: room.id, since: 5, limit: 200, viewerId: author.id })).toBe('resync');
    expect(await replay.since({ roomId: room.id, since: 6, limit: 200, viewerId: author.id })).toEqual([]);
  });
});
