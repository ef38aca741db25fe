import { describe, expect, it, vi } from 'vitest';
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

describe('memory rate limiter: several counters and expiry', () => {
  it('hits several counters at once, each with its own limit and window', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter(() => now);
    const hits = [
      { key: '{t}:a', limit: 1, windowSeconds: 10 },
      { key: '{t}:b', limit: 2, windowSeconds: 60 },
    ];
    expect((await limiter.hitAll(hits)).map((result) => result.allowed)).toEqual([true, true]);
    const second = await limiter.hitAll(hits);
    expect(second.map((result) => [result.allowed, result.count, result.retryAfterSeconds])).toEqual([
      [false, 2, 10],
      [true, 2, 60],
    ]);
    now += 10_000;
    expect((await limiter.hitAll(hits)).map((result) => result.count)).toEqual([1, 3]);
  });

  it('stops at the first refused counter when asked, leaving the rest untouched', async () => {
    const limiter = createMemoryRateLimiter();
    const hits = [
      { key: '{t}:first', limit: 1, windowSeconds: 60 },
      { key: '{t}:second', limit: 5, windowSeconds: 60 },
    ];
    expect(await limiter.hitAll(hits, { untilRefused: true })).toHaveLength(2);
    const refused = await limiter.hitAll(hits, { untilRefused: true });
    expect(refused.map((result) => [result.allowed, result.count])).toEqual([[false, 2]]);
    expect((await limiter.isBlocked('{t}:second', 5)).count).toBe(1);
  });

  it('refuses keys counted together without one shared {hash tag} (a Redis Cluster could not run them in one script)', async () => {
    const limiter = createMemoryRateLimiter();
    const hit = (key: string) => ({ key, limit: 5, windowSeconds: 60 });
    await expect(limiter.hitAll([hit('login:ip:1'), hit('login:account:x')])).rejects.toThrow(/share one \{hash tag\}/);
    await expect(limiter.hitAll([hit('{login}:ip:1'), hit('{signup}:global')])).rejects.toThrow(/share one \{hash tag\}/);
    await expect(limiter.hitAll([hit('{login}:ip:1'), hit('login:account:x')])).rejects.toThrow(/share one \{hash tag\}/);
    // Redis hashes the whole key when the first braces are empty.
    await expect(limiter.hitAll([hit('{}{login}:ip:1'), hit('{login}:account:x')])).rejects.toThrow(/share one \{hash tag\}/);
    await expect(limiter.hitAll([hit('{login}:ip:1'), hit('{login}:account:x')])).resolves.toHaveLength(2);
    await expect(limiter.hitAll([hit('chat:user:1')])).resolves.toHaveLength(1);
  });

  it('forgives one hit of a live window, never going below zero', async () => {
    const limiter = createMemoryRateLimiter();
    await limiter.hit('k', 2, 60);
    await limiter.hit('k', 2, 60);
    await limiter.forgive('k');
    expect((await limiter.hit('k', 2, 60)).count).toBe(2);
    await limiter.forgive('unknown');
    expect(limiter.size).toBe(1);
  });

  it('sweeps ended windows, on its own timer too', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const limiter = createMemoryRateLimiter(() => now, { sweepEveryMs: 1000 });
      for (let i = 0; i < 100; i += 1) await limiter.hit(`login:ip:10.0.0.${i}`, 5, 60);
      await limiter.hit('long', 5, 3600);
      expect(limiter.size).toBe(101);
      now += 60_000;
      vi.advanceTimersByTime(1000);
      expect(limiter.size).toBe(1);
      now += 3_540_000;
      limiter.sweep();
      expect(limiter.size).toBe(0);
      limiter.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
