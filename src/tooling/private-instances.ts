import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { quoteIdentifier, type MysqlTarget } from '../db/mysql-url.js';
import { mysqlAnswers, redisAnswers } from './probe.js';

/** A server this tool started; stop() ends it (data stays for the next start). */
export interface PrivateInstance {
  name: string;
  stop(): void;
}

export function findBinary(...names: string[]): string | null {
  for (const name of names) {
    for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')]) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

const isRoot = () => process.getuid?.() === 0;

/** Starts redis-server on the URL's port with its data under stateDir. */
export async function startRedis(redisUrl: string, stateDir: string): Promise<PrivateInstance> {
  const binary = findBinary('redis-server');
  if (!binary) throw new Error('redis-server is not installed');
  const port = Number(new URL(redisUrl).port || 6379);
  const dir = path.join(stateDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  execFileSync(binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'yes',
    '--pidfile', pidFile, '--logfile', path.join(dir, 'redis.log'), '--save', '', '--appendonly', 'no',
  ]);
  await waitFor(() => redisAnswers(redisUrl), 'redis-server', path.join(dir, 'redis.log'));
  return { name: 'redis', stop: () => killPidFile(pidFile) };
}

/**
 * Starts a private MariaDB (or MySQL) on the URL's port, with its data under stateDir,
 * and creates the URL's user and database on first start.
 */
export async function startMysql(target: MysqlTarget, stateDir: string): Promise<PrivateInstance> {
  const server = findBinary('mariadbd', 'mysqld');
  if (!server) throw new Error('neither mariadbd nor mysqld is installed');
  const dir = path.join(stateDir, 'mariadb');
  const dataDir = path.join(dir, 'data');
  const socket = socketPath(dir);
  const pidFile = path.join(dir, 'server.pid');
  const logFile = path.join(dir, 'server.log');
  const userArgs = isRoot() ? ['--user=root'] : [];
  if (!existsSync(dataDir)) initialiseDataDir(server, dataDir, userArgs);

  const log = openSync(logFile, 'a');
  const child = spawn(server, [
    '--no-defaults', `--datadir=${dataDir}`, `--port=${target.port}`, '--bind-address=127.0.0.1',
    `--socket=${socket}`, `--pid-file=${pidFile}`, '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci', '--innodb-buffer-pool-size=128M', '--skip-log-bin', ...userArgs,
  ], { detached: true, stdio: ['ignore', log, log] });
  child.unref();

  const asRoot = { socketPath: socket, user: 'root' };
  await waitFor(async () => {
    try {
      (await mysql.createConnection(asRoot)).destroy();
      return true;
    } catch (error) {
      return String(error);
    }
  }, 'the database server', logFile);
  await createAppUser(asRoot, target);
  await waitFor(() => mysqlAnswers(`mysql://${encodeURIComponent(target.user)}:${encodeURIComponent(target.password)}@127.0.0.1:${target.port}/`), 'the database server', logFile);
  return { name: 'mariadb', stop: () => killPidFile(pidFile) };
}

function initialiseDataDir(server: string, dataDir: string, userArgs: string[]): void {
  mkdirSync(dataDir, { recursive: true });
  const installDb = findBinary('mariadb-install-db', 'mysql_install_db');
  if (installDb) {
    execFileSync(installDb, ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs], { stdio: 'ignore' });
  } else {
    // Oracle MySQL has no install-db script; it initialises itself.
    execFileSync(server, ['--no-defaults', '--initialize-insecure', `--datadir=${dataDir}`, ...userArgs], { stdio: 'ignore' });
  }
}

async function createAppUser(asRoot: { socketPath: string; user: string }, target: MysqlTarget): Promise<void> {
  const connection = await mysql.createConnection(asRoot);
  try {
    for (const host of ['localhost', '127.0.0.1', '%']) {
      await connection.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [target.user, host, target.password]);
      // The test suite creates its own databases, so the user gets global rights here.
      await connection.query('GRANT ALL PRIVILEGES ON *.* TO ?@?', [target.user, host]);
    }
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(target.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** Unix socket paths are limited to ~107 bytes; fall back to the temp folder when deep. */
function socketPath(dir: string): string {
  const preferred = path.join(dir, 'mysqld.sock');
  if (preferred.length < 100) return preferred;
  return path.join(os.tmpdir(), `codingline-${Buffer.from(dir).toString('base64url').slice(-24)}.sock`);
}

/** Signals the process whose id the file holds, if it still runs. */
export function killPidFile(pidFile: string, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!existsSync(pidFile)) return;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), signal);
  } catch {
    // Already gone.
  }
}

/** Polls `check` (every 250 ms, up to 60 s) until it answers true; else fails naming `what` and its log. */
export async function waitFor(check: () => Promise<true | string>, what: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    const result = await check();
    if (result === true) return;
    last = result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer within 60s (${last}); see ${logFile}`);
}
