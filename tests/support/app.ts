import type { Redis } from 'ioredis';
import { createApp } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import type { Database } from '../../src/db/prisma.js';
import { createAppDeps } from '../../src/deps.js';
import { createRedis } from '../../src/redis/connections.js';
import { silentLogger, testConfig } from './context.js';

/** A connected client on the test Redis; disconnect it in afterAll. */
export async function testRedis(): Promise<Redis> {
  const redis = createRedis(testConfig().redis?.url ?? '', silentLogger);
  await redis.connect();
  return redis;
}

/** The real app over the test database and Redis (or whatever the test passes instead). */
export function buildTestApp(parts: { db: Database; redis: Redis | null; config?: Config }) {
  return createApp(createAppDeps({ config: parts.config ?? testConfig(), db: parts.db, redis: parts.redis, logger: silentLogger }));
}
