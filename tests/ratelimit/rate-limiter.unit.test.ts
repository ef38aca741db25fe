import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../src/ratelimit/rate-limiter.js';

describe('memory rate limiter', () => {
  it('allows up to the limit in a window, then refuses until the window ends', async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await limiter.hit('k', 3, 60));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBe(60);
    expect((await limiter.isBlocked('k', 3)).allowed).toBe(false);
    now += 60_001;
    expect((await limiter.isBlocked('k', 3)).allowed).toBe(true);
    expect((await limiter.hit('k', 3, 60)).count).toBe(1);
  });

  it('keeps keys apart and forgets a reset key', async () => {
    const limiter = createMemoryRateLimiter();
    await limiter.hit('a', 1, 60);
    expect((await limiter.hit('a', 1, 60)).allowed).toBe(false);
    expect((await limiter.hit('b', 1, 60)).allowed).toBe(true);
    await limiter.reset('a');
    expect((await limiter.hit('a', 1, 60)).allowed).toBe(true);
  });
});
