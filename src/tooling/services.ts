import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import mysql from 'mysql2/promise';
import { parseMysqlUrl, quoteIdentifier } from '../db/mysql-url.js';
import { redactUrl } from '../logging/redact-url.js';
import { findBinary, startMysql, startRedis, type PrivateInstance } from './private-instances.js';
import { mysqlAnswers, redisAnswers } from './probe.js';

export interface ServiceUrls {
  databaseUrl: string;
  /** undefined: in-memory mode, no Redis needed. */
  redisUrl: string | undefined;
}

export class ServicesUnavailable extends Error {
  override name = 'ServicesUnavailable';
}

/**
 * The URLs development and tests use: the environment, else `.env`, else the defaults in
 * `.env.example` (so a fresh clone works without configuration).
 */
export function serviceUrls(root: string): ServiceUrls {
  const pick = (name: string) => configuredValue(root, name);
  const databaseUrl = pick('DATABASE_URL');
  if (!databaseUrl) throw new ServicesUnavailable('DATABASE_URL is not set in the environment, .env or .env.example');
  const redisUrl = pick('REDIS_URL');
  return { databaseUrl, redisUrl: redisUrl === '' ? undefined : redisUrl };
}

/** A setting of the development tooling: the environment, else `.env`, else `.env.example`. */
export function configuredValue(root: string, name: string): string | undefined {
  const fromFile = (file: string) => {
    const full = path.join(root, file);
    return existsSync(full) ? dotenv.parse(readFileSync(full)) : {};
  };
  return process.env[name] ?? fromFile('.env')[name] ?? fromFile('.env.example')[name];
}

/**
 * Makes MySQL and Redis answer at the configured URLs: reuses running servers, else
 * `docker compose up -d --wait`, else private instances from locally installed binaries
 * under `.services/`. Returns what it started so a caller (the test run) can stop it.
 */
export async function ensureServices(urls: ServiceUrls, root: string, log: (line: string) => void): Promise<PrivateInstance[]> {
  const missing = await missingServices(urls);
  if (missing.length === 0) return [];
  if (dockerEngineAnswers()) {
    log(`starting ${missing.join(' and ')} with docker compose`);
    execFileSync('docker', ['compose', 'up', '-d', '--wait'], { cwd: root, stdio: 'inherit' });
    return [];
  }
  const stateDir = path.join(root, '.services');
  const started: PrivateInstance[] = [];
  try {
    if (missing.includes('mysql')) {
      requireBinary(['mariadbd', 'mysqld'], 'MySQL/MariaDB', urls.databaseUrl);
      log(`starting a private MariaDB/MySQL for ${redactUrl(urls.databaseUrl)} under .services/`);
      started.push(await startMysql(parseMysqlUrl(urls.databaseUrl), stateDir));
    }
    if (missing.includes('redis') && urls.redisUrl) {
      requireBinary(['redis-server'], 'Redis', urls.redisUrl);
      log(`starting a private Redis for ${redactUrl(urls.redisUrl)} under .services/`);
      started.push(await startRedis(urls.redisUrl, stateDir));
    }
  } catch (error) {
    for (const instance of started) instance.stop();
    throw error;
  }
  return started;
}

async function missingServices(urls: ServiceUrls): Promise<('mysql' | 'redis')[]> {
  const missing: ('mysql' | 'redis')[] = [];
  const mysqlProbe = await mysqlAnswers(urls.databaseUrl);
  if (mysqlProbe !== true) {
    // A server that answers but refuses us cannot be replaced by one on the same port.
    if (/access denied/i.test(mysqlProbe)) {
      throw new ServicesUnavailable(`a MySQL server answers at ${redactUrl(urls.databaseUrl)} but refuses these credentials (${mysqlProbe}); fix DATABASE_URL or create that user`);
    }
    missing.push('mysql');
  }
  if (urls.redisUrl && (await redisAnswers(urls.redisUrl)) !== true) missing.push('redis');
  return missing;
}

function dockerEngineAnswers(): boolean {
  if (!findBinary('docker')) return false;
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

function requireBinary(names: string[], what: string, url: string): void {
  if (names.some((name) => findBinary(name))) return;
  throw new ServicesUnavailable(
    `${what} does not answer at ${redactUrl(url)}, no Docker engine answers, and ${names.join('/')} is not installed. ` +
      'Start one at that URL, or run `docker compose up -d`, or install the Debian packages (apt-get install mariadb-server redis-server).',
  );
}

/** Creates the URL's database when the server answers but the database is not there yet. */
export async function ensureDatabase(databaseUrl: string, options: { fresh?: boolean } = {}): Promise<void> {
  const { database, ...target } = parseMysqlUrl(databaseUrl);
  const connection = await mysql.createConnection(target);
  try {
    const quoted = quoteIdentifier(database);
    if (options.fresh) await connection.query(`DROP DATABASE IF EXISTS ${quoted}`);
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoted} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** Drops the URL's database if it exists. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { database, ...target } = parseMysqlUrl(databaseUrl);
  const connection = await mysql.createConnection(target);
  try {
    await connection.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
  } finally {
    await connection.end();
  }
}

/** `tsx src/tooling/services.ts [--env-file]`: used by `npm run dev` before the server starts. */
async function main(): Promise<void> {
  const root = process.cwd();
  if (process.argv.includes('--env-file') && !existsSync(path.join(root, '.env'))) {
    copyFileSync(path.join(root, '.env.example'), path.join(root, '.env'));
    console.log('services: no .env yet, created one from .env.example');
  }
  const urls = serviceUrls(root);
  await ensureServices(urls, root, (line) => console.log(`services: ${line}`));
  await ensureDatabase(urls.databaseUrl);
  console.log(`services: MySQL at ${redactUrl(urls.databaseUrl)}${urls.redisUrl ? ` and Redis at ${redactUrl(urls.redisUrl)}` : ' (no Redis: in-memory mode)'} are ready`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(`services: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
