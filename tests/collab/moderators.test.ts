import { afterAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '../../src/bus/events.js';
import { createMembership } from '../../src/collab/membership.js';
import { createModerationService } from '../../src/collab/moderation.js';
import { createModeratorService } from '../../src/collab/moderators.js';
import { createRoomService } from '../../src/collab/room-service.js';
import { MODERATORS_MAX } from '../../src/collab/staff.js';
import { createMemoryRateLimiter } from '../../src/ratelimit/rate-limiter.js';
import { testDatabase } from '../support/context.js';
import { buildRoom, buildUser } from '../support/factories.js';
import { codeOf, recordingBus, recordingFiles } from './helpers.js';

const db = testDatabase();
afterAll(() => db.$disconnect());

function setup() {
  const bus = recordingBus();
  const rooms = createRoomService({ db, bus, rateLimiter: createMemoryRateLimiter(), bcryptCost: 4 });
  return {
    bus,
    moderation: createModerationService({ db, bus, files: recordingFiles() }),
    moderators: createModeratorService({ db, bus }),
    membership: createMembership({ db, rooms }),
  };
}

/** A room with its owner, two moderators and two plain members. */
async function staffedRoom() {
  const owner = await buildUser(db);
  const room = await buildRoom(db, owner.id);
  const [mod1, mod2, mem1, mem2] = await Promise.all(Array.from({ length: 4 }, () => buildUser(db)));
  await db.roomMember.createMany({
    data: [
      { roomId: room.id, userId: mod1!.id, role: 'moderator' },
      { roomId: room.id, userId: mod2!.id, role: 'moderator' },
      { roomId: room.id, userId: mem1!.id },
      { roomId: room.id, userId: mem2!.id },
    ],
  });
  /** One user of each role as actor, and another of each role as target. */
  const actors: Record<MemberRole, number> = { owner: owner.id, moderator: mod1!.id, member: mem1!.id };
  const targets: Record<MemberRole, number> = { owner: owner.id, moderator: mod2!.id, member: mem2!.id };
  return { room, actors, targets };
}

const ROLES: MemberRole[] = ['owner', 'moderator', 'member'];
const roleOf = async (roomId: number, userId: number) => (await db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId, userId } } })).role;

/** What each actor role gets when acting on each target role: 'ok' or the refusal's code. */
const KICK_MATRIX: Record<MemberRole, Record<MemberRole, string>> = {
  owner: { owner: 'CANNOT_KICK_SELF', moderator: 'ok', member: 'ok' },
  moderator: { owner: 'FORBIDDEN', moderator: 'FORBIDDEN', member: 'ok' },
  member: { owner: 'NOT_OWNER', moderator: 'NOT_OWNER', member: 'NOT_OWNER' },
};
const MUTE_MATRIX: Record<MemberRole, Record<MemberRole, string>> = {
  owner: { owner: 'CANNOT_MUTE_SELF', moderator: 'ok', member: 'ok' },
  moderator: { owner: 'FORBIDDEN', moderator: 'FORBIDDEN', member: 'ok' },
  member: { owner: 'NOT_OWNER', moderator: 'NOT_OWNER', member: 'NOT_OWNER' },
};

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
    throw error;
  }
}

describe('every permission pair', () => {
  for (const actor of ROLES) {
    for (const target of ROLES) {
      it(`${actor} kicks ${target}: ${KICK_MATRIX[actor][target]}`, async () => {
        const { moderation } = setup();
        const { room, actors, targets } = await staffedRoom();
        const input = { slug: room.slug, actorId: actors[actor], userId: targets[target] };
        expect(await outcome(moderation.kick(input))).toBe(KICK_MATRIX[actor][target]);
      });

      it(`${actor} mutes and unmutes ${target}: ${MUTE_MATRIX[actor][target]}`, async () => {
        const { moderation } = setup();
        const { room, actors, targets } = await staffedRoom();
        const input = { slug: room.slug, actorId: actors[actor], userId: targets[target] };
        expect(await outcome(moderation.mute({ ...input, minutes: 5 }))).toBe(MUTE_MATRIX[actor][target]);
        // Unmuting follows the same pairs (the owner muting first where the actor could not).
        if (actor !== 'owner' && target !== 'owner') await moderation.mute({ slug: room.slug, actorId: actors.owner, userId: targets[target], minutes: 5 });
        const expected = actor === 'owner' && target === 'owner' ? 'NOT_MUTED' : MUTE_MATRIX[actor][target];
        expect(await outcome(moderation.unmute(input))).toBe(expected);
      });

      it(`${actor} removes a message of ${target}`, async () => {
        const { membership } = setup();
        const { room, actors, targets } = await staffedRoom();
        const mine = actors[actor] === targets[target];
        const expected = actor === 'owner' || mine || (actor === 'moderator' && target === 'member') ? 'yes' : actor === 'moderator' ? 'FORBIDDEN' : 'no';
        const verdict = await membership.mayRemoveMessageOf(room.id, actors[actor], targets[target]).then(
          (may) => (may ? 'yes' : 'no'),
          (error: unknown) => (error instanceof Error && 'code' in error ? String(error.code) : 'thrown'),
        );
        expect(verdict).toBe(expected);
      });
    }
  }

  it('lets a moderator unban an ordinary member, and logs the actor\'s role', async () => {
    const { moderation } = setup();
    const { room, actors, targets } = await staffedRoom();
    await moderation.kick({ slug: room.slug, actorId: actors.moderator, userId: targets.member });
    await moderation.unban({ slug: room.slug, actorId: actors.moderator, userId: targets.member });
    const logs = await db.moderationLog.findMany({ where: { roomId: room.id }, orderBy: { id: 'asc' } });
    expect(logs).toMatchObject([
      { action: 'kick', actorId: actors.moderator, actorRole: 'moderator', targetId: targets.member },
      { action: 'unban', actorId: actors.moderator, actorRole: 'moderator', targetId: targets.member },
    ]);
  });

  it('keeps transfer, appointing, the invitation and deleting the room to the owner', async () => {
    const { moderation, moderators } = setup();
    const { room, actors, targets } = await staffedRoom();
    const asModerator = { slug: room.slug, actorId: actors.moderator };
    expect(await codeOf(moderation.transfer({ ...asModerator, userId: targets.member }))).toBe('FORBIDDEN');
    expect(await codeOf(moderators.appoint({ ...asModerator, userId: targets.member }))).toBe('FORBIDDEN');
    expect(await codeOf(moderators.dismiss({ ...asModerator, userId: targets.moderator }))).toBe('FORBIDDEN');
    expect(await codeOf(moderation.deleteRoom(asModerator))).toBe('FORBIDDEN');
    expect(await codeOf(moderation.renewInvite(asModerator))).toBe('FORBIDDEN');
    expect(await codeOf(moderators.appoint({ slug: room.slug, actorId: actors.member, userId: targets.member }))).toBe('NOT_OWNER');
    expect(await db.room.findUnique({ where: { id: room.id } })).not.toBeNull();
  });
});

