import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import type { ReceivedEvent } from '../support/ws-client.js';
import { chatIds, joinedSocket, roomWithMembers, useTwoServers, until } from './helpers.js';

const db = testDatabase();
// A generous chat limit: the concurrency test sends bursts.
const servers = useTwoServers({ CHAT_RATE_LIMIT: '100' });
afterAll(() => db.$disconnect());

describe('fan-out across two server processes', () => {
  it('delivers a message sent on one process to sockets on both, stored before it is broadcast', async () => {
    const { owner, room, members: [onA, onB] } = await roomWithMembers(servers.a.url, 2);
    const senderSocket = await joinedSocket(servers.a.url, room.slug, owner);
    const sameProcess = await joinedSocket(servers.a.url, room.slug, onA!);
    const otherProcess = await joinedSocket(servers.b.url, room.slug, onB!);

    // The moment the event reaches process B's socket, its row must already exist.
    const storedOnArrival = new Promise<{ event: ReceivedEvent; stored: boolean }>((resolve, reject) => {
      otherProcess.ws.on('message', (data) => {
        const event = JSON.parse(data.toString()) as ReceivedEvent;
        if (event.event !== 'chat') return;
        db.message.findUnique({ where: { id: event.id as number } }).then((row) => resolve({ event, stored: row !== null }), reject);
      });
    });
    senderSocket.send({ action: 'chat', message: '프로세스 너머로', client_id: 'fan-1' });

    const { event, stored } = await storedOnArrival;
    expect(event).toMatchObject({ event: 'chat', message: '프로세스 너머로', user: { id: owner.userId } });
    expect(stored).toBe(true);
    const onSameProcess = await sameProcess.nextOf('chat');
    expect(onSameProcess).toEqual(event);
    const ack = await senderSocket.nextOf('ack');
    expect(ack).toEqual({ event: 'ack', client_id: 'fan-1', id: event.id });
    const row = await db.message.findUniqueOrThrow({ where: { id: event.id as number } });
    expect(row).toMatchObject({ roomId: room.id, userId: owner.userId, content: '프로세스 너머로', clientId: 'fan-1' });
    // The sender's own socket gets the broadcast too (it is how the page shows the message).
    expect((await senderSocket.nextOf('chat')).id).toBe(event.id);

    for (const socket of [senderSocket, sameProcess, otherProcess]) socket.close();
  });

  it('loses nothing when both processes publish at once: every socket gets every message exactly once', async () => {
    const { owner, room, members: [guest, readerA, readerB] } = await roomWithMembers(servers.a.url, 3);
    const senderA = await joinedSocket(servers.a.url, room.slug, owner);
    const senderB = await joinedSocket(servers.b.url, room.slug, guest!);
    const readers = [await joinedSocket(servers.a.url, room.slug, readerA!), await joinedSocket(servers.b.url, room.slug, readerB!)];

    const perSender = 15;
    for (let i = 0; i < perSender; i += 1) {
      senderA.send({ action: 'chat', message: `a${i}`, client_id: `burst-a-${i}` });
      senderB.send({ action: 'chat', message: `b${i}`, client_id: `burst-b-${i}` });
    }
    await until(() => senderA.events.filter((e) => e.event === 'ack').length === perSender, 'acks on A');
    await until(() => senderB.events.filter((e) => e.event === 'ack').length === perSender, 'acks on B');
    // Chat only: members' join lines are messages too (system lines).
    const stored = (await db.message.findMany({ where: { roomId: room.id, systemKind: null }, select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id);
    expect(stored).toHaveLength(2 * perSender);

    for (const socket of [...readers, senderA, senderB]) {
      await until(() => chatIds(socket).length >= stored.length, 'every message on every socket');
      expect([...chatIds(socket)].sort((x, y) => x - y)).toEqual(stored);
    }
    for (const socket of [...readers, senderA, senderB]) socket.close();
  });

  it('stores and delivers one socket\'s messages in the order they were sent', async () => {
    const { owner, room, members: [reader] } = await roomWithMembers(servers.a.url, 1);
    const writer = await joinedSocket(servers.a.url, room.slug, owner);
    const readerOnB = await joinedSocket(servers.b.url, room.slug, reader!);
    const sent = Array.from({ length: 30 }, (_, i) => `순서 ${String(i).padStart(2, '0')}`);
    for (const message of sent) writer.send({ action: 'chat', message });

    await until(() => chatIds(readerOnB).length === sent.length, 'all messages on B');
    const stored = await db.message.findMany({ where: { roomId: room.id, systemKind: null }, orderBy: { id: 'asc' }, select: { content: true } });
    expect(stored.map((row) => row.content)).toEqual(sent);
    expect(readerOnB.events.filter((e) => e.event === 'chat').map((e) => e.message)).toEqual(sent);
    writer.close();
    readerOnB.close();
  });

  it('sends typing to the other process but not back to the typist', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(servers.a.url, 1);
    const typist = await joinedSocket(servers.a.url, room.slug, owner);
    const reader = await joinedSocket(servers.b.url, room.slug, guest!);
    typist.send({ action: 'typing' });
    expect(await reader.nextOf('typing')).toMatchObject({ user: { id: owner.userId } });
    // Whatever the typist's process sent, a later chat arrives after it: no typing echo before it.
    typist.send({ action: 'chat', message: '끝' });
    await typist.nextOf('chat');
    expect(typist.events.some((event) => event.event === 'typing')).toBe(false);
    typist.close();
    reader.close();
  });
});
