import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedis } from '../support/app.js';
import { TestSocket } from '../support/ws-client.js';
import { closeCodeWithin, joinedSocket, roomWithMembers, until, useTwoServers } from './helpers.js';

const servers = useTwoServers();
let redis: Redis;
beforeAll(async () => {
  redis = await testRedis();
});
afterAll(() => redis.disconnect());

describe('the socket cap per user holds across processes', () => {
  it("refuses a user's 9th socket on another process with 4429, and accepts one once a socket closed", async () => {
    const { owner, room } = await roomWithMembers(servers.a.url, 0);
    const onA: TestSocket[] = [];
    for (let i = 0; i < 8; i += 1) onA.push(await joinedSocket(servers.a.url, room.slug, owner));

    const ninth = await TestSocket.open(servers.b.url, room.slug, { cookie: owner.cookie });
    expect(await closeCodeWithin(ninth, 3000)).toBe(4429);

    onA[0]!.close();
    await onA[0]!.closed;
    // The closing process removes the socket from the user's set in Redis.
    await until(async () => (await redis.zcard(`sockets:user:${owner.userId}`)) === 7, 'the closed socket to stop counting');
    const again = await joinedSocket(servers.b.url, room.slug, owner);
    expect(again.closeCode).toBeNull();
    for (const socket of [...onA.slice(1), again]) expect(socket.closeCode).toBeNull();
    for (const socket of [...onA, again]) socket.close();
  });
});
