import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createDatabase, type Database } from '../../src/db/prisma.js';
import { createSqlPool, type SqlPool } from '../../src/db/sql-pool.js';
import { createLogger } from '../../src/logging/logger.js';

/** Uploads made by this test run land here (a folder of its own), never in the repository's media/. */
export const testMediaRoot = () => inject('mediaRoot');

/** The environment a test server runs with: the migrated test database and test Redis. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    SESSION_SECRET: 'test-session-secret-that-is-long-enough',
    BCRYPT_COST: '4',
    LOG_LEVEL: 'silent',
    MEDIA_ROOT: testMediaRoot(),
    // Every test signs up and creates rooms from 127.0.0.1; the limit tests set their own.
    SIGNUP_RATE_LIMIT: '100000',
    ROOM_CREATE_RATE_LIMIT: '100000',
    // Every test client connects from 127.0.0.1 and the counter is shared by all test
    // files; tests of the address limit set their own (and X-Forwarded-For addresses).
    WS_UPGRADE_ADDRESS_RATE_LIMIT: '1000000',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(testEnv(overrides));
}

export const silentLogger = createLogger({ env: 'test', log: { level: 'silent' } });

/** A Prisma client on the test database; call `$disconnect()` in afterAll. */
export function testDatabase(): Database {
  return createDatabase(inject('databaseUrl'), { connectionLimit: 5 });
}

/** A plain mysql2 pool on the test database (the chat write path); call `end()` in afterAll. */
export function testSqlPool(): SqlPool {
  return createSqlPool(inject('databaseUrl'), 2);
}
