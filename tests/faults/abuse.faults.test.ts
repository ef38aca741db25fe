import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomSocketUrl, roomWithMembers, upgradeOutcome } from '../realtime/helpers.js';
import { testDatabase } from '../support/context.js';
import { HttpSession } from '../support/http-session.js';
import { solidImage } from '../support/images.js';
import { RawWebSocket } from '../support/raw-websocket.js';
import { TestSocket } from '../support/ws-client.js';
import { expectWhole, report, type ChatRun } from './chat-run.js';
import { endlessPost, rawStatusLine } from './raw-http.js';
import { chatRoom, startTopology, timedStatus, type Topology } from './topology.js';

// Bystanders chat in a room of their own all along; after every attack a probe message must
// still reach each of them, and at the end nothing they stored may be lost or doubled.
const db = testDatabase();
let topology: Topology;
let bystanders: ChatRun;
let attacker: HttpSession;
let attackerRoom: { slug: string; id: number };
const probes: Record<string, number> = {};

beforeAll(async () => {
  // The upgrade limit per user at its default, so the 1,000 connects meet it.
  topology = await startTopology(6394, { WS_UPGRADE_RATE_LIMIT: '30' });
  bystanders = await chatRoom(topology, db, 4);
  bystanders.startLoad(250);
  const { owner, room } = await roomWithMembers(topology.urls()[0]!, 0);
  attacker = owner;
  attackerRoom = room;
});
afterAll(async () => {
  bystanders?.stop();
  await topology?.stop();
  await db.$disconnect();
});

/** After an attack: both processes alive and healthy, and the bystanders' chat goes through. */
async function othersUnaffected(attack: string): Promise<void> {
  for (const url of topology.urls()) expect((await timedStatus(`${url}/healthz`)).status).toBe(200);
  expect(topology.urls()).toHaveLength(2);
  probes[attack] = await bystanders.measureRecovery(Date.now(), 10_000);
}

const base = () => topology.urls()[0]!;
const wsPath = () => `/ws/rooms/${encodeURIComponent(attackerRoom.slug)}/`;