describe('appointing and removing moderators', () => {
  it('appoints a member, announces role_changed, and removes them again', async () => {
    const { moderators, bus } = setup();
    const { room, actors, targets } = await staffedRoom();
    await moderators.appoint({ slug: room.slug, actorId: actors.owner, userId: targets.member });
    expect(await roleOf(room.id, targets.member)).toBe('moderator');
    expect(await codeOf(moderators.appoint({ slug: room.slug, actorId: actors.owner, userId: targets.member }))).toBe('ALREADY_MODERATOR');
    await moderators.dismiss({ slug: room.slug, actorId: actors.owner, userId: targets.member });
    expect(await roleOf(room.id, targets.member)).toBe('member');
    expect(await codeOf(moderators.dismiss({ slug: room.slug, actorId: actors.owner, userId: targets.member }))).toBe('NOT_MODERATOR');
    expect(await codeOf(moderators.appoint({ slug: room.slug, actorId: actors.owner, userId: actors.owner }))).toBe('CANNOT_APPOINT_SELF');
    expect(bus.published.map(({ event }) => event)).toEqual([
      { event: 'role_changed', userId: targets.member, role: 'moderator' },
      { event: 'role_changed', userId: targets.member, role: 'member' },
    ]);
    const logs = await db.moderationLog.findMany({ where: { roomId: room.id }, orderBy: { id: 'asc' } });
    expect(logs.map((row) => [row.action, row.actorRole])).toEqual([['appoint', 'owner'], ['dismiss', 'owner']]);
  });

  it(`allows ${MODERATORS_MAX} moderators and no more, even when asked at once`, async () => {
    const { moderators } = setup();
    const owner = await buildUser(db);
    const room = await buildRoom(db, owner.id);
    const users = await Promise.all(Array.from({ length: MODERATORS_MAX + 3 }, () => buildUser(db)));
    await db.roomMember.createMany({ data: users.map((user) => ({ roomId: room.id, userId: user.id })) });
    const results = await Promise.all(users.map((user) => outcome(moderators.appoint({ slug: room.slug, actorId: owner.id, userId: user.id }))));
    expect(results.filter((result) => result === 'ok')).toHaveLength(MODERATORS_MAX);
    expect(results.filter((result) => result === 'MODERATOR_LIMIT')).toHaveLength(3);
    expect(await db.roomMember.count({ where: { roomId: room.id, role: 'moderator' } })).toBe(MODERATORS_MAX);
  });

  it('refuses banned users and strangers; a kicked moderator is demoted; a moderator may take the room over', async () => {
    const { moderators, moderation } = setup();
    const { room, actors, targets } = await staffedRoom();
    const stranger = await buildUser(db);
    expect(await codeOf(moderators.appoint({ slug: room.slug, actorId: actors.owner, userId: stranger.id }))).toBe('MEMBER_NOT_FOUND');
    await moderation.kick({ slug: room.slug, actorId: actors.owner, userId: targets.moderator });
    expect(await db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId: room.id, userId: targets.moderator } } })).toMatchObject({ isBanned: true, role: 'member' });
    expect(await codeOf(moderators.appoint({ slug: room.slug, actorId: actors.owner, userId: targets.moderator }))).toBe('MEMBER_NOT_FOUND');
    // Transfer to a moderator: exactly one owner afterwards, the former owner a member.
    await moderation.transfer({ slug: room.slug, actorId: actors.owner, userId: actors.moderator });
    expect(await db.roomMember.count({ where: { roomId: room.id, role: 'owner' } })).toBe(1);
    expect(await roleOf(room.id, actors.moderator)).toBe('owner');
    expect(await roleOf(room.id, actors.owner)).toBe('member');
  });
});
