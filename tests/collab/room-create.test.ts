import bcrypt from 'bcrypt';
import { afterAll, describe, expect, it } from 'vitest';
import { createRoomService } from '../../src/collab/room-service.js';
import { createMemoryRateLimiter } from '../../src/ratelimit/rate-limiter.js';
import { testDatabase } from '../support/context.js';
import { buildUser, unique } from '../support/factories.js';
import { recordingBus, roomInput } from './helpers.js';

const db = testDatabase();
afterAll(() => db.$disconnect());
const rooms = createRoomService({ db, bus: recordingBus(), rateLimiter: createMemoryRateLimiter(), bcryptCost: 4 });

describe('createRoom', () => {
  it('creates the room and the owner membership together, with a Korean slug', async () => {
    const owner = await buildUser(db);
    const token = unique();
    const { room, membership } = await rooms.createRoom({
      creatorId: owner.id,
      input: roomInput({ name: `파이썬 스터디 ${token}`, topic: '매주 화요일', capacity: '5', is_private: 'on' }),
    });
    expect(room).toMatchObject({ name: `파이썬 스터디 ${token}`, slug: `파이썬-스터디-${token}`, topic: '매주 화요일', capacity: 5, isPrivate: true, hasPassword: false, createdById: owner.id });
    expect(room).not.toHaveProperty('passwordHash');
    expect(membership).toMatchObject({ roomId: room.id, userId: owner.id, role: 'owner', isBanned: false });
    const members = await db.roomMember.findMany({ where: { roomId: room.id } });
    expect(members.map((row) => [row.userId, row.role])).toEqual([[owner.id, 'owner']]);
  });

  it('stores the room password only as a bcrypt hash', async () => {
    const owner = await buildUser(db);
    const { room } = await rooms.createRoom({ creatorId: owner.id, input: roomInput({ name: `비밀방 ${unique()}`, password: '열려라참깨' }) });
    expect(room.hasPassword).toBe(true);
    const stored = await db.room.findUniqueOrThrow({ where: { id: room.id } });
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(stored.passwordHash).not.toContain('열려라참깨');
    expect(await bcrypt.compare('열려라참깨', stored.passwordHash ?? '')).toBe(true);
  });

  it('leaves nothing behind when the membership cannot be written', async () => {
    const name = `유령 ${unique()}`;
    await expect(rooms.createRoom({ creatorId: 2_000_000_000, input: roomInput({ name }) })).rejects.toMatchObject({ code: 'P2003' });
    expect(await db.room.count({ where: { name } })).toBe(0);
  });

  it('numbers the slug on collision', async () => {
    const owner = await buildUser(db);
    const name = `스터디 ${unique()}`;
    const slugs: string[] = [];
    for (let i = 0; i < 3; i += 1) slugs.push((await rooms.createRoom({ creatorId: owner.id, input: roomInput({ name }) })).room.slug);
    const base = slugs[0] ?? '';
    expect(slugs).toEqual([base, `${base}-2`, `${base}-3`]);
  });

  it('falls back to "room" for names with nothing sluggable, still unique', async () => {
    const owner = await buildUser(db);
    const first = await rooms.createRoom({ creatorId: owner.id, input: roomInput({ name: '🎉🎉' }) });
    const second = await rooms.createRoom({ creatorId: owner.id, input: roomInput({ name: '!!!' }) });
    expect(first.room.slug).toMatch(/^room(-\d+)?$/);
    expect(second.room.slug).toMatch(/^room-\d+$/);
    expect(second.room.slug).not.toBe(first.room.slug);
  });

  it('gives five rooms created at once with the same name five distinct slugs', async () => {
    const owners = await Promise.all(Array.from({ length: 5 }, () => buildUser(db)));
    const token = unique();
    const created = await Promise.all(owners.map((owner) => rooms.createRoom({ creatorId: owner.id, input: roomInput({ name: `동시 생성 ${token}` }) })));
    const base = `동시-생성-${token}`;
    expect(created.map(({ room }) => room.slug).sort()).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`, `${base}-5`].sort());
    for (const [index, { room }] of created.entries()) {
      expect(await db.roomMember.findMany({ where: { roomId: room.id }, select: { userId: true, role: true } })).toEqual([{ userId: owners[index]?.id, role: 'owner' }]);
    }
  });
});
