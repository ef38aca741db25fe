import { afterAll, describe, expect, it } from 'vitest';
import { createMessageStore } from '../../src/messages/message-store.js';
import { testDatabase } from '../support/context.js';
import { buildRoom, buildUser, unique } from '../support/factories.js';
import { countingDatabase } from '../collab/helpers.js';

const db = testDatabase();
const counting = countingDatabase();
afterAll(() => Promise.all([db.$disconnect(), counting.db.$disconnect()]));
const messages = createMessageStore({ db });

describe('page', () => {
  async function roomWithMessages(count: number) {
    const owner = await buildUser(db, { displayName: `작성자${unique()}` });
    const guest = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await db.message.createMany({
      data: Array.from({ length: count }, (_, i) => ({ roomId: room.id, userId: i % 2 === 0 ? owner.id : guest.id, content: `메시지 ${i}` })),
    });
    const ids = (await db.message.findMany({ where: { roomId: room.id }, orderBy: { id: 'desc' }, select: { id: true } })).map((row) => row.id);
    return { owner, guest, room, ids };
  }

  it('pages through 120 messages newest first, without gaps or repeats', async () => {
    const { room, ids, owner } = await roomWithMessages(120);
    const pages: number[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = await messages.page({ roomId: room.id, before });
      pages.push(page.messages.map((message) => message.id));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(ids);
    const first = await messages.page({ roomId: room.id, limit: 1 });
    expect(first.messages[0]).toEqual({
      id: ids[0],
      content: '메시지 119',
      image: null,
      createdAt: expect.any(Date),
      user: { id: expect.any(Number), username: expect.any(String), displayName: null, avatar: null },
    });
    const second = await messages.page({ roomId: room.id, before: ids[0], limit: 1 });
    expect(second.messages[0]?.user).toEqual({ id: owner.id, username: owner.username, displayName: owner.displayName, avatar: null });
  });

  it('answers an empty page past the oldest message, and a last page exactly full', async () => {
    const { room, ids } = await roomWithMessages(50);
    expect(await messages.page({ roomId: room.id })).toMatchObject({ nextBefore: null });
    expect(await messages.page({ roomId: room.id, before: ids.at(-1) })).toEqual({ messages: [], nextBefore: null });
  });

  it('loads authors without one query per message', async () => {
    const { room } = await roomWithMessages(60);
    const history = createMessageStore({ db: counting.db });
    const cost = async (limit: number) => {
      counting.statements.length = 0;
      const page = await history.page({ roomId: room.id, limit });
      expect(page.messages).toHaveLength(limit);
      expect(page.messages.every((message) => message.user.username.length > 0)).toBe(true);
      return counting.statements.length;
    };
    const small = await cost(10);
    const large = await cost(50);
    expect(large).toBe(small);
    // Prisma loads the relation with one `IN (...)` query next to the messages query.
    expect(large).toBeLessThanOrEqual(2);
  });
});
