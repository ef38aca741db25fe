import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiter } from '../../src/ratelimit/rate-limiter.js';
import { testRedis } from '../support/app.js';
import { unique } from '../support/factories.js';

let redis: Redis;
beforeAll(async () => {
  redis = await testRedis();
});
afterAll(() => redis.disconnect());

describe('Redis rate limiter', () => {
  it('counts hits from every client in one window that expires', async () => {
    const key = `test:${unique()}`;
    const first = createRedisRateLimiter(redis);
    const second = createRedisRateLimiter(redis);
    expect((await first.hit(key, 2, 30)).allowed).toBe(true);
    expect((await second.hit(key, 2, 30)).allowed).toBe(true);
    const refused = await first.hit(key, 2, 30);
    expect(refused).toMatchObject({ allowed: false, count: 3 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(await redis.pttl(`ratelimit:${key}`)).toBeGreaterThan(0);
    expect((await second.isBlocked(key, 2)).allowed).toBe(false);
    await first.reset(key);
    expect((await second.isBlocked(key, 2)).allowed).toBe(true);
  });

  it('counts concurrent hits exactly', async () => {
    const key = `test:${unique()}`;
    const limiter = createRedisRateLimiter(redis);
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(key, 5, 30)));
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
  });
});
