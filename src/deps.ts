import type { Redis } from 'ioredis';
import { createSessionParser, createSessionStore } from './accounts/session.js';
import type { AppDeps } from './app.js';
import type { Config } from './config/config.js';
import type { Database } from './db/prisma.js';
import type { Logger } from './logging/logger.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './ratelimit/rate-limiter.js';

/**
 * The shared pieces built from the connections: Redis-backed when Redis is configured
 * (shared by every process), in-memory otherwise.
 */
export function createAppDeps(base: { config: Config; db: Database; redis: Redis | null; logger: Logger }): AppDeps {
  return {
    ...base,
    sessionParser: createSessionParser(base.config, createSessionStore(base.redis)),
    rateLimiter: base.redis ? createRedisRateLimiter(base.redis) : createMemoryRateLimiter(),
  };
}
