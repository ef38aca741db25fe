import { afterAll, describe, expect, it } from 'vitest';
import { createChatWriter } from '../../src/messages/chat-writer.js';
import { testDatabase, testSqlPool } from '../support/context.js';
import { buildRoom, buildUser, unique } from '../support/factories.js';
import { codeOf } from '../collab/helpers.js';

const db = testDatabase();
const pool = testSqlPool();
afterAll(() => Promise.all([db.$disconnect(), pool.end()]));
const writer = createChatWriter({ pool });

describe('the chat writer (group commit)', () => {
  it('numbers 300 concurrent messages of one room 1…300 without gaps, each with its own id, stored before it answers', async () => {
    const user = await buildUser(db);
    const room = await buildRoom(db, user.id);
    const written = await Promise.all(Array.from({ length: 300 }, (_, i) => writer.write({ roomId: room.id, userId: user.id, text: `묶음 ${i}`, clientId: null })));
    expect(written.map((one) => one.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(new Set(written.map((one) => one.id)).size).toBe(300);
    const stored = await db.message.findMany({ where: { roomId: room.id }, orderBy: { seq: 'asc' }, select: { id: true, seq: true, content: true } });
    expect(stored).toEqual(written.map((one, i) => ({ id: one.id, seq: one.seq, content: `묶음 ${i}` })));
    expect((await db.room.findUniqueOrThrow({ where: { id: room.id } })).lastSeq).toBe(300);
  });

  it('stores a client id once: a resend, in the same batch or later, answers the first message as a duplicate', async () => {
    const user = await buildUser(db);
    const room = await buildRoom(db, user.id);
    const clientId = `c-${unique()}`;
    const [first, again, other] = await Promise.all([
      writer.write({ roomId: room.id, userId: user.id, text: '한 번', clientId }),
      writer.write({ roomId: room.id, userId: user.id, text: '한 번', clientId }),
      writer.write({ roomId: room.id, userId: user.id, text: '다른 글', clientId: null }),
    ]);
    expect(first).toMatchObject({ duplicate: false });
    expect(again).toMatchObject({ id: first?.id, seq: first?.seq, duplicate: true });
    expect(other).toMatchObject({ duplicate: false });
    const later = await writer.write({ roomId: room.id, userId: user.id, text: '한 번', clientId });
    expect(later).toMatchObject({ id: first?.id, duplicate: true });
    // No number was spent on a resend.
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(2);
    expect((await db.room.findUniqueOrThrow({ where: { id: room.id } })).lastSeq).toBe(2);
  });

  it('refuses a message to a room that is gone, and writes nothing', async () => {
    const user = await buildUser(db);
    expect(await codeOf(writer.write({ roomId: 2_000_000_000, userId: user.id, text: '유령 방', clientId: null }))).toBe('ROOM_NOT_FOUND');
  });
});