describe('abuse: each attack gets its clear refusal and leaves everyone else unaffected', () => {
  it('an upgrade with thousands of headers: 431, no crash', async () => {
    const headers = Array.from({ length: 5000 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(20)}`).join('\r\n');
    const request = `GET ${wsPath()} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16).toString('base64')}\r\n${headers}\r\n\r\n`;
    expect(await rawStatusLine(base(), request)).toMatch(/^HTTP\/1\.1 431/);
    await othersUnaffected('thousands of headers');
  });

  it('a flood of tiny fragments: closed with 1009 once the message passes 16 KiB, nothing stored', async () => {
    const socket = await RawWebSocket.connect(base(), wsPath(), { Cookie: attacker.cookie });
    const fragments = [RawWebSocket.maskedFrame(0x01, Buffer.from('{'))];
    for (let i = 0; i < 20_000; i += 1) fragments.push(RawWebSocket.maskedFrame(0x00, Buffer.from(' ')));
    socket.sendBytes(Buffer.concat(fragments));
    await socket.ended;
    expect(socket.closeCode()).toBe(1009);
    expect(await db.message.count({ where: { roomId: attackerRoom.id, systemKind: null } })).toBe(0);
    await othersUnaffected('fragment flood');
  });

  it('reserved bits, undefined opcodes and invalid UTF-8: 1002, 1002, 1007', async () => {
    const outcomes: (number | null)[] = [];
    for (const [firstByte, payload] of [[0xc1, Buffer.from('{}')], [0x83, Buffer.from('{}')], [0x81, Buffer.from([0xc3, 0x28])]] as const) {
      const socket = await RawWebSocket.connect(base(), wsPath(), { Cookie: attacker.cookie });
      socket.sendFrame(firstByte, payload);
      await socket.ended;
      outcomes.push(socket.closeCode());
    }
    expect(outcomes).toEqual([1002, 1002, 1007]);
    await othersUnaffected('bad frames');
  });

  it('1,000 connects by one user: 30 upgrades a minute, the rest 429 before any handshake', async () => {
    const outcomes: ('open' | number)[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      outcomes.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => upgradeOutcome(roomSocketUrl(topology.urls()[i % 2]!, attackerRoom.slug), { Cookie: attacker.cookie })))));
    }
    const opened = outcomes.filter((outcome) => outcome === 'open').length;
    const refused = outcomes.filter((outcome) => outcome === 429).length;
    console.log(`[faults] 1,000 connects by one user: ${opened} opened, ${refused} refused with 429, ${1000 - opened - refused} other`);
    expect(opened).toBeLessThanOrEqual(30);
    expect(opened + refused).toBe(1000);
    await othersUnaffected('1,000 connects');
  });

  it('malformed multipart: no boundary, an endless part, thousands of fields — each a 4xx with its code, the endless one cut off early', async () => {
    const url = `${base()}/rooms/${encodeURIComponent(attackerRoom.slug)}/images/upload/`;
    const headers = (contentType: string) => ({ Cookie: attacker.cookie, 'X-CSRF-Token': attacker.csrf, Accept: 'application/json', 'Content-Type': contentType });
    const noBoundary = await fetch(url, { method: 'POST', headers: headers('multipart/form-data'), body: 'garbage' });
    expect(noBoundary.status).toBe(400);
    expect(await noBoundary.json()).toMatchObject({ ok: false, code: 'BAD_UPLOAD' });

    const boundary = `b${randomUUID()}`;
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
    const endless = await endlessPost(url, headers(`multipart/form-data; boundary=${boundary}`), part, 200 * 1024 * 1024);
    console.log(`[faults] endless multipart part: answered ${endless.status} after ${Math.round(endless.sentBytes / 1024 / 1024)} MiB sent`);
    expect(endless.status).toBe(413);
    expect(JSON.parse(endless.body)).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(endless.sentBytes).toBeLessThan(50 * 1024 * 1024);

    const fields = Array.from({ length: 5000 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('');
    const manyFields = await fetch(url, { method: 'POST', headers: headers(`multipart/form-data; boundary=${boundary}`), body: `${fields}--${boundary}--\r\n` });
    expect(manyFields.status).toBe(400);
    expect(await manyFields.json()).toMatchObject({ ok: false, code: 'BAD_UPLOAD' });
    await othersUnaffected('malformed multipart');
  });

  it('a forged X-Forwarded-For does not buy fresh login attempts (no trusted proxy): the 21st attempt is 429', async () => {
    const visitor = new HttpSession(base());
    await visitor.refreshCsrf('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const res = await fetch(`${base()}/login`, {
        method: 'POST',
        headers: { Cookie: visitor.cookie, 'X-CSRF-Token': visitor.csrf, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': `203.0.113.${i + 1}` },
        body: new URLSearchParams({ email: `nobody${i}@example.com`, password: 'wrong-password' }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    await othersUnaffected('forged X-Forwarded-For');
  });

  it('a foreign Origin: the upgrade is refused with 403, a cross-site form post with 403 CSRF_FAILED and no room made', async () => {
    expect(await upgradeOutcome(roomSocketUrl(base(), attackerRoom.slug), { Cookie: attacker.cookie, Origin: 'https://evil.example' })).toBe(403);
    const name = `교차 ${randomUUID()}`;
    const post = await fetch(`${base()}/rooms`, {
      method: 'POST',
      headers: { Cookie: attacker.cookie, Origin: 'https://evil.example', Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name, capacity: '5' }),
    });
    expect(post.status).toBe(403);
    expect(await post.json()).toMatchObject({ ok: false, code: 'CSRF_FAILED' });
    expect(await db.room.count({ where: { name } })).toBe(0);
    await othersUnaffected('foreign Origin');
  });

  it('`<%` in names, topics and chat is shown as text, and `__proto__` keys in JSON and frames change nothing', async () => {
    // A user of its own: the attacker used up its upgrades above.
    const author = await HttpSession.signUp(base());
    const name = `<%= 7*7 %> ${randomUUID().slice(0, 8)}`;
    const res = await fetch(`${base()}/rooms`, {
      method: 'POST',
      headers: { Cookie: author.cookie, 'X-CSRF-Token': author.csrf, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: `{"name": ${JSON.stringify(name)}, "topic": "<%- include('/etc/passwd') %>", "capacity": 5, "__proto__": {"is_private": true, "capacity": 999}, "constructor": {"prototype": {"polluted": "yes"}}}`,
    });
    const created = (await res.json()) as { ok: boolean; slug: string };
    expect(created.ok).toBe(true);
    const room = await db.room.findUniqueOrThrow({ where: { slug: created.slug } });
    expect(room).toMatchObject({ name, isPrivate: false, capacity: 5 });
    const page = await (await author.get(`/rooms/${encodeURIComponent(created.slug)}/`)).text();
    expect(page).toContain('&lt;%= 7*7 %&gt;');
    expect(page).toContain('&lt;%- include(&#39;/etc/passwd&#39;) %&gt;');
    expect(page).not.toContain('root:');

    // Sent the moment the socket opens, while it is still being set up.
    const socket = await TestSocket.open(base(), created.slug, { cookie: author.cookie });
    socket.send(`{"action": "chat", "message": "<% process.exit(1) %>", "client_id": "proto-1", "__proto__": {"client_id": "evil", "action": "delete"}}`);
    const ack = await socket.nextOf('ack', () => true, 5000);
    expect(ack.client_id).toBe('proto-1');
    expect((await socket.nextOf('chat', (event) => event.id === ack.id)).message).toBe('<% process.exit(1) %>');
    socket.close();
    await othersUnaffected('<% and __proto__');
  });

  it('a logout racing a slow request: the slow request ends after the logout and the session stays dead', async () => {
    const user = await HttpSession.signUp(base());
    const { slug } = await user.createRoom();
    // An upload whose body arrives in two halves, a logout in between.
    const boundary = `b${randomUUID()}`;
    const image = await solidImage('png', 64, 64);
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = Buffer.concat([head, image, tail]);
    const slow = http.request(`${base()}/rooms/${encodeURIComponent(slug)}/images/upload/`, {
      method: 'POST',
      headers: { Cookie: user.cookie, 'X-CSRF-Token': user.csrf, Accept: 'application/json', 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) },
    });
    const answered = new Promise<{ status: number; setCookie: string[] }>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }));
      });
      slow.on('error', reject);
    });
    slow.write(body.subarray(0, head.length + 10));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logout = await user.post('/logout', {});
    expect(logout.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    slow.end(body.subarray(head.length + 10));
    const late = await answered;
    console.log(`[faults] logout racing a slow upload: the upload answered ${late.status} after the logout`);
    expect(late.status).toBeLessThan(500);
    // Whatever the slow request answered, it did not bring the session back: the old cookie
    // is signed out, on both processes.
    for (const url of topology.urls()) {
      const page = await fetch(`${url}/`, { headers: { Cookie: user.cookie }, redirect: 'manual' });
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toMatch(/^\/login/);
    }
    await othersUnaffected('logout racing a slow request');
  });

  it('leaves the bystanders\' chat whole: nothing lost or doubled while the attacks ran', async () => {
    await bystanders.settle();
    const figures = await bystanders.figures();
    bystanders.recoveryMs = Math.max(...Object.values(probes));
    report('bystanders during the abuse cases', { ...figures, recoveryMs: bystanders.recoveryMs }, { 'probe round trips': Object.entries(probes).map(([attack, ms]) => `${attack} ${ms} ms`).join('; ') });
    expectWhole(figures);
  });
});
