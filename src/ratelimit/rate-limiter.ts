import type { Redis } from 'ioredis';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters. The Redis implementation is shared by every process; the
 * in-memory one serves single-process mode. Keys are namespaced by the caller
 * (`login:ip:1.2.3.4`, `chat:user:7`).
 */
export interface RateLimiter {
  /** Counts one hit and says whether it is within `limit` per `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /** Says whether the next hit would be refused, without counting one. */
  isBlocked(key: string, limit: number): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

const PREFIX = 'ratelimit:';

export function createRedisRateLimiter(redis: Redis): RateLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const fullKey = PREFIX + key;
      // INCR and setting the expiry on the first hit happen atomically in one script.
      const [count, ttlMs] = (await redis.eval(
        "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {c, redis.call('PTTL', KEYS[1])}",
        1,
        fullKey,
        windowSeconds * 1000,
      )) as [number, number];
      return { allowed: count <= limit, count, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    },
    async isBlocked(key, limit) {
      const fullKey = PREFIX + key;
      const [count, ttlMs] = await Promise.all([redis.get(fullKey), redis.pttl(fullKey)]);
      const hits = Number(count ?? 0);
      return { allowed: hits < limit, count: hits, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    },
    async reset(key) {
      await redis.del(PREFIX + key);
    },
  };
}

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string) => {
    const window = windows.get(key);
    if (window && window.resetAt > now()) return window;
    windows.delete(key);
    return undefined;
  };
  const retryAfter = (resetAt: number) => Math.max(1, Math.ceil((resetAt - now()) / 1000));
  return {
    async hit(key, limit, windowSeconds) {
      const window = current(key) ?? { count: 0, resetAt: now() + windowSeconds * 1000 };
      window.count += 1;
      windows.set(key, window);
      return { allowed: window.count <= limit, count: window.count, retryAfterSeconds: retryAfter(window.resetAt) };
    },
    async isBlocked(key, limit) {
      const window = current(key);
      if (!window) return { allowed: true, count: 0, retryAfterSeconds: 0 };
      return { allowed: window.count < limit, count: window.count, retryAfterSeconds: retryAfter(window.resetAt) };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
