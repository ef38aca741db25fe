import { afterAll, describe, expect, it } from 'vitest';
import { createMessageStore } from '../../src/messages/message-store.js';
import { createAuthorCache } from '../../src/accounts/authors.js';
import { createChatWriter } from '../../src/messages/chat-writer.js';
import { testDatabase, testSqlPool } from '../support/context.js';
import { useMessageStore } from './helpers.js';
import { buildRoom, buildUser, storeMessages, unique } from '../support/factories.js';
import { countingDatabase } from '../collab/helpers.js';

const db = testDatabase();
const counting = countingDatabase();
const countingPool = testSqlPool();
afterAll(() => Promise.all([db.$disconnect(), counting.db.$disconnect(), countingPool.end()]));
const messages = useMessageStore(db);

describe('page', () => {
  async function roomWithMessages(count: number) {
    const owner = await buildUser(db, { displayName: `작성자${unique()}` });
    const guest = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await storeMessages(db, room.id, Array.from({ length: count }, (_, i) => ({ userId: i % 2 === 0 ? owner.id : guest.id, content: `메시지 ${i}` })));
    const ids = (await db.message.findMany({ where: { roomId: room.id }, orderBy: { id: 'desc' }, select: { id: true } })).map((row) => row.id);
    return { owner, guest, room, ids };
  }

  it('pages through 120 messages newest first, without gaps or repeats', async () => {
    const { room, ids, owner } = await roomWithMessages(120);
    const pages: number[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = await messages.page({ roomId: room.id, viewerId: owner.id, before });
      pages.push(page.messages.map((message) => message.id));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(ids);
    // Entries are events with the message's state now (message lifecycle).
    const first = await messages.page({ roomId: room.id, viewerId: owner.id, limit: 1 });
    expect(first.messages[0]).toEqual({
      event: 'chat',
      id: ids[0],
      seq: 120,
      message: '메시지 119',
      ts: expect.any(String),
      user: { id: expect.any(Number), name: expect.any(String), avatar: null },
      edited_at: null,
      deleted: false,
      reactions: {},
      mine: [],
      mentions: [],
    });
    const second = await messages.page({ roomId: room.id, viewerId: owner.id, before: ids[0], limit: 1 });
    expect(second.messages[0]?.user).toEqual({ id: owner.id, name: owner.displayName, avatar: null });
  });

  it('answers an empty page past the oldest message, and a last page exactly full', async () => {
    const { room, ids } = await roomWithMessages(50);
    expect(await messages.page({ roomId: room.id, viewerId: 1 })).toMatchObject({ nextBefore: null });
    expect(await messages.page({ roomId: room.id, viewerId: 1, before: ids.at(-1) })).toEqual({ messages: [], nextBefore: null });
  });

  it('loads authors without one query per message', async () => {
    const { room } = await roomWithMessages(60);
    const history = createMessageStore({ db: counting.db, writer: createChatWriter({ pool: countingPool }), authors: createAuthorCache(counting.db) });
    const cost = async (limit: number) => {
      counting.statements.length = 0;
      const page = await history.page({ roomId: room.id, viewerId: 1, limit });
      expect(page.messages).toHaveLength(limit);
      expect(page.messages.every((message) => message.user !== null && message.user.name.length > 0)).toBe(true);
      return counting.statements.length;
    };
    const small = await cost(10);
    const large = await cost(50);
    expect(large).toBe(small);
    // Prisma loads each relation (author, system target, reactions, mentions, the answered
    // message and its author) with one `IN (...)` query next to the messages query.
    expect(large).toBeLessThanOrEqual(7);
  });
});
