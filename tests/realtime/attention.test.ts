import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { roomChannel, userChannel } from '../../src/bus/channels.js';
import { testRedis } from '../support/app.js';
import { testDatabase } from '../support/context.js';
import { HttpSession } from '../support/http-session.js';
import { TestSocket, type ReceivedEvent } from '../support/ws-client.js';
import { closeCodeWithin, joinedSocket, roomWithMembers, until, useTwoServers } from './helpers.js';

// Mentions, read markers and mutes live, on two server processes sharing MariaDB and Redis:
// a user's events reach every socket of theirs (room pages and the home page's /ws/me/)
// wherever it is connected, and a mute is enforced on every process.

const db = testDatabase();
const servers = useTwoServers({ CHAT_RATE_LIMIT: '100' });
let redis: Redis;
beforeAll(async () => {
  redis = await testRedis();
});
afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
});

const errorOf = (socket: TestSocket, code: string) => socket.nextOf('error', (event) => event.code === code);

async function post(socket: TestSocket, text: string): Promise<ReceivedEvent> {
  socket.send({ action: 'chat', message: text });
  return socket.nextOf('chat', (event) => event.message === text);
}

/** Resolves once `processes` server processes listen to the user's channel (PUBSUB NUMSUB). */
async function heardOn(userId: number, processes: number): Promise<void> {
  await until(async () => {
    const [, count] = (await redis.pubsub('NUMSUB', userChannel(userId))) as [string, number];
    return Number(count) >= processes;
  }, `${processes} processes to listen to user ${userId}`);
}

describe('mentions', () => {
  it("reach the mentioned member's sockets on every process, with the message's mentions in the room's event", async () => {
    const { owner, room, members } = await roomWithMembers(servers.a.url, 2);
    const [member, third] = members as [HttpSession, HttpSession];
    const onA = await joinedSocket(servers.a.url, room.slug, owner);
    const memberRoom = await joinedSocket(servers.b.url, room.slug, member);
    const memberHome = await TestSocket.openUser(servers.a.url, { cookie: member.cookie });
    await heardOn(member.userId, 2);

    const chat = await post(onA, `@${member.name} 회의 시작해요, @없는사람 도`);
    expect(chat.mentions).toEqual([member.userId]);
    expect(await memberRoom.nextOf('chat', (event) => event.id === chat.id)).toMatchObject({ mentions: [member.userId] });
    const notice = await memberHome.nextOf('mention');
    expect(notice).toEqual({ event: 'mention', room: room.slug, room_name: expect.any(String), id: chat.id, user: expect.objectContaining({ id: owner.userId }), excerpt: `@${member.name} 회의 시작해요, @없는사람 도` });
    expect(await memberRoom.nextOf('mention', (event) => event.id === chat.id)).toMatchObject({ room: room.slug });
    // No notice to the author, nor for a message without a mention.
    const plain = await post(onA, '언급 없는 글');
    await memberRoom.nextOf('chat', (event) => event.id === plain.id);
    expect(onA.events.filter((event) => event.event === 'mention')).toEqual([]);

    // An edit that adds a mention tells the newly mentioned member only.
    const thirdHome = await TestSocket.openUser(servers.b.url, { cookie: third.cookie });
    await heardOn(third.userId, 1);
    onA.send({ action: 'edit', id: plain.id, message: `@${third.name} 확인 부탁해요` });
    expect(await onA.nextOf('edit', (event) => event.id === plain.id)).toMatchObject({ mentions: [third.userId] });
    expect(await thirdHome.nextOf('mention')).toMatchObject({ id: plain.id, room: room.slug, excerpt: `@${third.name} 확인 부탁해요` });
    expect(memberHome.events.filter((event) => event.event === 'mention' && event.id === plain.id)).toEqual([]);
    for (const socket of [onA, memberRoom, memberHome, thirdHome]) socket.close();
  });
});

describe('read markers', () => {
  it("move with a read frame on one process and reach the user's other sockets on the other", async () => {
    const { owner, room, members } = await roomWithMembers(servers.a.url, 1);
    const [member] = members as [HttpSession];
    const laptop = await joinedSocket(servers.a.url, room.slug, member);
    const phone = await HttpSession.logIn(servers.b.url, member.name);
    phone.userId = member.userId;
    const phoneHome = await TestSocket.openUser(servers.b.url, { cookie: phone.cookie });
    await heardOn(member.userId, 2);
    const phoneRoom = await joinedSocket(servers.b.url, room.slug, phone);
    const onA = await joinedSocket(servers.a.url, room.slug, owner);

    const first = await post(onA, '첫 글');
    const second = await post(onA, '둘째 글');
    await laptop.nextOf('chat', (event) => event.id === second.id);
    const unread = async () => ((await (await phone.get('/unread/', 'application/json')).json()) as { rooms: { slug: string; unread: number }[] }).rooms.find((entry) => entry.slug === room.slug)?.unread;
    expect(await unread()).toBe(2);

    laptop.send({ action: 'read', id: second.id });
    expect(await phoneRoom.nextOf('read', (event) => event.id === second.id)).toEqual({ event: 'read', room: room.slug, id: second.id });
    expect(await phoneHome.nextOf('read', (event) => event.id === second.id)).toEqual({ event: 'read', room: room.slug, id: second.id });
    expect(await unread()).toBe(0);

    // Backwards or repeated: nothing written, nothing sent; a bad id is an error event.
    const heard = phoneRoom.events.filter((event) => event.event === 'read').length;
    laptop.send({ action: 'read', id: first.id });
    laptop.send({ action: 'read', id: 'x' });
    await errorOf(laptop, 'MESSAGE_NOT_FOUND');
    expect(phoneRoom.events.filter((event) => event.event === 'read')).toHaveLength(heard);
    for (const socket of [laptop, phoneHome, phoneRoom, onA]) socket.close();
  });
});

