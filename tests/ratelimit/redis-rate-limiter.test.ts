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

describe('Redis rate limiter: several counters at once', () => {
  it('counts concurrent multi-counter hits exactly, in one window per key', async () => {
    const [a, b] = [`{test}:${unique()}`, `{test}:${unique()}`];
    const limiter = createRedisRateLimiter(redis);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => limiter.hitAll([{ key: a, limit: 5, windowSeconds: 30 }, { key: b, limit: 20, windowSeconds: 60 }])),
    );
    expect(results.filter(([first]) => first?.allowed)).toHaveLength(5);
    expect(results.filter(([, second]) => second?.allowed)).toHaveLength(20);
    expect(Math.max(...results.map(([first]) => first?.count ?? 0))).toBe(30);
    expect(await redis.pttl(`ratelimit:${a}`)).toBeLessThanOrEqual(30_000);
    expect(await redis.pttl(`ratelimit:${b}`)).toBeGreaterThan(30_000);
  });

  it('stops at the first refused counter when asked, creating none of the rest', async () => {
    const [first, second] = [`{test}:${unique()}`, `{test}:${unique()}`];
    const limiter = createRedisRateLimiter(redis);
    const hits = [
      { key: first, limit: 1, windowSeconds: 30 },
      { key: second, limit: 5, windowSeconds: 30 },
    ];
    await limiter.hit(first, 1, 30);
    const refused = await limiter.hitAll(hits, { untilRefused: true });
    expect(refused.map((result) => [result.allowed, result.count])).toEqual([[false, 2]]);
    expect(await redis.exists(`ratelimit:${second}`)).toBe(0);
    await limiter.reset(first);
    expect((await limiter.hitAll(hits, { untilRefused: true })).map((result) => result.count)).toEqual([1, 1]);
  });

  it('forgives one hit of a live window and never creates a key without expiry', async () => {
    const key = `test:${unique()}`;
    const limiter = createRedisRateLimiter(redis);
    await limiter.hit(key, 5, 30);
    await limiter.hit(key, 5, 30);
    await limiter.forgive(key);
    expect(await redis.get(`ratelimit:${key}`)).toBe('1');
    const gone = `test:${unique()}`;
    await limiter.forgive(gone);
    expect(await redis.exists(`ratelimit:${gone}`)).toBe(0);
  });

  it('gives a counter left without expiry a window again', async () => {
    const key = `test:${unique()}`;
    await redis.set(`ratelimit:${key}`, '3');
    const result = await createRedisRateLimiter(redis).hit(key, 5, 30);
    expect(result.count).toBe(4);
    expect(await redis.pttl(`ratelimit:${key}`)).toBeGreaterThan(0);
  });
});
