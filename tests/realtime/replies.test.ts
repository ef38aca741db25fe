import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { TestSocket, type ReceivedEvent } from '../support/ws-client.js';
import { joinedSocket, roomWithMembers, useTwoServers } from './helpers.js';

// Replies (답장): a chat frame's reply_to, live on two processes, in history and in replay.
const db = testDatabase();
const servers = useTwoServers({ CHAT_RATE_LIMIT: '100' });
afterAll(() => db.$disconnect());

async function post(socket: TestSocket, frame: Record<string, unknown>): Promise<ReceivedEvent> {
  socket.send({ action: 'chat', ...frame });
  return socket.nextOf('chat', (event) => event.message === frame.message);
}

describe('replies', () => {
  it('quote the answered message on both processes, in history, and as deleted once it is', async () => {
    const { owner, room, members: [member] } = await roomWithMembers(servers.a.url, 1);
    const onA = await joinedSocket(servers.a.url, room.slug, owner);
    const onB = await joinedSocket(servers.b.url, room.slug, member!);
    const long = `${'가'.repeat(99)}나다라`;
    const original = await post(onA, { message: long });

    const reply = await post(onB, { message: '맞아요', reply_to: original.id, client_id: 'reply-1' });
    const quote = { id: original.id, user: { id: owner.userId, name: owner.name, avatar: null }, excerpt: `${'가'.repeat(99)}나` };
    expect(reply).toMatchObject({ event: 'chat', message: '맞아요', reply_to: quote });
    expect(await onA.nextOf('chat', (event) => event.id === reply.id)).toMatchObject({ reply_to: quote });
    expect(await onB.nextOf('ack')).toEqual({ event: 'ack', client_id: 'reply-1', id: reply.id });

    const history = async () => {
      const res = await member!.get(`/rooms/${encodeURIComponent(room.slug)}/messages/`, 'application/json');
      const body = (await res.json()) as { messages: ReceivedEvent[] };
      return body.messages.find((message) => message.id === reply.id);
    };
    expect(await history()).toMatchObject({ reply_to: quote });

    // The original is deleted: the reply keeps pointing at it, as deleted, without its text.
    onA.send({ action: 'delete', id: original.id });
    await onB.nextOf('delete');
    expect((await history())?.reply_to).toEqual({ id: original.id, user: quote.user, excerpt: '', deleted: true });
    expect(await db.message.findUniqueOrThrow({ where: { id: reply.id as number } })).toMatchObject({ replyToId: original.id });

    // A reconnecting client gets the reply with its quote in replay.
    const again = await TestSocket.open(servers.b.url, room.slug, { cookie: member!.cookie, since: (reply.seq as number) - 1 });
    expect(await again.nextOf('chat', (event) => event.id === reply.id)).toMatchObject({ reply_to: { id: original.id, deleted: true } });
    for (const socket of [onA, onB, again]) socket.close();
  });

  it('refuse answering a deleted message, another room\'s, a system line or a bad id, storing nothing', async () => {
    const { room, members: [member] } = await roomWithMembers(servers.b.url, 1);
    const other = await roomWithMembers(servers.b.url, 0);
    const onB = await joinedSocket(servers.b.url, room.slug, member!);
    const elsewhere = await joinedSocket(servers.a.url, other.room.slug, other.owner);
    const foreign = await post(elsewhere, { message: '다른 방 글' });
    const joinLine = await db.message.findFirstOrThrow({ where: { roomId: room.id, systemKind: 'join' } });
    const gone = await post(onB, { message: '지울 글' });
    onB.send({ action: 'delete', id: gone.id });
    await onB.nextOf('delete');
    const before = await db.message.count({ where: { roomId: room.id } });

    for (const replyTo of [foreign.id, joinLine.id, gone.id, 2_000_000_000, 'abc', 0, 1.5]) {
      onB.send({ action: 'chat', message: '답장', reply_to: replyTo });
      expect(await onB.nextOf('error')).toMatchObject({ event: 'error', code: 'MESSAGE_NOT_FOUND' });
    }
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(before);
    // null is no reply at all.
    expect(await post(onB, { message: '그냥 글', reply_to: null })).not.toHaveProperty('reply_to');
    onB.close();
    elsewhere.close();
  });
});