describe('mute', () => {
  it('is enforced on every process: no chat, edit, reaction or upload until the owner lifts it', async () => {
    const { owner, room, members } = await roomWithMembers(servers.a.url, 1);
    const [member] = members as [HttpSession];
    const onA = await joinedSocket(servers.a.url, room.slug, owner);
    const onB = await joinedSocket(servers.b.url, room.slug, member);
    const own = await post(onB, '제한 전에 쓴 글');

    const muted = await owner.post(`/rooms/${encodeURIComponent(room.slug)}/mute/`, { user_id: String(member.userId), minutes: '10' });
    expect(muted.status).toBe(200);
    const event = await onB.nextOf('member_muted');
    expect(event).toEqual({ event: 'member_muted', userId: member.userId, until: expect.any(String), by: owner.userId });
    expect(await onA.nextOf('system', (line) => line.kind === 'mute')).toMatchObject({ target: expect.objectContaining({ id: member.userId }) });

    for (const frame of [
      { action: 'chat', message: '제한 중' },
      { action: 'edit', id: own.id, message: '고치기' },
      { action: 'react', id: own.id, emoji: '👍' },
    ]) {
      onB.send(frame);
      expect((await errorOf(onB, 'MUTED')).message).toMatch(/채팅을 제한했습니다. (9|10)분 후에/);
      onB.events.length = 0;
    }
    expect(await upload(member, room.slug)).toMatchObject({ status: 403, body: { ok: false, code: 'MUTED', until: event.until } });
    // Deleting what one wrote and reading stay allowed.
    onB.send({ action: 'delete', id: own.id });
    await onA.nextOf('delete', (deleted) => deleted.id === own.id);
    expect(await db.message.count({ where: { roomId: room.id, content: '제한 중' } })).toBe(0);

    expect((await owner.post(`/rooms/${encodeURIComponent(room.slug)}/unmute/`, { user_id: String(member.userId) })).status).toBe(200);
    await onB.nextOf('member_unmuted', (unmuted) => unmuted.userId === member.userId);
    await post(onB, '다시 쓸 수 있다');
    expect(await upload(member, room.slug)).toMatchObject({ status: 200 });
    onA.close();
    onB.close();
  });

  it('ends by itself when its time passes', async () => {
    const { room, members } = await roomWithMembers(servers.a.url, 1);
    const [member] = members as [HttpSession];
    const onB = await joinedSocket(servers.b.url, room.slug, member);
    // A mute of a second and a half, as the owner's action stores and announces it.
    const until = new Date(Date.now() + 1500);
    await db.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: member.userId } }, data: { mutedUntil: until } });
    await redis.publish(roomChannel(room.id), JSON.stringify({ event: 'member_muted', userId: member.userId, until: until.toISOString(), by: member.userId }));
    await onB.nextOf('member_muted');
    onB.send({ action: 'chat', message: '아직 제한 중' });
    await errorOf(onB, 'MUTED');
    expect(await upload(member, room.slug)).toMatchObject({ status: 403 });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, until.getTime() - Date.now()) + 100));
    await post(onB, '시간이 지났다');
    expect(await upload(member, room.slug)).toMatchObject({ status: 200 });
    onB.close();
  });
});

describe('the home page socket', () => {
  it('needs a login, counts toward the socket cap, and takes no frames', async () => {
    const anonymous = await TestSocket.openUser(servers.a.url);
    expect(await closeCodeWithin(anonymous, 5000)).toBe(4001);
    const user = await HttpSession.signUp(servers.a.url);
    const home = await TestSocket.openUser(servers.b.url, { cookie: user.cookie });
    home.send({ action: 'chat', message: '여기서는 안 됨' });
    expect(await home.nextOf('error')).toMatchObject({ code: 'UNKNOWN_ACTION' });
    expect(await closeCodeWithin(home, 5000)).toBe(1008);
    const sockets = await Promise.all(Array.from({ length: 9 }, () => TestSocket.openUser(servers.a.url, { cookie: user.cookie })));
    await until(() => sockets.some((socket) => socket.closeCode === 4429), 'the ninth socket to be refused');
    for (const socket of sockets) socket.close();
  });
});

async function upload(session: HttpSession, slug: string): Promise<{ status: number; body: unknown }> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).png().toBuffer();
  const form = new FormData();
  form.append('image', new Blob([png], { type: 'image/png' }), 'green.png');
  const res = await fetch(`${session.baseUrl}/rooms/${encodeURIComponent(slug)}/images/upload/`, {
    method: 'POST',
    headers: { Cookie: session.cookie, Accept: 'application/json', 'X-CSRF-Token': session.csrf },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}
