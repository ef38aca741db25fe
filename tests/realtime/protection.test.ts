import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import type { TestSocket } from '../support/ws-client.js';
import { joinedSocket, roomWithMembers, useTwoServers, until } from './helpers.js';

const db = testDatabase();
const servers = useTwoServers({ CHAT_RATE_LIMIT: '3', CHAT_RATE_WINDOW_SECONDS: '10' });
afterAll(() => db.$disconnect());

const answers = (socket: TestSocket) => socket.events.filter((event) => event.event === 'ack' || event.event === 'error');
const errorCodes = (socket: TestSocket) => socket.events.filter((event) => event.event === 'error').map((event) => event.code);
const storedBy = (roomId: number, userId: number) =>
  // What they wrote: their join line (a system line) is not theirs to write.
  db.message.findMany({ where: { roomId, userId, systemKind: null }, orderBy: { id: 'asc' }, select: { id: true, content: true } });

/** Sends a chat and waits for its ack: once it comes, every frame sent before it was handled. */
async function chatAcked(socket: TestSocket, message: string, clientId: string): Promise<number> {
  socket.send({ action: 'chat', message, client_id: clientId });
  return (await socket.nextOf('ack', (event) => event.client_id === clientId)).id as number;
}

describe('the chat rate limit is one limit for all processes', () => {
  it('refuses a user\'s messages beyond the shared limit, on either process, and stores none of them', async () => {
    const { owner, room } = await roomWithMembers(servers.a.url, 0);
    const onA = await joinedSocket(servers.a.url, room.slug, owner);
    const onB = await joinedSocket(servers.b.url, room.slug, owner);
    for (let i = 0; i < 3; i += 1) {
      onA.send({ action: 'chat', message: `A${i}`, client_id: `rate-a-${i}` });
      onB.send({ action: 'chat', message: `B${i}`, client_id: `rate-b-${i}` });
    }
    await until(() => answers(onA).length + answers(onB).length === 6, 'an answer to every frame');

    const acks = [...answers(onA), ...answers(onB)].filter((event) => event.event === 'ack');
    const refusals = [...answers(onA), ...answers(onB)].filter((event) => event.event === 'error');
    expect(acks).toHaveLength(3);
    expect(refusals).toHaveLength(3);
    for (const refusal of refusals) expect(refusal).toMatchObject({ event: 'error', code: 'RATE_LIMITED', message: expect.stringMatching(/초 후에/) });
    const stored = await storedBy(room.id, owner.userId);
    const numeric = (x: number, y: number) => x - y;
    expect(stored.map((row) => row.id).sort(numeric)).toEqual(acks.map((ack) => ack.id as number).sort(numeric));
    // Still refused (same window), and the sockets stay open.
    onB.send({ action: 'chat', message: '또', client_id: 'rate-extra' });
    await onB.nextOf('error', (event) => answers(onB).length === 4 && event.code === 'RATE_LIMITED');
    expect(await storedBy(room.id, owner.userId)).toHaveLength(3);
    expect([onA.closeCode, onB.closeCode]).toEqual([null, null]);
    onA.close();
    onB.close();
  });
});

describe('malformed input gets an error event, not a crash', () => {
  it('answers bad JSON, unknown actions, binary frames and bad fields with codes and keeps the socket', async () => {
    const { owner, room } = await roomWithMembers(servers.b.url, 0);
    const socket = await joinedSocket(servers.b.url, room.slug, owner);
    socket.send('{"action": "chat", "message": ');
    socket.send('[1, 2, 3]');
    socket.send({ action: 'dance' });
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    socket.send({ action: 'chat', message: 42 });
    socket.send({ action: 'chat', message: 'x', client_id: 'has spaces!' });
    await until(() => errorCodes(socket).length === 6, 'six error events');
    expect(errorCodes(socket)).toEqual(['BAD_JSON', 'BAD_JSON', 'UNKNOWN_ACTION', 'BAD_FRAME', 'BAD_MESSAGE', 'BAD_CLIENT_ID']);
    for (const event of socket.events.filter((e) => e.event === 'error')) expect(typeof event.message).toBe('string');

    const id = await chatAcked(socket, '여전히 됩니다', 'after-bad');
    expect(await storedBy(room.id, owner.userId)).toEqual([{ id, content: '여전히 됩니다' }]);
    expect(socket.closeCode).toBeNull();
    socket.close();
  });

  it('ignores empty messages and refuses over-long ones, storing neither', async () => {
    const { owner, room } = await roomWithMembers(servers.a.url, 0);
    const socket = await joinedSocket(servers.a.url, room.slug, owner);
    socket.send({ action: 'chat', message: '' });
    socket.send({ action: 'chat', message: ' \n\t  ' });
    socket.send({ action: 'chat', message: 'ㄱ'.repeat(2001) });
    expect(await socket.nextOf('error')).toMatchObject({ code: 'MESSAGE_TOO_LONG' });
    // Exactly 2000 characters (after trimming) is allowed; the ack means all earlier frames were handled.
    const id = await chatAcked(socket, ` ${'ㄴ'.repeat(2000)} `, 'longest');
    expect(await storedBy(room.id, owner.userId)).toEqual([{ id, content: 'ㄴ'.repeat(2000) }]);
    await socket.nextOf('chat', (event) => event.id === id);
    expect(socket.events.filter((event) => event.event === 'chat').map((event) => event.id)).toEqual([id]);
    socket.close();
  });

  it('closes a socket that sends an oversized frame with 1009, and nothing else is affected', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(servers.a.url, 1);
    const flooder = await joinedSocket(servers.a.url, room.slug, guest!);
    const bystander = await joinedSocket(servers.a.url, room.slug, owner);
    flooder.send({ action: 'chat', message: 'x'.repeat(17 * 1024) });
    expect(await flooder.closed).toBe(1009);

    expect((await fetch(`${servers.a.url}/healthz`)).status).toBe(200);
    await bystander.nextOf('user_left', (event) => event.userId === guest!.userId);
    const id = await chatAcked(bystander, '아직 살아 있음', 'alive');
    expect((await bystander.nextOf('chat', (event) => event.id === id)).message).toBe('아직 살아 있음');
    expect(await storedBy(room.id, guest!.userId)).toEqual([]);
    bystander.close();
  });
});
