import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import type { Database } from '../../src/db/prisma.js';
import { createAppDeps } from '../../src/deps.js';
import { createRedis } from '../../src/redis/connections.js';
import { silentLogger, testConfig, testDatabase } from './context.js';

/** A connected client on the test Redis; disconnect it in afterAll. */
export async function testRedis(): Promise<Redis> {
  const redis = createRedis(inject('redisUrl'), silentLogger);
  await redis.connect();
  return redis;
}

/** The real app over the test database and Redis (or whatever the test passes instead). */
export function buildTestApp(parts: { db: Database; redis: Redis | null; config?: Config }) {
  return createApp(createAppDeps({ config: parts.config ?? testConfig(), db: parts.db, redis: parts.redis, logger: silentLogger }));
}

export interface TestAppHarness {
  readonly db: Database;
  readonly redis: Redis;
  readonly app: Express;
}

/**
 * The usual set-up of an HTTP test file: the real app over the test database and Redis,
 * built before the file's tests and disconnected after them. Read `app` and `redis`
 * inside tests (they exist once beforeAll has run).
 */
export function useTestApp(): TestAppHarness {
  const db = testDatabase();
  let redis: Redis | undefined;
  let app: Express | undefined;
  beforeAll(async () => {
    redis = await testRedis();
    app = buildTestApp({ db, redis });
  });
  afterAll(async () => {
    redis?.disconnect();
    await db.$disconnect();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestApp() parts are ready only inside tests and hooks');
    return value;
  };
  return {
    db,
    get redis() {
      return ready(redis);
    },
    get app() {
      return ready(app);
    },
  };
}
