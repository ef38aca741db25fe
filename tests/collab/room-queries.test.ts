import { afterAll, describe, expect, it } from 'vitest';
import { createRoomQueries } from '../../src/collab/room-queries.js';
import { testDatabase } from '../support/context.js';
import { buildRoom, buildUser, unique } from '../support/factories.js';
import { countingDatabase } from './helpers.js';

const db = testDatabase();
const counting = countingDatabase();
afterAll(() => Promise.all([db.$disconnect(), counting.db.$disconnect()]));
const queries = createRoomQueries({ db });

describe('listHomeRooms', () => {
  it('lists my rooms and the public rooms I am not in, with member counts and no hashes', async () => {
    const me = await buildUser(db);
    const other = await buildUser(db);
    const banned = await buildUser(db);
    const token = unique();
    const mine = await buildRoom(db, me.id, { name: `내 방 ${token}`, isPrivate: true, passwordHash: '$2b$04$hash' });
    const joined = await buildRoom(db, other.id, { name: `들어간 방 ${token}` });
    await db.roomMember.create({ data: { roomId: joined.id, userId: me.id } });
    await db.roomMember.create({ data: { roomId: joined.id, userId: banned.id, isBanned: true } });
    const open = await buildRoom(db, other.id, { name: `공개 방 ${token}` });
    await buildRoom(db, other.id, { name: `남의 비공개 방 ${token}`, isPrivate: true });
    const bannedFrom = await buildRoom(db, other.id, { name: `쫓겨난 방 ${token}` });
    await db.roomMember.create({ data: { roomId: bannedFrom.id, userId: me.id, isBanned: true } });

    const home = await queries.listHomeRooms({ userId: me.id, q: token });
    expect(home.mine.map((room) => [room.id, room.role, room.memberCount, room.hasPassword])).toEqual([
      [joined.id, 'member', 2, false],
      [mine.id, 'owner', 1, true],
    ]);
    expect(home.public.map((room) => [room.id, room.memberCount, room.isPrivate])).toEqual([[open.id, 1, false]]);
    for (const room of [...home.mine, ...home.public]) expect(room).not.toHaveProperty('passwordHash');
  });

  it('searches names case-insensitively and takes % and _ literally', async () => {
    const owner = await buildUser(db);
    const viewer = await buildUser(db);
    const token = unique();
    const python = await buildRoom(db, owner.id, { name: `Python 스터디 ${token}` });
    const percent = await buildRoom(db, owner.id, { name: `할인 100% ${token}` });
    await buildRoom(db, owner.id, { name: `할인 1000 ${token}` });
    const search = (q: string) => queries.listHomeRooms({ userId: viewer.id, q }).then((home) => home.public.map((room) => room.id));
    expect(await search(`python 스터디 ${token}`)).toEqual([python.id]);
    expect(await search(`100% ${token}`)).toEqual([percent.id]);
    expect(await search(`1_0 ${token}`)).toEqual([]);
  });

  it('is bounded and costs the same number of queries however many rooms there are', async () => {
    const owner = await buildUser(db);
    const viewer = await buildUser(db);
    const token = unique();
    for (let i = 0; i < 4; i += 1) {
      const room = await buildRoom(db, owner.id, { name: `목록 ${token} ${i}` });
      await db.roomMember.create({ data: { roomId: room.id, userId: viewer.id } });
      await buildRoom(db, owner.id, { name: `목록 ${token} 공개 ${i}` });
    }
    const listing = createRoomQueries({ db: counting.db });
    const cost = async (limit: number) => {
      counting.statements.length = 0;
      const home = await listing.listHomeRooms({ userId: viewer.id, q: token, limit });
      return { statements: counting.statements.length, sizes: [home.mine.length, home.public.length] };
    };
    const small = await cost(1);
    const large = await cost(50);
    expect(small.sizes).toEqual([1, 1]);
    expect(large.sizes).toEqual([4, 4]);
    expect(large.statements).toBe(small.statements);
    // Memberships, their rooms, public rooms, member counts, tags, my rooms' last messages.
    expect(large.statements).toBeLessThanOrEqual(6);
    expect((await queries.listHomeRooms({ userId: viewer.id, q: token, limit: 10_000 })).mine).toHaveLength(4);
  });
});
