import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOM_PASSWORD_GUESS_LIMIT, roomPasswordKey } from '../../src/collab/room-entry.js';
import { createRoomService } from '../../src/collab/room-service.js';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from '../../src/ratelimit/rate-limiter.js';
import { createRedis } from '../../src/redis/connections.js';
import { silentLogger, testDatabase } from '../support/context.js';
import { buildUser, unique } from '../support/factories.js';
import { codeOf, recordingBus, roomInput } from './helpers.js';

const db = testDatabase();
afterAll(() => db.$disconnect());

function setup(rateLimiter: RateLimiter = createMemoryRateLimiter()) {
  const bus = recordingBus();
  return { bus, rateLimiter, rooms: createRoomService({ db, bus, rateLimiter, bcryptCost: 4 }) };
}

async function roomWith(fields: Record<string, unknown> = {}) {
  const { rooms } = setup();
  const owner = await buildUser(db);
  const { room, inviteToken } = await rooms.createRoom({ creatorId: owner.id, input: roomInput({ name: `입장 ${unique()}`, ...fields }) });
  return { owner, room, inviteToken };
}

const activeMembers = (roomId: number) => db.roomMember.count({ where: { roomId, isBanned: false } });

describe('enterRoom', () => {
  it('makes a newcomer a member once and announces it once', async () => {
    const { bus, rooms } = setup();
    const { room } = await roomWith();
    const user = await buildUser(db, { displayName: `닉${unique()}` });
    const first = await rooms.enterRoom({ slug: room.slug, userId: user.id });
    expect(first).toMatchObject({ joined: true, room: { id: room.id, hasPassword: false }, membership: { userId: user.id, role: 'member', isBanned: false } });
    expect(first.room).not.toHaveProperty('passwordHash');
    const again = await rooms.enterRoom({ slug: room.slug, userId: user.id });
    expect(again).toMatchObject({ joined: false, membership: { id: first.membership.id } });
    expect(bus.published).toEqual([
      { roomId: room.id, event: { event: 'system', id: expect.any(Number), seq: expect.any(Number), kind: 'join', user: expect.objectContaining({ id: user.id }), target: null, ts: expect.any(String) } },
      { roomId: room.id, event: { event: 'member_joined', user: { id: user.id, name: user.displayName, avatar: null }, role: 'member' } },
    ]);
  });

  it('answers ROOM_NOT_FOUND for an unknown slug', async () => {
    const user = await buildUser(db);
    await expect(setup().rooms.enterRoom({ slug: `없는-방-${unique()}`, userId: user.id })).rejects.toMatchObject({ status: 404, code: 'ROOM_NOT_FOUND' });
  });

  it('refuses a banned user even with the right password', async () => {
    const { room } = await roomWith({ password: 'pass1234' });
    const user = await buildUser(db);
    await db.roomMember.create({ data: { roomId: room.id, userId: user.id, isBanned: true } });
    await expect(setup().rooms.enterRoom({ slug: room.slug, userId: user.id, password: 'pass1234' })).rejects.toMatchObject({ status: 403, code: 'BANNED' });
  });

  it('checks the room password, with the original wording', async () => {
    const { rooms } = setup();
    const { room } = await roomWith({ password: '비밀번호' });
    const user = await buildUser(db);
    const wrong = rooms.enterRoom({ slug: room.slug, userId: user.id, password: 'nope' });
    await expect(wrong).rejects.toMatchObject({ status: 400, code: 'WRONG_PASSWORD', message: '비밀번호가 올바르지 않습니다.' });
    expect(await codeOf(rooms.enterRoom({ slug: room.slug, userId: user.id }))).toBe('WRONG_PASSWORD');
    // bcrypt reads 72 bytes only: a longer guess that starts with the password must fail too.
    expect(await codeOf(rooms.enterRoom({ slug: room.slug, userId: user.id, password: `비밀번호${'x'.repeat(80)}` }))).toBe('WRONG_PASSWORD');
    await expect(rooms.enterRoom({ slug: room.slug, userId: user.id, password: '비밀번호' })).resolves.toMatchObject({ joined: true });
  });

  it('does not ask a member again for the password', async () => {
    const { rooms } = setup();
    const { owner, room } = await roomWith({ password: 'pass1234' });
    await expect(rooms.enterRoom({ slug: room.slug, userId: owner.id })).resolves.toMatchObject({ joined: false, membership: { role: 'owner' } });
  });

  it('rate limits wrong guesses per user and room, before bcrypt runs', async () => {
    const { rooms, rateLimiter } = setup();
    const { room } = await roomWith({ password: 'pass1234' });
    const guesser = await buildUser(db);
    for (let i = 0; i < ROOM_PASSWORD_GUESS_LIMIT; i += 1) {
      expect(await codeOf(rooms.enterRoom({ slug: room.slug, userId: guesser.id, password: `wrong${i}` }))).toBe('WRONG_PASSWORD');
    }
    // Refused before the password is even compared: the right one is refused too.
    await expect(rooms.enterRoom({ slug: room.slug, userId: guesser.id, password: 'pass1234' })).rejects.toMatchObject({
      status: 429,
      code: 'TOO_MANY_ATTEMPTS',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // Another user, or the same user at another room, is not affected.
    const other = await buildUser(db);
    await expect(rooms.enterRoom({ slug: room.slug, userId: other.id, password: 'pass1234' })).resolves.toMatchObject({ joined: true });
    expect((await rateLimiter.isBlocked(roomPasswordKey(room.id, other.id), ROOM_PASSWORD_GUESS_LIMIT)).count).toBe(0);
  });

  it('clears the guess count on the right password', async () => {
    const { rooms, rateLimiter } = setup();
    const { room } = await roomWith({ password: 'pass1234' });
    const user = await buildUser(db);
    for (let i = 0; i < ROOM_PASSWORD_GUESS_LIMIT - 1; i += 1) await codeOf(rooms.enterRoom({ slug: room.slug, userId: user.id, password: 'bad!' }));
    await rooms.enterRoom({ slug: room.slug, userId: user.id, password: 'pass1234' });
    expect(await rateLimiter.isBlocked(roomPasswordKey(room.id, user.id), ROOM_PASSWORD_GUESS_LIMIT)).toMatchObject({ allowed: true, count: 0 });
  });

  it('shares the guess limit through Redis', async () => {
    const redis = createRedis(inject('redisUrl'), silentLogger);
    await redis.connect();
    try {
      const { room } = await roomWith({ password: 'pass1234' });
      const user = await buildUser(db);
      // Two "processes" with their own service objects, one Redis.
      const first = setup(createRedisRateLimiter(redis)).rooms;
      const second = setup(createRedisRateLimiter(redis)).rooms;
      for (let i = 0; i < ROOM_PASSWORD_GUESS_LIMIT; i += 1) {
        const rooms = i % 2 === 0 ? first : second;
        expect(await codeOf(rooms.enterRoom({ slug: room.slug, userId: user.id, password: 'wrong' }))).toBe('WRONG_PASSWORD');
      }
      expect(await codeOf(second.enterRoom({ slug: room.slug, userId: user.id, password: 'pass1234' }))).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(await redis.get(`ratelimit:${roomPasswordKey(room.id, user.id)}`))).toBe(ROOM_PASSWORD_GUESS_LIMIT + 1);
      await redis.del(`ratelimit:${roomPasswordKey(room.id, user.id)}`);
    } finally {
      await redis.quit();
    }
  });

  it('counts every non-banned member, the owner included, against capacity', async () => {
    const { rooms } = setup();
    const { room } = await roomWith({ capacity: 2 });
    const banned = await buildUser(db);
    await db.roomMember.create({ data: { roomId: room.id, userId: banned.id, isBanned: true } });
    const second = await buildUser(db);
    await expect(rooms.enterRoom({ slug: room.slug, userId: second.id })).resolves.toMatchObject({ joined: true });
    const third = await buildUser(db);
    await expect(rooms.enterRoom({ slug: room.slug, userId: third.id })).rejects.toMatchObject({ status: 403, code: 'ROOM_FULL' });
    expect(await activeMembers(room.id)).toBe(2);
  });

  it('lets a member back into a full room without counting them twice', async () => {
    const { rooms } = setup();
    const { owner, room } = await roomWith({ capacity: 2 });
    const member = await buildUser(db);
    await rooms.enterRoom({ slug: room.slug, userId: member.id });
    const results = await Promise.all([
      rooms.enterRoom({ slug: room.slug, userId: member.id }),
      rooms.enterRoom({ slug: room.slug, userId: member.id }),
      rooms.enterRoom({ slug: room.slug, userId: owner.id }),
    ]);
    expect(results.map((result) => result.joined)).toEqual([false, false, false]);
    expect(await db.roomMember.count({ where: { roomId: room.id } })).toBe(2);
  });

  it('admits exactly as many of 10 concurrent newcomers as there are free places', async () => {
    const { rooms, bus } = setup();
    const { room } = await roomWith({ capacity: 5 });
    const early = await buildUser(db);
    await rooms.enterRoom({ slug: room.slug, userId: early.id });
    bus.published.length = 0;
    const newcomers = await Promise.all(Array.from({ length: 10 }, () => buildUser(db)));
    const results = await Promise.allSettled(newcomers.map((user) => rooms.enterRoom({ slug: room.slug, userId: user.id })));
    const admitted = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as { code?: string }).code] : []));
    expect(admitted).toHaveLength(3);
    expect(refused).toEqual(Array(7).fill('ROOM_FULL'));
    expect(await activeMembers(room.id)).toBe(5);
    expect(bus.published.filter(({ event }) => event.event === 'member_joined')).toHaveLength(3);
  });

  it('lets into a private room only who holds its current invitation; to anyone else it does not exist', async () => {
    const { room, inviteToken } = await roomWith({ is_private: 'on' });
    const user = await buildUser(db);
    const { rooms } = setup();
    for (const invite of [undefined, null, '', 'x'.repeat(32), `${inviteToken ?? ''}x`]) {
      await expect(rooms.enterRoom({ slug: room.slug, userId: user.id, invite })).rejects.toMatchObject({ status: 404, code: 'ROOM_NOT_FOUND' });
    }
    await expect(rooms.enterRoom({ slug: room.slug, userId: user.id, invite: inviteToken })).resolves.toMatchObject({ joined: true, room: { isPrivate: true } });
    // A member comes back without the invitation.
    await expect(rooms.enterRoom({ slug: room.slug, userId: user.id })).resolves.toMatchObject({ joined: false });
  });
});

describe('checkRoomAccess', () => {
  it('lets members in and nobody else', async () => {
    const { rooms } = setup();
    const { owner, room } = await roomWith();
    const stranger = await buildUser(db);
    await expect(rooms.checkRoomAccess({ slug: room.slug, userId: owner.id })).resolves.toMatchObject({ room: { id: room.id }, membership: { role: 'owner' } });
    await expect(rooms.checkRoomAccess({ slug: room.slug, userId: stranger.id })).rejects.toMatchObject({ status: 403, code: 'NO_ACCESS' });
  });

  it('keeps banned users out, and says when the room is gone', async () => {
    const { rooms } = setup();
    const { room } = await roomWith();
    const banned = await buildUser(db);
    await db.roomMember.create({ data: { roomId: room.id, userId: banned.id, isBanned: true } });
    await expect(rooms.checkRoomAccess({ slug: room.slug, userId: banned.id })).rejects.toMatchObject({ status: 403, code: 'BANNED' });
    await expect(rooms.checkRoomAccess({ slug: `없는-${unique()}`, userId: banned.id })).rejects.toMatchObject({ status: 404, code: 'ROOM_NOT_FOUND' });
  });
});
