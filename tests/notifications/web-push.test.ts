import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testEnv } from '../support/context.js';
import type { HttpSession } from '../support/http-session.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/ws-client.js';
import { solidImage } from '../support/images.js';
import { joinedSocket, roomWithMembers, until } from '../realtime/helpers.js';
import { browserKeys, decryptPush, startPushService, type BrowserKeys } from './push-service.js';

// Web Push end to end: a real server process, a mention posted over a real socket, and a
// stand-in push service started here. The payload is decrypted with the subscription's own
// keys; an endpoint the push service answers 410 is removed; a user with a page open gets
// `notify` on it instead of a push.

const db = testDatabase();
const vapid = webpush.generateVAPIDKeys();
let push: Awaited<ReturnType<typeof startPushService>>;
let server: ServerProcess;

beforeAll(async () => {
  push = await startPushService((path) => (path.startsWith('/gone/') ? 410 : 201));
  server = await startServerProcess(
    testEnv({ VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:ops@example.com', PUSH_SERVICE_ORIGINS: push.origin, CHAT_RATE_LIMIT: '100', PUSH_RATE_LIMIT: '3', NODE_EXTRA_CA_CERTS: push.caFile }),
  );
});
afterAll(async () => {
  await server?.stop();
  await push?.close();
  await db.$disconnect();
});

async function subscribe(session: HttpSession, endpoint: string, keys: BrowserKeys): Promise<void> {
  const res = await fetch(`${session.baseUrl}/notifications/subscriptions/`, {
    method: 'POST',
    headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ endpoint, expirationTime: null, keys: keys.json }),
  });
  expect(res.status, await res.text()).toBe(200);
}

const jwtPayloadOf = (authorization: string) => JSON.parse(Buffer.from(authorization.split(/t=|,/)[1]?.split('.')[1] ?? '', 'base64url').toString()) as { aud: string; sub: string };

