import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryPresence, createRedisPresence, type PresenceStore } from '../../src/realtime/presence.js';
import { testRedis } from '../support/app.js';

let redis: Redis;
beforeAll(async () => {
  redis = await testRedis();
});
afterAll(() => redis.disconnect());

let nextRoom = Date.now();
const TTL = 1000;

// The same behaviour from both stores: Redis (every process) and memory (single process).
describe.each([
  ['Redis', (now: () => number) => createRedisPresence(redis, TTL, now)],
  ['memory', (now: () => number) => createMemoryPresence(TTL, now)],
])('%s presence', (_name, make: (now: () => number) => PresenceStore) => {
  it('reports a user online once, across several sockets', async () => {
    const roomId = (nextRoom += 1);
    const presence = make(Date.now);
    expect(await presence.enter(roomId, 7, 'a')).toBe(true);
    expect(await presence.enter(roomId, 7, 'b')).toBe(false);
    expect(await presence.enter(roomId, 8, 'c')).toBe(true);
    expect(await presence.online(roomId)).toEqual([7, 8]);
    expect(await presence.exit(roomId, 7, 'a')).toBe(false);
    expect(await presence.exit(roomId, 7, 'b')).toBe(true);
    expect(await presence.online(roomId)).toEqual([8]);
  });

  it('drops sockets that were not refreshed, reporting each departed user once', async () => {
    const roomId = (nextRoom += 1);
    let clock = Date.now();
    const presence = make(() => clock);
    await presence.enter(roomId, 1, 'dead-process');
    await presence.enter(roomId, 2, 'alive');
    await presence.enter(roomId, 3, 'dead-1');
    await presence.enter(roomId, 3, 'alive-2');
    clock += TTL / 2;
    await presence.refresh(roomId, [{ userId: 2, connId: 'alive' }, { userId: 3, connId: 'alive-2' }]);
    clock += TTL / 2 + 100;
    expect(await presence.online(roomId)).toEqual([2, 3]);
    expect(await presence.sweep(roomId)).toEqual([1]);
    expect(await presence.sweep(roomId)).toEqual([]);
  });
});
