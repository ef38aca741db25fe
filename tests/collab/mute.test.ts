import { afterAll, describe, expect, it } from 'vitest';
import { createModerationService } from '../../src/collab/moderation.js';
import { testDatabase } from '../support/context.js';
import { buildRoom, buildUser } from '../support/factories.js';
import { codeOf, recordingBus, recordingFiles } from './helpers.js';

// Mute and unmute on the service: the owner's rules, the stored time, the timeline line
// and the events, on the real database.

const db = testDatabase();
afterAll(() => db.$disconnect());

const NOW = new Date('2026-11-29T12:00:00.000Z');

function setup() {
  const bus = recordingBus();
  return { bus, moderation: createModerationService({ db, bus, files: recordingFiles(), now: () => NOW }) };
}

async function roomWithMember() {
  const owner = await buildUser(db);
  const member = await buildUser(db);
  const room = await buildRoom(db, owner.id);
  await db.roomMember.create({ data: { roomId: room.id, userId: member.id } });
  return { owner, member, room };
}

const mutedUntil = (roomId: number, userId: number) => db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId, userId } } }).then((row) => row.mutedUntil);

describe('mute', () => {
  it('stores the end, puts a mute line in the timeline, tells the room, and logs it', async () => {
    const { bus, moderation } = setup();
    const { owner, member, room } = await roomWithMember();
    await moderation.mute({ slug: room.slug, actorId: owner.id, userId: member.id, minutes: 10 });
    const until = new Date(NOW.getTime() + 10 * 60_000);
    expect(await mutedUntil(room.id, member.id)).toEqual(until);
    expect(bus.published).toEqual([
      { roomId: room.id, event: expect.objectContaining({ event: 'system', kind: 'mute', user: expect.objectContaining({ id: owner.id }), target: expect.objectContaining({ id: member.id }) }) },
      { roomId: room.id, event: { event: 'member_muted', userId: member.id, until: until.toISOString(), by: owner.id } },
    ]);
    expect(await db.moderationLog.findMany({ where: { roomId: room.id }, select: { action: true, targetId: true } })).toEqual([{ action: 'mute', targetId: member.id }]);

    // A new mute replaces the running one (shorter or longer).
    await moderation.mute({ slug: room.slug, actorId: owner.id, userId: member.id, minutes: 1 });
    expect(await mutedUntil(room.id, member.id)).toEqual(new Date(NOW.getTime() + 60_000));
  });

  it('is the owner’s alone, never on themself, only on a current member', async () => {
    const { bus, moderation } = setup();
    const { owner, member, room } = await roomWithMember();
    const stranger = await buildUser(db);
    expect(await codeOf(moderation.mute({ slug: room.slug, actorId: member.id, userId: owner.id, minutes: 10 }))).toBe('NOT_OWNER');
    expect(await codeOf(moderation.mute({ slug: room.slug, actorId: owner.id, userId: owner.id, minutes: 10 }))).toBe('CANNOT_MUTE_SELF');
    expect(await codeOf(moderation.mute({ slug: room.slug, actorId: owner.id, userId: stranger.id, minutes: 10 }))).toBe('MEMBER_NOT_FOUND');
    await db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: member.id } }, data: { isBanned: true } });
    expect(await codeOf(moderation.mute({ slug: room.slug, actorId: owner.id, userId: member.id, minutes: 10 }))).toBe('MEMBER_NOT_FOUND');
    expect(bus.published).toEqual([]);
    expect(await mutedUntil(room.id, member.id)).toBeNull();
  });
});

describe('unmute', () => {
  it('ends a running mute early, with an event and no timeline line', async () => {
    const { bus, moderation } = setup();
    const { owner, member, room } = await roomWithMember();
    await moderation.mute({ slug: room.slug, actorId: owner.id, userId: member.id, minutes: 60 });
    bus.published.length = 0;
    await moderation.unmute({ slug: room.slug, actorId: owner.id, userId: member.id });
    expect(await mutedUntil(room.id, member.id)).toBeNull();
    expect(bus.published).toEqual([{ roomId: room.id, event: { event: 'member_unmuted', userId: member.id, by: owner.id } }]);
    expect(await db.moderationLog.count({ where: { roomId: room.id, action: 'unmute' } })).toBe(1);
  });

  it('refuses a member who is not muted, or whose mute is over', async () => {
    const { moderation } = setup();
    const { owner, member, room } = await roomWithMember();
    expect(await codeOf(moderation.unmute({ slug: room.slug, actorId: owner.id, userId: member.id }))).toBe('NOT_MUTED');
    await db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: member.id } }, data: { mutedUntil: new Date(NOW.getTime() - 1000) } });
    expect(await codeOf(moderation.unmute({ slug: room.slug, actorId: owner.id, userId: member.id }))).toBe('NOT_MUTED');
    expect(await codeOf(moderation.unmute({ slug: room.slug, actorId: member.id, userId: member.id }))).toBe('NOT_OWNER');
  });
});