describe('Web Push', () => {
  it('pushes an encrypted mention to a user with no page open, and removes a subscription answered 410', async () => {
    const { owner, room, members } = await roomWithMembers(server.url, 1);
    const [member] = members as [HttpSession];
    const [phone, expired] = [browserKeys(), browserKeys()];
    const alive = `${push.origin}/alive/${member.userId}`;
    await subscribe(member, alive, phone);
    await subscribe(member, `${push.origin}/gone/${member.userId}`, expired);

    const socket = await joinedSocket(server.url, room.slug, owner);
    socket.send({ action: 'chat', message: `@${member.name} 회의 시작해요` });
    const chat = await socket.nextOf('chat');
    await until(() => push.received.filter((request) => request.path.endsWith(`/${member.userId}`)).length === 2, 'two pushes');

    const delivered = push.received.find((request) => request.path === `/alive/${member.userId}`);
    if (!delivered) throw new Error('no push to the live endpoint');
    expect(delivered.headers).toMatchObject({ 'content-encoding': 'aes128gcm', ttl: '14400', topic: `room${room.id}`, urgency: 'high' });
    expect(delivered.headers.authorization).toContain(`k=${vapid.publicKey}`);
    expect(jwtPayloadOf(delivered.headers.authorization ?? '')).toMatchObject({ aud: push.origin, sub: 'mailto:ops@example.com' });
    expect(JSON.parse(decryptPush(delivered.body, phone))).toEqual({
      room: room.slug,
      room_name: expect.any(String),
      id: chat.id,
      user: { id: owner.userId, name: owner.name, avatar: null },
      excerpt: `@${member.name} 회의 시작해요`,
      reason: 'mention',
    });
    // The body is not readable with another subscription's keys.
    expect(() => decryptPush(delivered.body, expired)).toThrow();

    await until(async () => (await db.pushSubscription.count({ where: { userId: member.userId } })) === 1, 'the expired subscription to go');
    expect(await db.pushSubscription.findMany({ where: { userId: member.userId }, select: { endpoint: true } })).toEqual([{ endpoint: alive }]);
    socket.close();
  });

  it('tells an open page with `notify` instead of pushing, and pushes nothing of a room set to none', async () => {
    const { owner, room, members } = await roomWithMembers(server.url, 3);
    const [online, quiet, away] = members as [HttpSession, HttpSession, HttpSession];
    for (const member of members) await subscribe(member, `${push.origin}/alive/${member.userId}`, browserKeys());
    expect((await quiet.post(`/rooms/${encodeURIComponent(room.slug)}/notifications/`, { level: 'none' })).status).toBe(200);
    const home = await TestSocket.openUser(server.url, { cookie: online.cookie });
    const socket = await joinedSocket(server.url, room.slug, owner);

    const text = `@${online.name} @${quiet.name} @${away.name} 확인해 주세요`;
    socket.send({ action: 'chat', message: text });
    const chat = await socket.nextOf('chat');
    expect(await home.nextOf('notify')).toEqual({
      event: 'notify',
      room: room.slug,
      room_name: expect.any(String),
      id: chat.id,
      user: { id: owner.userId, name: owner.name, avatar: null },
      excerpt: text,
      reason: 'mention',
      sound: false,
      popup: true,
    });
    // The same decision pushed to the member who is away: by then nothing went to the other two.
    await until(() => push.received.some((request) => request.path === `/alive/${away.userId}`), 'the push to the member away');
    expect(push.received.filter((request) => [`/alive/${online.userId}`, `/alive/${quiet.userId}`].includes(request.path))).toEqual([]);
    home.close();
    socket.close();
  });

  it('tells a member who hears every message of an uploaded image: its caption, else 사진', async () => {
    const { owner, room, members } = await roomWithMembers(server.url, 1);
    const [listener] = members as [HttpSession];
    const slug = encodeURIComponent(room.slug);
    expect((await listener.post(`/rooms/${slug}/notifications/`, { level: 'all' })).status).toBe(200);
    const home = await TestSocket.openUser(server.url, { cookie: listener.cookie });
    const upload = async (caption: string) => {
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(await solidImage('png'))], { type: 'image/png' }), 'a.png');
      if (caption) form.append('caption', caption);
      const res = await fetch(`${server.url}/rooms/${slug}/images/upload/`, { method: 'POST', headers: { Cookie: owner.cookie, 'X-CSRF-Token': owner.csrf, Accept: 'application/json' }, body: form });
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { message: { id: number } }).message.id;
    };
    for (const [caption, excerpt] of [['', '사진'], ['바다 사진이에요', '바다 사진이에요']] as const) {
      const id = await upload(caption);
      expect(await home.nextOf('notify', (event) => event.id === id)).toMatchObject({ event: 'notify', room: room.slug, id, user: { id: owner.userId }, excerpt, reason: 'message' });
    }
    home.close();
  });

  it('pushes at most PUSH_RATE_LIMIT notices per user and window, however busy the room', async () => {
    const { owner, room, members } = await roomWithMembers(server.url, 2);
    const [busy, other] = members as [HttpSession, HttpSession];
    await subscribe(busy, `${push.origin}/alive/${busy.userId}`, browserKeys());
    await subscribe(other, `${push.origin}/alive/${other.userId}`, browserKeys());
    const socket = await joinedSocket(server.url, room.slug, owner);
    for (let i = 0; i < 5; i += 1) {
      socket.send({ action: 'chat', message: `@${busy.name} ${i}번째` });
      await socket.nextOf('chat', (event) => event.message === `@${busy.name} ${i}번째`);
    }
    // The other member's push comes after the five: by then all of busy's were sent or dropped.
    socket.send({ action: 'chat', message: `@${other.name} 끝` });
    await until(() => push.received.some((request) => request.path === `/alive/${other.userId}`), 'the last push');
    await until(() => push.received.filter((request) => request.path === `/alive/${busy.userId}`).length >= 3, 'three pushes');
    expect(push.received.filter((request) => request.path === `/alive/${busy.userId}`)).toHaveLength(3);
    socket.close();
  });
});
