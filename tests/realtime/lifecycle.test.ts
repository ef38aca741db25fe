import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase, testMediaRoot } from '../support/context.js';
import type { HttpSession } from '../support/http-session.js';
import { TestSocket, type ReceivedEvent } from '../support/ws-client.js';
import { joinedSocket, roomWithMembers, useTwoServers } from './helpers.js';

// Edit, delete and react over the socket, live on two processes, with every refusal, and
// recovery of all three by sequence number.

const db = testDatabase();
const servers = useTwoServers({ CHAT_RATE_LIMIT: '100' });
afterAll(() => db.$disconnect());

/** Posts a chat and resolves with its stored event as the room got it. */
async function post(socket: TestSocket, text: string): Promise<ReceivedEvent> {
  socket.send({ action: 'chat', message: text });
  return socket.nextOf('chat', (event) => event.message === text);
}

/** An owner on process A and a member on process B, both with open sockets. */
async function roomOnTwoProcesses() {
  const { owner, room, members } = await roomWithMembers(servers.a.url, 2);
  const [member, third] = members as [HttpSession, HttpSession];
  return { owner, member, third, room, onA: await joinedSocket(servers.a.url, room.slug, owner), onB: await joinedSocket(servers.b.url, room.slug, member) };
}

const errorOf = (socket: TestSocket, code: string) => socket.nextOf('error', (event) => event.code === code);

describe('edit', () => {
  it('reaches both processes with the next number; only the author, only in time, only live messages', async () => {
    const { onA, onB } = await roomOnTwoProcesses();
    const chat = await post(onA, '오타 있는 글');
    onA.send({ action: 'edit', id: chat.id, message: '고친 글' });
    const edited = await onB.nextOf('edit');
    expect(edited).toEqual({ event: 'edit', id: chat.id, seq: (chat.seq as number) + 1, message: '고친 글', edited_at: expect.any(String) });

    onB.send({ action: 'edit', id: chat.id, message: '남의 글' });
    await errorOf(onB, 'NOT_AUTHOR');
    onA.send({ action: 'edit', id: 2_000_000_000, message: 'x' });
    await errorOf(onA, 'MESSAGE_NOT_FOUND');
    onA.send({ action: 'edit', id: chat.id, message: '   ' });
    await errorOf(onA, 'BAD_MESSAGE');
    await db.message.update({ where: { id: chat.id as number }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    onA.send({ action: 'edit', id: chat.id, message: '너무 늦은 수정' });
    await errorOf(onA, 'EDIT_WINDOW_PASSED');
    expect(await db.message.findUniqueOrThrow({ where: { id: chat.id as number } })).toMatchObject({ content: '고친 글', editedAt: expect.any(Date) });
    onA.close();
    onB.close();
  });
});

describe('delete', () => {
  it("leaves a tombstone; the author's own, or anyone's by the owner; never a member's of another", async () => {
    const { onA, onB } = await roomOnTwoProcesses();
    const ownersChat = await post(onA, '방장 글');
    const membersChat = await post(onB, '멤버 글');
    onB.send({ action: 'delete', id: ownersChat.id });
    await errorOf(onB, 'NOT_AUTHOR');
    onA.send({ action: 'delete', id: membersChat.id });
    expect(await onB.nextOf('delete')).toEqual({ event: 'delete', id: membersChat.id, seq: expect.any(Number) });
    onA.send({ action: 'edit', id: membersChat.id, message: '지운 글 고치기' });
    await errorOf(onA, 'MESSAGE_NOT_FOUND');
    expect(await db.message.findUniqueOrThrow({ where: { id: membersChat.id as number } })).toMatchObject({ content: null, image: null, deletedAt: expect.any(Date) });
    onA.close();
    onB.close();
  });

  it("removes a deleted image's files: nobody can fetch them and both variants are gone from disk", async () => {
    const { owner, room, onA, onB } = await roomOnTwoProcesses();
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#f00' } }).png().toBuffer();
    const form = new FormData();
    form.append('image', new Blob([png], { type: 'image/png' }), 'red.png');
    const upload = await fetch(`${servers.a.url}/rooms/${encodeURIComponent(room.slug)}/images/upload/`, {
      method: 'POST',
      headers: { Cookie: owner.cookie, Accept: 'application/json', 'X-CSRF-Token': owner.csrf },
      body: form,
    });
    const { message } = (await upload.json()) as { message: { id: number; url: string; thumb_url: string } };
    const file = path.join(testMediaRoot(), message.url.replace('/media/', ''));
    const thumbnail = path.join(testMediaRoot(), message.thumb_url.replace('/media/', ''));
    await onB.nextOf('image', (event) => event.id === message.id);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(thumbnail)).toBe(true);
    onA.send({ action: 'delete', id: message.id });
    await onB.nextOf('delete', (event) => event.id === message.id);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(thumbnail)).toBe(false);
    expect((await owner.get(message.url, 'image/webp')).status).toBe(404);
    onA.close();
    onB.close();
  });
});

