import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import type { TestProject } from 'vitest/node';
import { parseMysqlUrl, quoteIdentifier, withDatabase } from '../../src/db/mysql-url.js';
import { migrate } from '../../src/db/migrations/runner.js';
import { buildClient } from '../../src/tooling/client-build.js';
import { dropDatabase, ensureDatabase, ensureServices, serviceUrls } from '../../src/tooling/services.js';

const root = path.resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    mediaRoot: string;
  }
}

/**
 * Brings up MariaDB and Redis (reused, docker compose, or private instances), then
 * migrates a fresh `<db>_test_<pid>` database: tests never touch the development one,
 * and two test runs at once (two terminals, two checkouts) never drop each other's.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Pages load the bundled browser scripts; build them from this checkout's source.
  await buildClient();
  // The suites always need Redis, even when development runs in in-memory mode.
  const configured = serviceUrls(root);
  const urls = { ...configured, redisUrl: configured.redisUrl ?? 'redis://127.0.0.1:6379' };
  const started = await ensureServices(urls, root, (line) => console.log(`[services] ${line}`));
  const prefix = `${parseMysqlUrl(urls.databaseUrl).database}_test_`;
  await dropAbandonedTestDatabases(urls.databaseUrl, prefix);
  const databaseUrl = withDatabase(urls.databaseUrl, `${prefix}${process.pid}`);
  await ensureDatabase(databaseUrl, { fresh: true });
  await migrate({ databaseUrl, migrationsDir: path.join(root, 'prisma/migrations') });
  project.provide('databaseUrl', databaseUrl);
  // Redis database 15 keeps test keys apart from development sessions.
  const redisUrl = redisTestUrl(urls.redisUrl);
  await flushRedisDatabase(redisUrl);
  project.provide('redisUrl', redisUrl);
  // Uploads of this run only: room ids restart with every fresh database.
  const mediaRoot = path.join(os.tmpdir(), `codingline-test-media-${process.pid}`);
  rmSync(mediaRoot, { recursive: true, force: true });
  project.provide('mediaRoot', mediaRoot);
  return async () => {
    await dropDatabase(databaseUrl).catch(() => {});
    rmSync(mediaRoot, { recursive: true, force: true });
    for (const instance of started) instance.stop();
  };
}

/** Test databases of runs whose process is gone (killed before their teardown). */
async function dropAbandonedTestDatabases(serverUrl: string, prefix: string): Promise<void> {
  const { database: _database, ...target } = parseMysqlUrl(serverUrl);
  const connection = await mysql.createConnection(target);
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW DATABASES');
    for (const name of rows.map((row) => String(Object.values(row)[0]))) {
      const pid = Number(name.slice(prefix.length));
      if (!name.startsWith(prefix) || !Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
      await connection.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
    }
  } finally {
    await connection.end();
  }
}

/** Rate-limit counters are keyed by row ids, which every fresh test database reuses. */
async function flushRedisDatabase(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function redisTestUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/15';
  return parsed.toString();
}
