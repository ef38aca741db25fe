import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { buildRoom, buildUser } from '../support/factories.js';

// Same proof as tests/db/schema.test.ts, for the table of the moderation_log migration.
const db = testDatabase();
afterAll(() => db.$disconnect());

describe('ModerationLog agrees with its migration', () => {
  it('round-trips every column', async () => {
    const owner = await buildUser(db);
    const target = await buildUser(db);
    const room = await buildRoom(db, owner.id, { name: '파이썬 스터디 🐍' });
    const created = await db.moderationLog.create({
      data: { roomId: room.id, roomSlug: room.slug, roomName: room.name, actorId: owner.id, targetId: target.id, actorRole: 'owner', action: 'delete_room' },
    });
    expect(await db.moderationLog.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
    expect(created.createdAt).toBeInstanceOf(Date);
    const updated = await db.moderationLog.update({ where: { id: created.id }, data: { targetId: null, action: 'transfer', actorRole: 'moderator' } });
    expect(updated).toMatchObject({ targetId: null, action: 'transfer', actorRole: 'moderator', roomName: '파이썬 스터디 🐍' });
    for (const action of ['mute', 'unmute', 'appoint', 'dismiss', 'notice', 'notice_clear', 'settings'] as const) {
      expect(await db.moderationLog.update({ where: { id: created.id }, data: { action } })).toMatchObject({ action });
    }
    const listed = await db.moderationLog.findMany({ where: { roomId: room.id }, include: { room: true, actor: true, target: true } });
    expect(listed[0]).toMatchObject({ room: { id: room.id }, actor: { id: owner.id }, target: null });
    await db.moderationLog.delete({ where: { id: created.id } });
    expect(await db.moderationLog.count({ where: { roomId: room.id } })).toBe(0);
  });

  it('keeps rows when their room or users are deleted', async () => {
    const owner = await buildUser(db);
    const target = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    const row = await db.moderationLog.create({
      data: { roomId: room.id, roomSlug: room.slug, roomName: room.name, actorId: owner.id, targetId: target.id, actorRole: 'owner', action: 'kick' },
    });
    await db.room.delete({ where: { id: room.id } });
    await db.user.delete({ where: { id: target.id } });
    await db.user.delete({ where: { id: owner.id } });
    expect(await db.moderationLog.findUniqueOrThrow({ where: { id: row.id } })).toEqual({ ...row, roomId: null, actorId: null, targetId: null });
  });
});