describe('react', () => {
  it('toggles, counts every user, reaches both processes, and refuses other emoji', async () => {
    const { owner, member, onA, onB } = await roomOnTwoProcesses();
    const chat = await post(onA, '반응해 주세요');
    onB.send({ action: 'react', id: chat.id, emoji: '👍' });
    expect(await onA.nextOf('reaction')).toMatchObject({ id: chat.id, emoji: '👍', on: true, reactions: { '👍': 1 }, user: { id: member.userId } });
    onA.send({ action: 'react', id: chat.id, emoji: '👍' });
    await onB.nextOf('reaction', (event) => event.user !== undefined && (event.user as { id: number }).id === owner.userId);
    onB.send({ action: 'react', id: chat.id, emoji: '👍' });
    const off = await onA.nextOf('reaction', (event) => event.on === false);
    expect(off).toMatchObject({ reactions: { '👍': 1 }, user: { id: member.userId } });
    onB.send({ action: 'react', id: chat.id, emoji: '🔥' });
    await errorOf(onB, 'BAD_EMOJI');
    onA.close();
    onB.close();
  });
});

describe('system lines', () => {
  it('are stored and sent live for a join and a kick, before the member event', async () => {
    const { owner, third, room, onA, onB } = await roomOnTwoProcesses();
    const kick = await owner.post(`/rooms/${encodeURIComponent(room.slug)}/kick/`, { user_id: String(third.userId) });
    expect(kick.status).toBe(200);
    const line = await onB.nextOf('system', (event) => event.kind === 'kick');
    expect(line).toMatchObject({ user: { id: owner.userId }, target: { id: third.userId }, seq: expect.any(Number) });
    const kicked = await onB.nextOf('member_kicked');
    expect(onB.events.indexOf(line)).toBeLessThan(onB.events.indexOf(kicked));
    const history = await owner.get(`/rooms/${encodeURIComponent(room.slug)}/messages/`, 'application/json');
    const kinds = ((await history.json()) as { messages: ReceivedEvent[] }).messages.filter((entry) => entry.event === 'system').map((entry) => entry.kind);
    expect(kinds).toEqual(['kick', 'join', 'join']);
    onA.close();
    onB.close();
  });
});

describe('recovery by sequence number', () => {
  it('gives a socket that was away the edit, the deletion and the reaction it missed, in order, then live events once', async () => {
    const { member, room, onA, onB } = await roomOnTwoProcesses();
    const kept = await post(onA, '남을 글');
    const gone = await post(onA, '지울 글');
    await onB.nextOf('chat', (event) => event.id === gone.id);
    const seenUpTo = gone.seq as number;
    onB.close();
    await onB.closed;

    onA.send({ action: 'edit', id: kept.id, message: '고친 글' });
    onA.send({ action: 'delete', id: gone.id });
    onA.send({ action: 'react', id: kept.id, emoji: '😂' });
    await onA.nextOf('reaction');

    const back = await TestSocket.open(servers.a.url, room.slug, { cookie: member.cookie, since: seenUpTo });
    const missed = [await back.nextOf('edit'), await back.nextOf('delete'), await back.nextOf('reaction')];
    expect(missed.map((event) => event.seq)).toEqual([seenUpTo + 1, seenUpTo + 2, seenUpTo + 3]);
    expect(missed[0]).toMatchObject({ id: kept.id, message: '고친 글' });
    expect(missed[1]).toMatchObject({ id: gone.id });
    expect(missed[2]).toMatchObject({ id: kept.id, emoji: '😂', reactions: { '😂': 1 } });

    const live = await post(onA, '그 다음 글');
    await back.nextOf('chat', (event) => event.id === live.id);
    const numbers = back.events.filter((event) => typeof event.seq === 'number').map((event) => event.seq as number);
    expect(numbers).toEqual([seenUpTo + 1, seenUpTo + 2, seenUpTo + 3, live.seq]);
    onA.close();
    back.close();
  });

  it('says resync to a client whose number is ahead of the room (a reset, or a wrong guess)', async () => {
    const { member, room, onA } = await roomOnTwoProcesses();
    const ahead = await TestSocket.open(servers.b.url, room.slug, { cookie: member.cookie, since: 999_999 });
    await ahead.nextOf('resync');
    onA.close();
    ahead.close();
  });
});
