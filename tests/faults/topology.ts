import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import { parseMysqlUrl } from '../../src/db/mysql-url.js';
import type { Database } from '../../src/db/prisma.js';
import { roomWithMembers, until } from '../realtime/helpers.js';
import { testDatabase, testEnv } from '../support/context.js';
import { PrivateRedis } from '../support/private-redis.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { ChatClient } from './chat-client.js';
import { ChatRun } from './chat-run.js';
import { TcpProxy } from './tcp-proxy.js';

/**
 * What a fault scenario runs against: a Redis of its own (so it may be stopped), a
 * proxy in front of it and one in front of MariaDB (so connections can be cut or stalled),
 * and two app processes that reach both only through the proxies.
 */
export interface Topology {
  redis: PrivateRedis;
  /** A direct connection to the private Redis, for CLIENT KILL / CLIENT PAUSE. */
  admin: Redis;
  redisProxy: TcpProxy;
  mysqlProxy: TcpProxy;
  servers: ServerProcess[];
  /** The live processes' URLs, in order (a restarted process keeps its place). */
  urls(): string[];
  /** Stops process `index` (SIGTERM: in order; SIGKILL: a crash) and starts a new one in its place. */
  replace(index: number, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the topology on the private Redis port `redisPort` (the suite's own range,
 * 6390-6399). `env` overrides the app's environment; `nodeArgs[i]` goes to process i's node
 * (e.g. `--inspect=…`).
 */
export async function startTopology(redisPort: number, env: Record<string, string> = {}, nodeArgs: string[][] = []): Promise<Topology> {
  const redis = await PrivateRedis.create(redisPort);
  await redis.start();
  const redisProxy = await TcpProxy.start(redis.port);
  const database = new URL(inject('databaseUrl'));
  const mysqlProxy = await TcpProxy.start(parseMysqlUrl(database.toString()).port);
  database.port = String(mysqlProxy.port);
  const appEnv = testEnv({
    REDIS_URL: `redis://127.0.0.1:${redisProxy.port}/0`,
    DATABASE_URL: database.toString(),
    // The scenarios measure faults, not the limits (the abuse scenarios set their own).
    CHAT_RATE_LIMIT: '1000',
    WS_UPGRADE_RATE_LIMIT: '100000',
    ...env,
  });
  const starting = await Promise.allSettled([0, 1].map((i) => startServerProcess(appEnv, { nodeArgs: nodeArgs[i] ?? [] })));
  const servers = starting.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = starting.find((result) => result.status === 'rejected');
  if (failed) {
    // A process did not start (a bad variable): nothing of this topology may outlive the run.
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all([redisProxy.close(), mysqlProxy.close()]);
    await redis.remove();
    throw failed.reason;
  }
  const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  admin.on('error', () => {});
  return {
    redis,
    admin,
    redisProxy,
    mysqlProxy,
    servers,
    urls: () => servers.filter((server) => server.child.exitCode === null && server.child.signalCode === null).map((server) => server.url),
    async replace(index, signal = 'SIGTERM') {
      await servers[index]!.stop(signal);
      servers[index] = await startServerProcess(appEnv);
    },
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      admin.disconnect();
      await Promise.all([redisProxy.close(), mysqlProxy.close()]);
      await redis.remove();
    },
  };
}

/**
 * A test file's topology (see startTopology), started before its tests and stopped after
 * them, and a Prisma client on the test database for counting what was stored.
 */
export function useTopology(redisPort: number, env: Record<string, string> = {}) {
  const db = testDatabase();
  let started: Topology | undefined;
  beforeAll(async () => {
    started = await startTopology(redisPort, env);
  });
  afterAll(async () => {
    await started?.stop();
    await db.$disconnect();
  });
  return {
    db,
    get topology(): Topology {
      if (!started) throw new Error('useTopology(): the topology is ready only inside tests and hooks');
      return started;
    },
  };
}

/**
 * A fresh room with `size` members (its owner among them), each a ChatClient on the
 * process `i % 2`, all connected and subscribed: a first message reached all of them.
 */
export async function chatRoom(topology: Topology, db: Database, size: number): Promise<ChatRun> {
  const [first] = topology.urls();
  const { owner, room, members } = await roomWithMembers(first!, size - 1);
  const clients = [owner, ...members].map((session, i) => new ChatClient(session, room.slug, () => topology.urls(), i));
  for (const client of clients) client.start();
  await until(() => clients.every((client) => client.online), 'every client to connect', 15_000);
  const run = new ChatRun(clients, room.id, db);
  await run.measureRecovery(Date.now());
  run.recoveryMs = null;
  return run;
}

/** Pauses a scenario for the length of a fault (the fault itself is what is measured). */
export const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a request takes to be answered, and with what status (never hanging the test). */
export async function timedStatus(url: string, timeoutMs = 10_000): Promise<{ status: number | 'timeout' | 'error'; ms: number }> {
  const started = Date.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - started };
  } catch (error) {
    return { status: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error', ms: Date.now() - started };
  }
}
