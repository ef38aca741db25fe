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
    // Memberships, their rooms, public rooms, member counts.
    expect(large.statements).toBeLessThanOrEqual(4);
    expect((await queries.listHomeRooms({ userId: viewer.id, q: token, limit: 10_000 })).mine).toHaveLength(4);
  });
});

describe('listMessages', () => {
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
      const page = await queries.listMessages({ roomId: room.id, before });
      pages.push(page.messages.map((message) => message.id));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(ids);
    const first = await queries.listMessages({ roomId: room.id, limit: 1 });
    expect(first.messages[0]).toEqual({
      id: ids[0],
      content: '메시지 119',
      image: null,
      createdAt: expect.any(Date),
      user: { id: expect.any(Number), username: expect.any(String), displayName: null, avatar: null },
    });
    const second = await queries.listMessages({ roomId: room.id, before: ids[0], limit: 1 });
    expect(second.messages[0]?.user).toEqual({ id: owner.id, username: owner.username, displayName: owner.displayName, avatar: null });
  });

  it('answers an empty page past the oldest message, and a last page exactly full', async () => {
    const { room, ids } = await roomWithMessages(50);
    expect(await queries.listMessages({ roomId: room.id })).toMatchObject({ nextBefore: null });
    expect(await queries.listMessages({ roomId: room.id, before: ids.at(-1) })).toEqual({ messages: [], nextBefore: null });
  });

  it('loads authors without one query per message', async () => {
    const { room } = await roomWithMessages(60);
    const history = createRoomQueries({ db: counting.db });
    const cost = async (limit: number) => {
      counting.statements.length = 0;
      const page = await history.listMessages({ roomId: room.id, limit });
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
