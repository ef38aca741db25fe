import { afterAll, describe, expect, it } from 'vitest';
import { createModerationService } from '../../src/collab/moderation.js';
import { createRoomService } from '../../src/collab/room-service.js';
import { createMemoryRateLimiter } from '../../src/ratelimit/rate-limiter.js';
import { testDatabase } from '../support/context.js';
import { buildRoom, buildUser, storeMessages } from '../support/factories.js';
import { codeOf, recordingBus, recordingFiles } from './helpers.js';

const db = testDatabase();
afterAll(() => db.$disconnect());

function setup() {
  const bus = recordingBus();
  return { bus, moderation: createModerationService({ db, bus, files: recordingFiles() }), rooms: createRoomService({ db, bus, rateLimiter: createMemoryRateLimiter(), bcryptCost: 4 }) };
}

/** A room with its owner and `count` plain members. */
async function roomWithMembers(count: number) {
  const owner = await buildUser(db);
  const room = await buildRoom(db, owner.id);
  const members = await Promise.all(Array.from({ length: count }, () => buildUser(db)));
  await db.roomMember.createMany({ data: members.map((user) => ({ roomId: room.id, userId: user.id })) });
  return { owner, room, members, member: members[0] ?? owner };
}

const memberRow = (roomId: number, userId: number) => db.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } } });
const logRows = (roomSlug: string) => db.moderationLog.findMany({ where: { roomSlug }, orderBy: { id: 'asc' } });

describe('kick', () => {
  it('bans the member, logs it and announces it after the commit', async () => {
    const { bus, moderation, rooms } = setup();
    const { owner, room, member } = await roomWithMembers(1);
    await moderation.kick({ slug: room.slug, actorId: owner.id, userId: member.id });
    expect(await memberRow(room.id, member.id)).toMatchObject({ isBanned: true });
    // Its line in the timeline first (message lifecycle), then the event.
    expect(bus.published).toEqual([
      { roomId: room.id, event: { event: 'system', id: expect.any(Number), seq: expect.any(Number), kind: 'kick', user: expect.objectContaining({ id: owner.id }), target: expect.objectContaining({ id: member.id }), ts: expect.any(String) } },
      { roomId: room.id, event: { event: 'member_kicked', userId: member.id, by: owner.id } },
    ]);
    expect(await logRows(room.slug)).toMatchObject([{ roomId: room.id, roomName: room.name, actorId: owner.id, targetId: member.id, action: 'kick', createdAt: expect.any(Date) }]);
    expect(await codeOf(rooms.enterRoom({ slug: room.slug, userId: member.id }))).toBe('BANNED');
    expect(await codeOf(moderation.kick({ slug: room.slug, actorId: owner.id, userId: member.id }))).toBe('ALREADY_BANNED');
  });

  it('refuses the owner kicking themself, unknown targets and bad ids', async () => {
    const { moderation, bus } = setup();
    const { owner, room } = await roomWithMembers(0);
    const stranger = await buildUser(db);
    await expect(moderation.kick({ slug: room.slug, actorId: owner.id, userId: owner.id })).rejects.toMatchObject({ status: 400, code: 'CANNOT_KICK_SELF' });
    await expect(moderation.kick({ slug: room.slug, actorId: owner.id, userId: stranger.id })).rejects.toMatchObject({ status: 404, code: 'MEMBER_NOT_FOUND' });
    for (const bad of [0, -3, 1.5, Number.NaN, 2 ** 40]) {
      await expect(moderation.kick({ slug: room.slug, actorId: owner.id, userId: bad })).rejects.toMatchObject({ status: 400, code: 'INVALID_USER_ID' });
    }
    await expect(moderation.kick({ slug: `${room.slug}-없음`, actorId: owner.id, userId: stranger.id })).rejects.toMatchObject({ status: 404, code: 'ROOM_NOT_FOUND' });
    expect(bus.published).toEqual([]);
    expect(await logRows(room.slug)).toEqual([]);
  });
});

