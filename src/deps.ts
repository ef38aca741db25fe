import type { Redis } from 'ioredis';
import { createSessionParser, createSessionStore } from './accounts/session.js';
import type { AppDeps } from './app.js';
import { createCollab } from './collab/collab.js';
import type { Config } from './config/config.js';
import type { Database } from './db/prisma.js';
import type { Logger } from './logging/logger.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './ratelimit/rate-limiter.js';
import { createLocalFanout } from './realtime/fanout.js';
import { createRedisFanout } from './realtime/redis-fanout.js';
import { createRedis } from './redis/connections.js';

/**
 * The shared pieces built from the connections: Redis-backed when Redis is configured
 * (shared by every process), in-memory otherwise.
 */
export function createAppDeps(base: { config: Config; db: Database; redis: Redis | null; logger: Logger }): AppDeps {
  const { config, redis, logger } = base;
  const redisUrl = config.redis?.url;
  const sessionStore = createSessionStore(redis);
  const rateLimiter = redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter();
  const fanout =
    redis && redisUrl
      ? createRedisFanout({ publisher: redis, connectSubscriber: () => createRedis(redisUrl, logger, 'subscriber'), logger })
      : createLocalFanout();
  return {
    ...base,
    sessionStore,
    sessionParser: createSessionParser(config, sessionStore),
    rateLimiter,
    fanout,
    collab: createCollab({ db: base.db, bus: fanout, rateLimiter, bcryptCost: config.auth.bcryptCost, mediaRoot: config.media.root }),
  };
}
