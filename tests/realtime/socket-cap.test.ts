import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySocketCap, createRedisSocketCap, type SocketCap } from '../../src/realtime/socket-cap.js';
import { testRedis } from '../support/app.js';

let redis: Redis;
/** A second connection, like a second process's. */
let other: Redis;
beforeAll(async () => {
  [redis, other] = await Promise.all([testRedis(), testRedis()]);
});
afterAll(() => {
  redis.disconnect();
  other.disconnect();
});

// User ids far above the test database's, so these keys meet no server's.
let nextUser = 900_000_000 + (Date.now() % 1_000_000) * 10;
const TTL = 1000;
const MAX = 3;

// The same behaviour from both: Redis (one cap for every process) and memory (single process).
describe.each([
  ['Redis', (now: () => number) => createRedisSocketCap(redis, TTL, MAX, now)],
  ['memory', (now: () => number) => createMemorySocketCap(TTL, MAX, now)],
])('%s socket cap', (_name, make: (now: () => number) => SocketCap) => {
  it("refuses a user's socket beyond the maximum, and accepts one again after a removal", async () => {
    const userId = (nextUser += 10);
    const cap = make(Date.now);
    expect(await cap.tryAdd(userId, 'a')).toBe(true);
    expect(await cap.tryAdd(userId, 'b')).toBe(true);
    expect(await cap.tryAdd(userId, 'c')).toBe(true);
    expect(await cap.tryAdd(userId, 'd')).toBe(false);
    expect(await cap.tryAdd(userId + 1, 'other-user')).toBe(true);
    await cap.remove(userId, 'b');
    expect(await cap.tryAdd(userId, 'd')).toBe(true);
    expect(await cap.tryAdd(userId, 'e')).toBe(false);
  });

  it('stops counting sockets that were not refreshed (a crashed process), and keeps the refreshed ones', async () => {
    const userId = (nextUser += 10);
    let clock = Date.now();
    const cap = make(() => clock);
    for (const connId of ['dead-1', 'dead-2', 'alive']) expect(await cap.tryAdd(userId, connId)).toBe(true);
    expect(await cap.tryAdd(userId, 'refused')).toBe(false);
    clock += TTL / 2;
    await cap.refresh([{ userId, connId: 'alive' }]);
    clock += TTL / 2 + 1;
    // The two dead entries expired; 'alive' still counts.
    expect(await cap.tryAdd(userId, 'x')).toBe(true);
    expect(await cap.tryAdd(userId, 'y')).toBe(true);
    expect(await cap.tryAdd(userId, 'z')).toBe(false);
  });

  it('says which users have a live socket: not those removed, nor those whose entries expired', async () => {
    const [open, closed, expired, never] = [(nextUser += 10), (nextUser += 10), (nextUser += 10), (nextUser += 10)];
    let clock = Date.now();
    const cap = make(() => clock);
    await cap.tryAdd(open, 'a');
    await cap.tryAdd(closed, 'b');
    await cap.remove(closed, 'b');
    await cap.tryAdd(expired, 'c');
    clock += TTL / 2;
    await cap.refresh([{ userId: open, connId: 'a' }]);
    clock += TTL / 2 + 1;
    expect(await cap.openAmong([open, closed, expired, never])).toEqual(new Set([open]));
    expect(await cap.openAmong([])).toEqual(new Set());
  });
});

describe('Redis socket cap', () => {
  it('admits exactly the maximum when many sockets of one user arrive at once', async () => {
    const userId = (nextUser += 10);
    const caps = [createRedisSocketCap(redis, TTL, MAX), createRedisSocketCap(other, TTL, MAX)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => caps[i % 2]!.tryAdd(userId, `conn-${i}`)));
    expect(results.filter(Boolean)).toHaveLength(MAX);
    expect(await redis.zcard(`sockets:user:${userId}`)).toBe(MAX);
  });
});