describe('owner only', () => {
  it('refuses kick, unban, transfer and delete from anyone but the owner', async () => {
    const { moderation, bus } = setup();
    const { owner, room, members } = await roomWithMembers(2);
    const [member, other] = members as [typeof owner, typeof owner];
    const stranger = await buildUser(db);
    await db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: other.id } }, data: { isBanned: true } });
    for (const actor of [member, stranger]) {
      const input = { slug: room.slug, actorId: actor.id, userId: other.id };
      expect(await codeOf(moderation.kick({ ...input, userId: owner.id }))).toBe('NOT_OWNER');
      expect(await codeOf(moderation.unban(input))).toBe('NOT_OWNER');
      expect(await codeOf(moderation.transfer({ ...input, userId: actor.id }))).toBe('NOT_OWNER');
      expect(await codeOf(moderation.deleteRoom({ slug: room.slug, actorId: actor.id }))).toBe('NOT_OWNER');
    }
    await expect(moderation.deleteRoom({ slug: room.slug, actorId: member.id })).rejects.toMatchObject({ status: 403 });
    expect(await memberRow(room.id, owner.id)).toMatchObject({ role: 'owner' });
    expect(bus.published).toEqual([]);
  });
});

describe('unban', () => {
  it('lifts the ban by removing the row: the user enters again like anyone else', async () => {
    const { moderation, rooms, bus } = setup();
    const { owner, room, member } = await roomWithMembers(1);
    await moderation.kick({ slug: room.slug, actorId: owner.id, userId: member.id });
    await moderation.unban({ slug: room.slug, actorId: owner.id, userId: member.id });
    expect(await memberRow(room.id, member.id)).toBeNull();
    expect(bus.published.at(-1)).toEqual({ roomId: room.id, event: { event: 'member_unbanned', userId: member.id, by: owner.id } });
    expect((await logRows(room.slug)).map((row) => row.action)).toEqual(['kick', 'unban']);
    await expect(rooms.enterRoom({ slug: room.slug, userId: member.id })).resolves.toMatchObject({ joined: true });
  });

  it('refuses members who are not banned and users who are not in the room', async () => {
    const { moderation } = setup();
    const { owner, room, member } = await roomWithMembers(1);
    const stranger = await buildUser(db);
    await expect(moderation.unban({ slug: room.slug, actorId: owner.id, userId: member.id })).rejects.toMatchObject({ status: 409, code: 'NOT_BANNED' });
    await expect(moderation.unban({ slug: room.slug, actorId: owner.id, userId: stranger.id })).rejects.toMatchObject({ status: 404, code: 'MEMBER_NOT_FOUND' });
  });
});

describe('transfer', () => {
  it('swaps the roles in one transaction, logs it and announces it', async () => {
    const { moderation, bus } = setup();
    const { owner, room, member } = await roomWithMembers(1);
    await moderation.transfer({ slug: room.slug, actorId: owner.id, userId: member.id });
    expect(await memberRow(room.id, owner.id)).toMatchObject({ role: 'member' });
    expect(await memberRow(room.id, member.id)).toMatchObject({ role: 'owner' });
    expect(bus.published).toEqual([
      { roomId: room.id, event: { event: 'system', id: expect.any(Number), seq: expect.any(Number), kind: 'transfer', user: expect.objectContaining({ id: owner.id }), target: expect.objectContaining({ id: member.id }), ts: expect.any(String) } },
      { roomId: room.id, event: { event: 'owner_changed', ownerId: member.id, previousOwnerId: owner.id } },
    ]);
    expect(await logRows(room.slug)).toMatchObject([{ action: 'transfer', actorId: owner.id, targetId: member.id }]);
    // The former owner is now an ordinary member.
    expect(await codeOf(moderation.kick({ slug: room.slug, actorId: owner.id, userId: member.id }))).toBe('NOT_OWNER');
  });

  it('refuses self, banned and unknown targets', async () => {
    const { moderation } = setup();
    const { owner, room, member } = await roomWithMembers(1);
    const stranger = await buildUser(db);
    await db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: member.id } }, data: { isBanned: true } });
    await expect(moderation.transfer({ slug: room.slug, actorId: owner.id, userId: owner.id })).rejects.toMatchObject({ status: 400, code: 'CANNOT_TRANSFER_TO_SELF' });
    await expect(moderation.transfer({ slug: room.slug, actorId: owner.id, userId: member.id })).rejects.toMatchObject({ status: 409, code: 'TARGET_BANNED' });
    await expect(moderation.transfer({ slug: room.slug, actorId: owner.id, userId: stranger.id })).rejects.toMatchObject({ status: 404, code: 'MEMBER_NOT_FOUND' });
    expect(await memberRow(room.id, owner.id)).toMatchObject({ role: 'owner' });
  });

  it('leaves exactly one owner after 10 concurrent transfers to different members', async () => {
    const { moderation, bus } = setup();
    const { owner, room, members } = await roomWithMembers(10);
    const results = await Promise.allSettled(members.map((member) => moderation.transfer({ slug: room.slug, actorId: owner.id, userId: member.id })));
    const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [members[index]?.id] : []));
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as { code?: string }).code] : []));
    expect(won).toHaveLength(1);
    expect(lost).toEqual(Array(9).fill('NOT_OWNER'));
    const owners = await db.roomMember.findMany({ where: { roomId: room.id, role: 'owner' } });
    expect(owners.map((row) => row.userId)).toEqual(won);
    // One transfer, with its line in the timeline.
    expect(bus.published).toHaveLength(2);
    expect(await logRows(room.slug)).toHaveLength(1);
  });
});

