import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedis } from '../support/app.js';
import { HttpSession } from '../support/http-session.js';
import { TestSocket } from '../support/ws-client.js';
import { closeCodeWithin, joinedSocket, onlineOf, roomSocketUrl, roomWithMembers, sessionIdOf, useTwoServers, upgradeOutcome } from './helpers.js';

const ALLOWED = 'https://chat.example.com';
// Sessions are re-checked every 0.3 s here, so a destroyed session shows quickly.
const servers = useTwoServers({ WS_SESSION_CHECK_SECONDS: '0.3', ALLOWED_ORIGINS: ALLOWED });
let redis: Redis;

beforeAll(async () => {
  redis = await testRedis();
});
afterAll(() => redis?.disconnect());

describe('who may open a room socket', () => {
  it('closes with 4001 without a valid session cookie', async () => {
    const { room } = await roomWithMembers(servers.a.url, 0);
    const anonymous = await TestSocket.open(servers.a.url, room.slug);
    expect(await anonymous.closed).toBe(4001);
    const forged = await TestSocket.open(servers.b.url, room.slug, { cookie: 'codingline.sid=s%3Anot-a-session.bad-signature' });
    expect(await forged.closed).toBe(4001);
  });

  it('closes with 4403 when the room is missing, not entered, or the user is banned', async () => {
    const { owner, room, members: [banned] } = await roomWithMembers(servers.a.url, 1);
    const stranger = await HttpSession.signUp(servers.b.url);

    const missing = await TestSocket.open(servers.a.url, 'no-such-room-anywhere', { cookie: stranger.cookie });
    expect(await missing.closed).toBe(4403);
    const notEntered = await TestSocket.open(servers.b.url, room.slug, { cookie: stranger.cookie });
    expect(await notEntered.closed).toBe(4403);

    const kick = await owner.post(`/rooms/${encodeURIComponent(room.slug)}/kick/`, { user_id: String(banned!.userId) });
    expect(kick.status).toBe(200);
    // They were in the room a moment ago: the ban must win over that.
    for (const server of [servers.a, servers.b]) {
      const socket = await TestSocket.open(server.url, room.slug, { cookie: banned!.cookie });
      expect(await socket.closed).toBe(4403);
    }
    // Still a working socket for a member, so the refusals above are about access.
    const ok = await joinedSocket(servers.b.url, room.slug, owner);
    expect(ok.closeCode).toBeNull();
    ok.close();
  });

  it('closes a private room to a stranger exactly as a missing room (4403, same reason)', async () => {
    const owner = await HttpSession.signUp(servers.a.url);
    const { slug } = await owner.createRoom({ is_private: 'on' });
    const stranger = await HttpSession.signUp(servers.b.url);
    const guessed = await TestSocket.open(servers.b.url, slug, { cookie: stranger.cookie });
    const missing = await TestSocket.open(servers.b.url, `no-such-room-${slug}`, { cookie: stranger.cookie });
    expect([await guessed.closed, guessed.closeReason]).toEqual([await missing.closed, missing.closeReason]);
    expect(guessed.closeCode).toBe(4403);
  });

  it('answers an upgrade on an unknown path with a complete HTTP 400', async () => {
    const { owner } = await roomWithMembers(servers.a.url, 0);
    const wsBase = servers.a.url.replace(/^http/, 'ws');
    expect(await upgradeOutcome(`${wsBase}/ws/nope`, { Cookie: owner.cookie })).toBe(400);
    expect(await upgradeOutcome(`${wsBase}/ws/rooms/`, { Cookie: owner.cookie })).toBe(400);
    expect(await upgradeOutcome(`${wsBase}/ws/rooms/a/b/`, { Cookie: owner.cookie })).toBe(400);
    expect((await fetch(`${servers.a.url}/healthz`)).status).toBe(200);
  });

  it('refuses a foreign Origin with 403 and accepts its own and the configured ones', async () => {
    const { owner, room } = await roomWithMembers(servers.a.url, 0);
    const headers = (origin: string) => ({ Cookie: owner.cookie, Origin: origin });
    expect(await upgradeOutcome(roomSocketUrl(servers.a.url, room.slug), headers('http://evil.example'))).toBe(403);
    // Another port is another origin: process A's page may not open sockets on process B.
    expect(await upgradeOutcome(roomSocketUrl(servers.b.url, room.slug), headers(servers.a.url))).toBe(403);
    expect(await upgradeOutcome(roomSocketUrl(servers.a.url, room.slug), headers('null'))).toBe(403);

    for (const [server, origin] of [[servers.a, servers.a.url], [servers.b, servers.b.url], [servers.a, ALLOWED], [servers.b, ALLOWED]] as const) {
      const socket = await TestSocket.open(server.url, room.slug, { cookie: owner.cookie, origin });
      // Accepted: set up and counted online (an earlier socket's departure may be reported first).
      await socket.nextOf('presence', (event) => onlineOf(event).includes(owner.userId));
      expect(socket.closeCode).toBeNull();
      socket.close();
      await socket.closed;
    }
  });
});

describe('a socket never outlives its session', () => {
  it('closes with 4001 on every process once the session is destroyed behind its back', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(servers.a.url, 1);
    const ownerOnA = await joinedSocket(servers.a.url, room.slug, owner);
    const ownerOnB = await joinedSocket(servers.b.url, room.slug, owner);
    const guestOnB = await joinedSocket(servers.b.url, room.slug, guest!);

    expect(await redis.del(`sess:${sessionIdOf(owner.cookie)}`)).toBe(1);
    // WS_SESSION_CHECK_SECONDS is 0.3: well within 1.5 s.
    expect(await closeCodeWithin(ownerOnA, 1500)).toBe(4001);
    expect(await closeCodeWithin(ownerOnB, 1500)).toBe(4001);

    // The other user's socket is untouched and hears that the owner went offline.
    await guestOnB.nextOf('user_left', (event) => event.userId === owner.userId);
    expect(guestOnB.closeCode).toBeNull();
    const again = await TestSocket.open(servers.a.url, room.slug, { cookie: owner.cookie });
    expect(await again.closed).toBe(4001);
    guestOnB.close();
  });
});
