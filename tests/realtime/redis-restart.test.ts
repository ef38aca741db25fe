import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testEnv } from '../support/context.js';
import { PrivateRedis } from '../support/private-redis.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import type { TestSocket } from '../support/ws-client.js';
import { closeCodeWithin, joinedSocket, roomSocketUrl, roomWithMembers, until, upgradeOutcome } from './helpers.js';

const db = testDatabase();
let redis: PrivateRedis;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  redis = await PrivateRedis.create();
  await redis.start();
  // Sessions are re-checked every 0.5 s: had they been lost, the sockets would close with 4001.
  const env = testEnv({ REDIS_URL: redis.url, CHAT_RATE_LIMIT: '1000', WS_SESSION_CHECK_SECONDS: '0.5' });
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.remove();
  await db.$disconnect();
});

const readyStatus = async (server: ServerProcess) => (await fetch(`${server.url}/readyz`)).status;

/** Sends a chat and resolves with its stored id from the ack. */
async function sendAcked(socket: TestSocket, message: string, clientId: string): Promise<number> {
  socket.send({ action: 'chat', message, client_id: clientId });
  return (await socket.nextOf('ack', (event) => event.client_id === clientId, 10_000)).id as number;
}

/** Waits until a message with this id reached every one of the sockets. */
async function reachedAll(id: number, sockets: TestSocket[]): Promise<void> {
  for (const socket of sockets) await socket.nextOf('chat', (event) => event.id === id);
}

describe('a Redis restart during a chat', () => {
  it('loses no stored message, refuses chat while Redis is down, and has clients catch up and carry on afterwards', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(a.url, 1);
    const ownerOnA = await joinedSocket(a.url, room.slug, owner);
    const guestOnB = await joinedSocket(b.url, room.slug, guest!);
    const sockets = [ownerOnA, guestOnB];

    const acked: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      acked.push(await sendAcked(ownerOnA, `재시작 전 A${i}`, `before-a-${i}`));
      acked.push(await sendAcked(guestOnB, `재시작 전 B${i}`, `before-b-${i}`));
    }
    for (const id of acked) await reachedAll(id, sockets);

    await redis.kill();
    await until(async () => (await readyStatus(a)) === 503 && (await readyStatus(b)) === 503, 'both processes to report Redis down');
    // While Redis is down a chat is refused with an error (nothing stored, no ack); the socket stays.
    ownerOnA.send({ action: 'chat', message: '장애 중', client_id: 'during-outage' });
    expect(await ownerOnA.nextOf('error', () => true, 10_000)).toMatchObject({ event: 'error', code: 'INTERNAL' });
    // A new socket cannot read its session now: "try again later", not "log in again".
    expect(await upgradeOutcome(roomSocketUrl(b.url, room.slug), { Cookie: guest!.cookie })).toBe(503);

    await redis.start();
    await until(async () => (await readyStatus(a)) === 200 && (await readyStatus(b)) === 200, 'both processes to be ready again', 15_000);
    // Pub/sub keeps nothing for a subscriber that was away, so once its subscriber is back
    // each process closes its sockets with 1012; clients reconnect with ?after and replay
    // from the database whatever was published in between.
    expect(await closeCodeWithin(ownerOnA, 15_000)).toBe(1012);
    expect(await closeCodeWithin(guestOnB, 15_000)).toBe(1012);
    const lastSeen = Math.max(...acked);
    const ownerAgain = await joinedSocket(a.url, room.slug, owner, lastSeen);
    const guestAgain = await joinedSocket(b.url, room.slug, guest!, lastSeen);
    const reconnected = [ownerAgain, guestAgain];

    const after: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      after.push(await sendAcked(ownerAgain, `재시작 후 A${i}`, `after-a-${i}`));
      after.push(await sendAcked(guestAgain, `재시작 후 B${i}`, `after-b-${i}`));
    }
    for (const id of after) await reachedAll(id, reconnected);
    // Nothing from before the restart is sent again after ?after.
    for (const socket of reconnected) expect(socket.events.filter((event) => event.event === 'chat' && acked.includes(event.id as number))).toEqual([]);

    const stored = await db.message.findMany({ where: { roomId: room.id, systemKind: null }, orderBy: { id: 'asc' }, select: { id: true, clientId: true } });
    expect(stored.map((row) => row.id)).toEqual([...acked, ...after].sort((x, y) => x - y));
    expect(stored.some((row) => row.clientId === 'during-outage')).toBe(false);
    // The sessions survived in Redis: the same cookies opened the new sockets on either process.
    expect([ownerAgain.closeCode, guestAgain.closeCode]).toEqual([null, null]);
    for (const socket of reconnected) socket.close();
  });
});