describe('leave', () => {
  it('removes a member and announces it', async () => {
    const { moderation, bus } = setup();
    const { room, member } = await roomWithMembers(1);
    await expect(moderation.leave({ slug: room.slug, userId: member.id })).resolves.toEqual({ roomDeleted: false });
    expect(await memberRow(room.id, member.id)).toBeNull();
    expect(bus.published).toEqual([
      { roomId: room.id, event: { event: 'system', id: expect.any(Number), seq: expect.any(Number), kind: 'leave', user: expect.objectContaining({ id: member.id }), target: null, ts: expect.any(String) } },
      { roomId: room.id, event: { event: 'member_left', userId: member.id } },
    ]);
    expect(await logRows(room.slug)).toMatchObject([{ action: 'leave', actorId: member.id, targetId: null }]);
    expect(await codeOf(moderation.leave({ slug: room.slug, userId: member.id }))).toBe('MEMBER_NOT_FOUND');
  });

  it('makes the owner transfer first while others remain', async () => {
    const { moderation } = setup();
    const { owner, room } = await roomWithMembers(1);
    await expect(moderation.leave({ slug: room.slug, userId: owner.id })).rejects.toMatchObject({ status: 409, code: 'OWNER_MUST_TRANSFER' });
    expect(await memberRow(room.id, owner.id)).toMatchObject({ role: 'owner' });
  });

  it('does not let a banned user erase their ban by leaving', async () => {
    const { moderation } = setup();
    const { owner, room, member } = await roomWithMembers(1);
    await moderation.kick({ slug: room.slug, actorId: owner.id, userId: member.id });
    await expect(moderation.leave({ slug: room.slug, userId: member.id })).rejects.toMatchObject({ status: 403, code: 'BANNED' });
    expect(await memberRow(room.id, member.id)).toMatchObject({ isBanned: true });
  });

  it('deletes the room when the owner is the last one not banned, keeping the log', async () => {
    const { moderation, bus } = setup();
    const { owner, room, member } = await roomWithMembers(1);
    await storeMessages(db, room.id, [{ userId: member.id, content: '안녕' }]);
    await moderation.kick({ slug: room.slug, actorId: owner.id, userId: member.id });
    await expect(moderation.leave({ slug: room.slug, userId: owner.id })).resolves.toEqual({ roomDeleted: true });
    expect(await db.room.findUnique({ where: { id: room.id } })).toBeNull();
    expect(await db.roomMember.count({ where: { roomId: room.id } })).toBe(0);
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(0);
    expect(bus.published.at(-1)).toEqual({ roomId: room.id, event: { event: 'room_deleted' } });
    expect(await logRows(room.slug)).toMatchObject([
      { action: 'kick', roomId: null, roomName: room.name, actorId: owner.id, targetId: member.id },
      { action: 'delete_room', roomId: null, roomName: room.name, actorId: owner.id, targetId: null },
    ]);
  });
});

describe('deleteRoom', () => {
  it('deletes the room for its owner and announces it', async () => {
    const { moderation, bus } = setup();
    const { owner, room } = await roomWithMembers(2);
    await moderation.deleteRoom({ slug: room.slug, actorId: owner.id });
    expect(await db.room.findUnique({ where: { id: room.id } })).toBeNull();
    expect(await db.roomMember.count({ where: { roomId: room.id } })).toBe(0);
    expect(bus.published).toEqual([{ roomId: room.id, event: { event: 'room_deleted' } }]);
    expect(await logRows(room.slug)).toMatchObject([{ action: 'delete_room', roomId: null, actorId: owner.id }]);
    expect(await codeOf(moderation.deleteRoom({ slug: room.slug, actorId: owner.id }))).toBe('ROOM_NOT_FOUND');
  });
});
