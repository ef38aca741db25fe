import type { RedisClient } from '../redis/connections.js';
import { luaScript } from '../redis/scripts.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

/** One counter to hit: `limit` hits per `windowSeconds`. */
export interface Hit {
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters. The Redis implementation is shared by every process; the
 * in-memory one serves single-process mode. Keys are namespaced by the caller
 * (`{login}:ip:1.2.3.4`, `chat:user:7`). Keys counted together by hitAll share a hash tag
 * (`{login}`), so that a Redis Cluster holds them in one slot; a counter used alone has
 * none and lands wherever its name hashes.
 */
export interface RateLimiter {
  /** Counts one hit and says whether it is within `limit` per `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /**
   * Counts one hit on each counter at once, atomically (one Redis round trip), and gives
   * each counter's result in order. Concurrent callers can never all see the old counts.
   * With `untilRefused`, counting stops at the first counter over its limit: the results
   * end there, and the counters after it are neither hit nor created. Throws when the
   * keys do not share a hash tag.
   */
  hitAll(hits: readonly Hit[], options?: { untilRefused?: boolean }): Promise<RateLimitResult[]>;
  /** Says whether the next hit would be refused, without counting one. */
  isBlocked(key: string, limit: number): Promise<RateLimitResult>;
  /** Takes one hit back while the window lasts (an attempt that turned out legitimate). */
  forgive(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

const PREFIX = 'ratelimit:';

// INCR each key; a key without an expiry (its first hit) gets its window. ARGV: the
// until-refused flag, then window (ms) and limit per key. Returns count and remaining
// milliseconds per key hit, flattened.
const HIT_ALL = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    ttl = tonumber(ARGV[i * 2])
    redis.call('PEXPIRE', key, ttl)
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
  if ARGV[1] == '1' and count > tonumber(ARGV[i * 2 + 1]) then break end
end
return out`;

// DECR only a live window above zero: never leaves a key without an expiry behind.
const FORGIVE = `if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end return 0`;

const hitAllScript = luaScript(HIT_ALL);
const forgiveScript = luaScript(FORGIVE);

/**
 * A Redis Cluster runs a script only on keys of one slot. Every implementation checks, so
 * a call that would fail there fails in single-Redis and in-memory mode (and their tests)
 * too. The tag is what Redis hashes: between the first `{` and the next `}`, if not empty.
 */
function checkOneHashTag(hits: readonly Hit[]): void {
  if (hits.length < 2) return;
  const tags = new Set(hits.map((hit) => /^[^{]*\{([^}]*)\}/.exec(hit.key)?.[1] || undefined));
  if (tags.size === 1 && !tags.has(undefined)) return;
  throw new Error(`rate-limit keys counted together must share one {hash tag}: ${hits.map((hit) => hit.key).join(', ')}`);
}

const toResult = (count: number, limit: number, ttlMs: number): RateLimitResult => ({
  allowed: count <= limit,
  count,
  retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
});

export function createRedisRateLimiter(redis: RedisClient): RateLimiter {
  const hitAll: RateLimiter['hitAll'] = async (hits, { untilRefused = false } = {}) => {
    if (hits.length === 0) return [];
    checkOneHashTag(hits);
    const keys = hits.map((hit) => PREFIX + hit.key);
    const limits = hits.flatMap((hit) => [hit.windowSeconds * 1000, hit.limit]);
    const flat = (await hitAllScript(redis, keys, [untilRefused ? '1' : '0', ...limits])) as number[];
    return hits.slice(0, flat.length / 2).map((hit, index) => toResult(flat[index * 2] ?? 0, hit.limit, flat[index * 2 + 1] ?? 0));
  };
  return {
    hitAll,
    async hit(key, limit, windowSeconds) {
      const [result] = await hitAll([{ key, limit, windowSeconds }]);
      if (!result) throw new Error('the rate-limit script returned nothing');
      return result;
    },
    async isBlocked(key, limit) {
      const fullKey = PREFIX + key;
      const [count, ttlMs] = await Promise.all([redis.get(fullKey), redis.pttl(fullKey)]);
      const hits = Number(count ?? 0);
      return { allowed: hits < limit, count: hits, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    },
    async forgive(key) {
      await forgiveScript(redis, [PREFIX + key], []);
    },
    async reset(key) {
      await redis.del(PREFIX + key);
    },
  };
}

export interface MemoryRateLimiter extends RateLimiter {
  /** Drops every window that has ended (run every minute by an unref'd timer). */
  sweep(): void;
  /** Windows held right now, ended ones not yet swept included. */
  readonly size: number;
  /** Stops the sweeping timer. */
  close(): void;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * The single-process twin of the Redis limiter, with the same semantics (hitAll is
 * atomic because it never awaits). Ended windows are swept periodically, so keys that
 * are hit once (a login from a passing address) do not pile up in memory.
 */
export function createMemoryRateLimiter(now: () => number = Date.now, { sweepEveryMs = SWEEP_EVERY_MS } = {}): MemoryRateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string) => {
    const window = windows.get(key);
    if (window && window.resetAt > now()) return window;
    windows.delete(key);
    return undefined;
  };
  const retryAfter = (resetAt: number) => Math.max(1, Math.ceil((resetAt - now()) / 1000));
  const hitOne = ({ key, limit, windowSeconds }: Hit): RateLimitResult => {
    const window = current(key) ?? { count: 0, resetAt: now() + windowSeconds * 1000 };
    window.count += 1;
    windows.set(key, window);
    return { allowed: window.count <= limit, count: window.count, retryAfterSeconds: retryAfter(window.resetAt) };
  };
  const sweep = () => {
    const time = now();
    for (const [key, window] of windows) if (window.resetAt <= time) windows.delete(key);
  };
  const timer = setInterval(sweep, sweepEveryMs);
  timer.unref();

  return {
    async hit(key, limit, windowSeconds) {
      return hitOne({ key, limit, windowSeconds });
    },
    async hitAll(hits, { untilRefused = false } = {}) {
      checkOneHashTag(hits);
      const results: RateLimitResult[] = [];
      for (const hit of hits) {
        const result = hitOne(hit);
        results.push(result);
        if (untilRefused && !result.allowed) break;
      }
      return results;
    },
    async isBlocked(key, limit) {
      const window = current(key);
      if (!window) return { allowed: true, count: 0, retryAfterSeconds: 0 };
      return { allowed: window.count < limit, count: window.count, retryAfterSeconds: retryAfter(window.resetAt) };
    },
    async forgive(key) {
      const window = current(key);
      if (window && window.count > 0) window.count -= 1;
    },
    async reset(key) {
      windows.delete(key);
    },
    sweep,
    get size() {
      return windows.size;
    },
    close: () => clearInterval(timer),
  };
}
