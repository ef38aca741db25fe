import { afterAll, describe, expect, it } from 'vitest';
import { buildRoom, buildUser } from '../support/factories.js';
import { testDatabase } from '../support/context.js';

// Rules the database itself enforces, whatever the application code does.
const db = testDatabase();
afterAll(() => db.$disconnect());

describe('database constraints', () => {
  it('refuses a duplicate (room, user) membership', async () => {
    const owner = await buildUser(db);
    const member = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await db.roomMember.create({ data: { roomId: room.id, userId: member.id } });
    await expect(db.roomMember.create({ data: { roomId: room.id, userId: member.id } })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('refuses a second owner in one room, by insert or by update', async () => {
    const owner = await buildUser(db);
    const other = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await expect(db.roomMember.create({ data: { roomId: room.id, userId: other.id, role: 'owner' } })).rejects.toMatchObject({ code: 'P2002' });
    const member = await db.roomMember.create({ data: { roomId: room.id, userId: other.id } });
    await expect(db.roomMember.update({ where: { id: member.id }, data: { role: 'owner' } })).rejects.toMatchObject({ code: 'P2002' });
    expect(await db.roomMember.count({ where: { roomId: room.id, role: 'owner' } })).toBe(1);
  });

  it('allows owners in different rooms and a handover inside a transaction', async () => {
    const owner = await buildUser(db);
    const heir = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await buildRoom(db, heir.id);
    await db.roomMember.create({ data: { roomId: room.id, userId: heir.id } });
    await db.$transaction([
      db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: owner.id } }, data: { role: 'member' } }),
      db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: heir.id } }, data: { role: 'owner' } }),
    ]);
    const owners = await db.roomMember.findMany({ where: { roomId: room.id, role: 'owner' } });
    expect(owners.map((row) => row.userId)).toEqual([heir.id]);
  });

  it('refuses a message with neither text nor image', async () => {
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await expect(db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1 } })).rejects.toThrow();
    await expect(db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1, content: '', image: '' } })).rejects.toThrow();
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(0);
  });

  it('allows a system line and a deleted tombstone without text, and one message per sequence number', async () => {
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 1, systemKind: 'join' } });
    await db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 2, deletedAt: new Date() } });
    await expect(db.message.create({ data: { roomId: room.id, userId: owner.id, seq: 2, content: '같은 번호' } })).rejects.toMatchObject({ code: 'P2002' });
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(2);
  });

  it('refuses a duplicate email, username or display name', async () => {
    const user = await buildUser(db, { displayName: `nick-${Date.now()}` });
    await expect(buildUser(db, { email: user.email })).rejects.toMatchObject({ code: 'P2002' });
    await expect(buildUser(db, { username: user.username })).rejects.toMatchObject({ code: 'P2002' });
    await expect(buildUser(db, { displayName: user.displayName })).rejects.toMatchObject({ code: 'P2002' });
  });
});
