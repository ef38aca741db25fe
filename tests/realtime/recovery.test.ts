import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { storeMessages } from '../support/factories.js';
import { TestSocket, type ReceivedEvent } from '../support/ws-client.js';
import { chatIds, joinedSocket, roomWithMembers, useTwoServers, until } from './helpers.js';

const db = testDatabase();
const servers = useTwoServers({ CHAT_RATE_LIMIT: '100' });
afterAll(() => db.$disconnect());

const messageIds = (socket: TestSocket) => socket.events.filter((e) => e.event === 'chat' || e.event === 'image').map((e) => e.id as number);

/** Sends a chat with a client id and resolves with the stored id from its ack. */
async function sendAcked(socket: TestSocket, message: string, clientId: string): Promise<number> {
  socket.send({ action: 'chat', message, client_id: clientId });
  return (await socket.nextOf('ack', (event) => event.client_id === clientId)).id as number;
}

describe('reconnecting with ?after', () => {
  it('replays the missed messages in id order as ordinary events, then live ones, without duplicates', async () => {
    const { owner, room, members: [reader] } = await roomWithMembers(servers.a.url, 1);
    const writer = await joinedSocket(servers.a.url, room.slug, owner);
    const first = await joinedSocket(servers.b.url, room.slug, reader!);
    const seen = await sendAcked(writer, '본 메시지', 'seen-1');
    await first.nextOf('chat', (event) => event.id === seen);
    first.close();
    await first.closed;

    const missed = [await sendAcked(writer, '놓친 1', 'missed-1'), await sendAcked(writer, '놓친 2', 'missed-2')];
    const [imageId] = await storeMessages(db, room.id, [{ userId: owner.userId, image: `rooms/${room.id}/photo.png` }]);
    missed.push(imageId ?? 0, await sendAcked(writer, '놓친 3', 'missed-3'));

    // Reconnect to the other process; a live message races with the replay.
    const again = await TestSocket.open(servers.a.url, room.slug, { cookie: reader!.cookie, after: seen });
    const live = await sendAcked(writer, '실시간', 'live-1');
    await again.nextOf('chat', (event) => event.id === live);

    expect(messageIds(again)).toEqual([...missed, live]);
    const replayed = again.events.filter((e) => e.event === 'chat' || e.event === 'image').slice(0, 4);
    // Replayed messages carry their state now (message lifecycle): number, edits, reactions.
    expect(replayed[0]).toEqual({
      event: 'chat',
      id: missed[0],
      seq: expect.any(Number),
      user: { id: owner.userId, name: owner.name, avatar: null },
      message: '놓친 1',
      ts: expect.any(String),
      edited_at: null,
      deleted: false,
      reactions: {},
      mine: [],
      mentions: [],
    });
    expect(replayed[2]).toMatchObject({ event: 'image', id: imageId, url: `/media/rooms/${room.id}/photo.png` });

    // Later live traffic is not duplicated either.
    const later = await sendAcked(writer, '그 다음', 'live-2');
    await again.nextOf('chat', (event) => event.id === later);
    expect(messageIds(again)).toEqual([...missed, live, later]);
    writer.close();
    again.close();
  });

  it('replays up to 200 messages, and asks for a resync when more were missed', async () => {
    const { owner, room, members: [reader] } = await roomWithMembers(servers.b.url, 1);
    const writer = await joinedSocket(servers.b.url, room.slug, owner);
    const seen = await sendAcked(writer, '마지막으로 본 것', 'last-seen');

    const backlog = (count: number, tag: string) =>
      storeMessages(db, room.id, Array.from({ length: count }, (_, i) => ({ userId: owner.userId, content: `${tag} ${i}` })));
    await backlog(200, 'old');
    const exactly = await TestSocket.open(servers.a.url, room.slug, { cookie: reader!.cookie, after: seen });
    await until(() => chatIds(exactly).length === 200, '200 replayed messages');
    expect(exactly.events.some((event) => event.event === 'resync')).toBe(false);
    const replayed = chatIds(exactly);
    expect(replayed).toEqual([...replayed].sort((x, y) => x - y));
    expect(replayed[0]).toBeGreaterThan(seen);
    exactly.close();

    await backlog(1, 'one more');
    const tooMany = await TestSocket.open(servers.a.url, room.slug, { cookie: reader!.cookie, after: seen });
    expect(await tooMany.nextOf('resync')).toEqual({ event: 'resync' });
    const live = await sendAcked(writer, '새 메시지', 'after-resync');
    await tooMany.nextOf('chat', (event) => event.id === live);
    // Nothing of the backlog was sent, only the live message.
    expect(chatIds(tooMany)).toEqual([live]);
    writer.close();
    tooMany.close();
  });
});

describe('client_id makes a chat frame idempotent', () => {
  it('stores a repeated client_id once and acks the first id, on one socket, after a reconnect and on another process', async () => {
    const { owner, room, members: [reader] } = await roomWithMembers(servers.a.url, 1);
    const readerOnB = await joinedSocket(servers.b.url, room.slug, reader!);
    let socket = await joinedSocket(servers.a.url, room.slug, owner);

    const id = await sendAcked(socket, '한 번만', 'once-1');
    socket.send({ action: 'chat', message: '한 번만', client_id: 'once-1' });
    await until(() => socket.events.filter((e) => e.event === 'ack').length === 2, 'the second ack');
    expect(socket.events.filter((e) => e.event === 'ack')).toEqual([
      { event: 'ack', client_id: 'once-1', id },
      { event: 'ack', client_id: 'once-1', id },
    ]);

    socket.close();
    await socket.closed;
    socket = await joinedSocket(servers.b.url, room.slug, owner);
    // Even with another text: the client id names the message.
    expect(await sendAcked(socket, '다시 보냄', 'once-1')).toBe(id);

    // The same id sent on both processes at the same moment is still stored once.
    const onA = await joinedSocket(servers.a.url, room.slug, owner);
    onA.send({ action: 'chat', message: '경쟁', client_id: 'race-1' });
    socket.send({ action: 'chat', message: '경쟁', client_id: 'race-1' });
    const [ackA, ackB] = await Promise.all([onA.nextOf('ack'), socket.nextOf('ack', (e: ReceivedEvent) => e.client_id === 'race-1')]);
    expect(ackA.id).toBe(ackB.id);

    const marker = await sendAcked(socket, '표시', 'marker');
    await readerOnB.nextOf('chat', (event) => event.id === marker);
    // Published once each: a resend is never broadcast again.
    expect(chatIds(readerOnB)).toEqual([id, ackA.id, marker]);
    expect(await db.message.count({ where: { userId: owner.userId, clientId: { in: ['once-1', 'race-1'] } } })).toBe(2);
    for (const open of [socket, onA, readerOnB]) open.close();
  });
});
