import { afterAll, describe, expect, it } from 'vitest';
import type { MessageNotice, UserEvent } from '../../src/bus/events.js';
import { createLocalBus } from '../../src/bus/local-bus.js';
import { createNotifier } from '../../src/notifications/notifier.js';
import { createRoomListeners } from '../../src/notifications/room-listeners.js';
import { createMemorySocketCap } from '../../src/realtime/socket-cap.js';
import { silentLogger, testDatabase } from '../support/context.js';
import { buildRoom, buildUser } from '../support/factories.js';

// The notifier over the real database: who is read as concerned (levels, bans, a deleted
// room), who has a page open (the socket cap), and what each is sent.

const db = testDatabase();
afterAll(() => db.$disconnect());

function harness() {
  const published: { userId: number; event: UserEvent }[] = [];
  const pushed: { userId: number; roomId: number; notice: MessageNotice }[] = [];
  const sockets = createMemorySocketCap(60_000);
  const announce = createNotifier({
    db,
    bus: { toUser: async (userId, event) => void published.push({ userId, event }) },
    online: sockets,
    push: { deliver: async (userId, roomId, notice) => Boolean(pushed.push({ userId, roomId, notice })) },
    // Made after each test set its levels, so nothing it remembers is stale.
    listeners: createRoomListeners({ db, bus: createLocalBus() }),
    logger: silentLogger,
  });
  return { announce, published, pushed, sockets };
}

async function roomOf(count: number) {
  const users = await Promise.all(Array.from({ length: count }, (_, index) => buildUser(db, { displayName: null, username: `n${index}_${Date.now()}${Math.random().toString(36).slice(2, 6)}` })));
  const [owner, ...members] = users as [(typeof users)[0], ...typeof users];
  const room = await buildRoom(db, owner.id, { name: '파이썬 스터디' });
  await db.roomMember.createMany({ data: members.map((member) => ({ roomId: room.id, userId: member.id })) });
  const author = (user: (typeof users)[0]) => ({ id: user.id, name: user.username, avatar: null });
  return { room, owner, members, author };
}

const setLevel = (roomId: number, userId: number, notifyLevel: 'all' | 'mentions' | 'none') =>
  db.roomMember.update({ where: { roomId_userId: { roomId, userId } }, data: { notifyLevel } });

describe('the notifier', () => {
  it('pushes a mention to a member with no page open, and tells an open page instead', async () => {
    const { room, owner, members, author } = await roomOf(3);
    const [away, here] = members as [(typeof members)[0], (typeof members)[0]];
    const { announce, published, pushed, sockets } = harness();
    await sockets.tryAdd(here.id, 'tab');
    await announce(room.id, { id: 41, user: author(owner), text: `@${away.username} @${here.username} 회의 시작해요` }, { mentions: [away.id, here.id], isNew: true });
    const notice = { room: room.slug, room_name: '파이썬 스터디', id: 41, user: author(owner), excerpt: `@${away.username} @${here.username} 회의 시작해요`, reason: 'mention' };
    expect(pushed).toEqual([{ userId: away.id, roomId: room.id, notice }]);
    expect(published).toEqual([{ userId: here.id, event: { event: 'notify', ...notice, sound: false, popup: true } }]);
  });

  it('tells "all" members of every message, never "none" members, never the author', async () => {
    const { room, owner, members, author } = await roomOf(4);
    // The third member keeps the default (mentions) and is not mentioned: nothing for them.
    const [everything, muted] = members as [(typeof members)[0], (typeof members)[0]];
    await Promise.all([setLevel(room.id, everything.id, 'all'), setLevel(room.id, muted.id, 'none'), setLevel(room.id, owner.id, 'all')]);
    const { announce, pushed } = harness();
    await announce(room.id, { id: 7, user: author(owner), text: `@${muted.username} 안녕` }, { mentions: [muted.id], isNew: true });
    expect(pushed.map(({ userId, notice }) => [userId, notice.reason])).toEqual([[everything.id, 'message']]);
  });

  it('tells nobody banned, and nothing of a room that was deleted meanwhile', async () => {
    const { room, owner, members, author } = await roomOf(2);
    const [member] = members as [(typeof members)[0]];
    await setLevel(room.id, member.id, 'all');
    await db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: member.id } }, data: { isBanned: true } });
    const { announce, pushed } = harness();
    await announce(room.id, { id: 8, user: author(owner), text: `@${member.username}` }, { mentions: [member.id], isNew: true });
    expect(pushed).toEqual([]);

    const other = await roomOf(2);
    const [listener] = other.members as [(typeof other.members)[0]];
    await setLevel(other.room.id, listener.id, 'all');
    await db.room.delete({ where: { id: other.room.id } });
    await announce(other.room.id, { id: 9, user: other.author(other.owner), text: '안녕' }, { mentions: [], isNew: true });
    expect(pushed).toEqual([]);
  });
});

describe('room listeners', () => {
  it('remembers for 10 s whether anyone hears every message, and forgets a room whose level changed on any process', async () => {
    const { room, members } = await roomOf(2);
    const [member] = members as [(typeof members)[0]];
    let clock = 1_000_000;
    const bus = createLocalBus();
    const [here, there] = [createRoomListeners({ db, bus, now: () => clock }), createRoomListeners({ db, bus, now: () => clock })];
    expect(await here.any(room.id)).toBe(false);
    await setLevel(room.id, member.id, 'all');
    expect(await here.any(room.id)).toBe(false);
    clock += 10_001;
    expect(await here.any(room.id)).toBe(true);
    expect(await there.any(room.id)).toBe(true);
    await setLevel(room.id, member.id, 'mentions');
    await here.changed(room.id);
    expect(await here.any(room.id)).toBe(false);
    expect(await there.any(room.id)).toBe(false);
  });
});
