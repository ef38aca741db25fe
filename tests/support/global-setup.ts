import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { withDatabase, parseMysqlUrl } from '../../src/db/mysql-url.js';
import { migrate } from '../../src/db/migrations/runner.js';
import { ensureDatabase, ensureServices, serviceUrls } from '../../src/tooling/services.js';

const root = path.resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

/**
 * Brings up MariaDB and Redis (reused, docker compose, or private instances), then
 * migrates a fresh `<db>_test` database: tests never touch the development one.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  // The suites always need Redis, even when development runs in in-memory mode.
  const configured = serviceUrls(root);
  const urls = { ...configured, redisUrl: configured.redisUrl ?? 'redis://127.0.0.1:6379' };
  const started = await ensureServices(urls, root, (line) => console.log(`[services] ${line}`));
  const databaseUrl = withDatabase(urls.databaseUrl, `${parseMysqlUrl(urls.databaseUrl).database}_test`);
  await ensureDatabase(databaseUrl, { fresh: true });
  await migrate({ databaseUrl, migrationsDir: path.join(root, 'prisma/migrations') });
  project.provide('databaseUrl', databaseUrl);
  // Redis database 15 keeps test keys apart from development sessions.
  project.provide('redisUrl', redisTestUrl(urls.redisUrl));
  return () => {
    for (const instance of started) instance.stop();
  };
}

function redisTestUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/15';
  return parsed.toString();
}
