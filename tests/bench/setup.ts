// The benchmarks' shared preparation: services, a fresh database, the one server
// environment, server processes, and users made through codingline's real pages.
import path from 'node:path';
import { Redis } from 'ioredis';
import { migrate } from '../../src/db/migrations/runner.js';
import { parseMysqlUrl, withDatabase } from '../../src/db/mysql-url.js';
import { localClusterPorts, startRedisCluster } from '../../src/tooling/redis-cluster.js';
import { ensureDatabase, ensureServices, serviceUrls } from '../../src/tooling/services.js';
import { HttpSession } from '../support/http-session.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const root = path.resolve(import.meta.dirname, '../..');
const REDIS_DB = 14;

/** The most chat messages per user and window CHAT_RATE_LIMIT accepts (src/config/config.ts). */
export const CHAT_RATE_LIMIT_MAX = 1000;
/** The room capacity codingline accepts by default (ROOM_CAPACITY_MAX raises it). */
export const ROOM_CAPACITY_DEFAULT = 1000;

export interface BenchServices {
  databaseUrl: string;
  /** The servers' REDIS_URL and REDIS_CLUSTER_NODES: one is set, the other empty. */
  redisEnv: { REDIS_URL: string; REDIS_CLUSTER_NODES: string };
  /** Ports of the redis-server processes serving the run (one, or a cluster's masters), for their CPU. */
  redisPorts: number[];
  /** Stops the private MariaDB/Redis instances this run started (none when they were running). */
  stop(): void;
}

/**
 * Makes MariaDB and Redis answer (src/tooling/services.ts), migrates a fresh `<db>_bench`
 * database and flushes Redis database 14, so every run starts from the same empty state.
 * With `redisCluster`, Redis is instead a fresh local cluster of three masters
 * (src/tooling/redis-cluster.ts) on free ports (or LOCAL_REDIS_CLUSTER_PORTS), stopped with the run.
 * `databaseSuffix` (else BENCH_DATABASE_SUFFIX, else `_bench`) names another database, so
 * two benchmarks on one server do not drop each other's.
 */
export async function prepareServices({
  redisCluster = false,
  databaseSuffix = process.env.BENCH_DATABASE_SUFFIX ?? '_bench',
}: { redisCluster?: boolean; databaseSuffix?: string } = {}): Promise<BenchServices> {
  const configured = serviceUrls(root);
  const urls = { ...configured, redisUrl: redisCluster ? undefined : (configured.redisUrl ?? 'redis://127.0.0.1:6379') };
  const started = await ensureServices(urls, root, (line) => console.log(`services: ${line}`));
  const stop = () => started.forEach((instance) => instance.stop());
  const databaseUrl = withDatabase(urls.databaseUrl, `${parseMysqlUrl(urls.databaseUrl).database}${databaseSuffix}`);
  await ensureDatabase(databaseUrl, { fresh: true });
  await migrate({ databaseUrl, migrationsDir: path.join(root, 'prisma/migrations') });
  if (urls.redisUrl === undefined) {
    const clusterPorts = await localClusterPorts(root, 3);
    const { ports } = clusterPorts;
    console.log(`services: starting a Redis Cluster of three masters on ports ${ports.join(', ')} under .services/`);
    started.push(await startRedisCluster(clusterPorts, path.join(root, '.services')));
    return { databaseUrl, redisEnv: { REDIS_URL: '', REDIS_CLUSTER_NODES: ports.map((port) => `127.0.0.1:${port}`).join(',') }, redisPorts: ports, stop };
  }
  const redisUrl = new URL(urls.redisUrl);
  redisUrl.pathname = `/${REDIS_DB}`;
  const redis = new Redis(redisUrl.toString());
  await redis.flushdb();
  await redis.quit();
  return { databaseUrl, redisEnv: { REDIS_URL: redisUrl.toString(), REDIS_CLUSTER_NODES: '' }, redisPorts: [Number(redisUrl.port || 6379)], stop };
}

/**
 * The one environment every benchmark server gets (codingline's and the ceiling's, which
 * reads only DATABASE_URL, REDIS_URL or REDIS_CLUSTER_NODES, SESSION_SECRET and PORT). Limits are raised through
 * configuration only: chat to the configuration's maximum (1000 per user per second, far
 * above what any sender sends), and the limits announced but not yet in the server set
 * generously so the benchmark keeps working when they land (today's server ignores
 * unknown variables). Their values stay inside the bounds the existing limits accept, so
 * a future validation does not refuse them.
 */
export function serverEnv(services: BenchServices, options: { roomCapacity: number }): Record<string, string> {
  const generous = { limit: '1000000', windowSeconds: '60' };
  return {
    NODE_ENV: 'production',
    DATABASE_URL: services.databaseUrl,
    ...services.redisEnv,
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough',
    // The lowest cost production accepts; every client signs up once.
    BCRYPT_COST: '10',
    MEDIA_ROOT: path.join(root, '.services', 'bench-media'),
    CHAT_RATE_LIMIT: String(CHAT_RATE_LIMIT_MAX),
    CHAT_RATE_WINDOW_SECONDS: '1',
    ROOM_CAPACITY_MAX: String(Math.max(ROOM_CAPACITY_DEFAULT, options.roomCapacity)),
    // Every client signs up, creates rooms and connects from 127.0.0.1.
    SIGNUP_RATE_LIMIT: generous.limit,
    SIGNUP_RATE_WINDOW_SECONDS: generous.windowSeconds,
    ROOM_CREATE_RATE_LIMIT: generous.limit,
    ROOM_CREATE_RATE_WINDOW_SECONDS: generous.windowSeconds,
    WS_UPGRADE_RATE_LIMIT: generous.limit,
    WS_UPGRADE_ADDRESS_RATE_LIMIT: generous.limit,
    WS_UPGRADE_RATE_WINDOW_SECONDS: generous.windowSeconds,
  };
}

/** Starts `count` processes of codingline (or of another server script) with this environment. */
export function startServers(env: Record<string, string>, count: number, options?: Parameters<typeof startServerProcess>[1]): Promise<ServerProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startServerProcess(env, options)));
}

/** Runs `task` for 0..count-1 with at most `concurrency` at a time; results in index order. */
export async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) results[index] = await task(index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export interface Member {
  /** The session cookie of a real /login, for the sockets. */
  cookie: string;
  /** The room the user entered. */
  slug: string;
}

/**
 * Signs `users` people up through the real pages, `perRoom` to a room (the first of each
 * creates it with that capacity, the others enter it), then logs each in again through
 * /login: the sockets use that session. User i talks to server i % servers.length.
 * Sign-ups run 16 at a time.
 */
export async function signUpMembers(servers: readonly ServerProcess[], users: number, perRoom: number, onProgress?: (done: number) => void): Promise<Member[]> {
  const urlOf = (index: number) => servers[index % servers.length]!.url;
  const roomCount = Math.ceil(users / perRoom);
  const slugs = await inParallel(roomCount, 16, async (room) => {
    const owner = await HttpSession.signUp(urlOf(room * perRoom));
    const capacity = Math.max(2, Math.min(perRoom, users - room * perRoom));
    const created = await owner.createRoom({ capacity: String(capacity) }).catch((error: unknown) => {
      throw new Error(`could not create a room of capacity ${capacity}: ${String(error)}`);
    });
    return { slug: created.slug, owner: owner.name };
  });
  let done = 0;
  return inParallel(users, 16, async (index) => {
    const room = slugs[Math.floor(index / perRoom)]!;
    let username = room.owner;
    if (index % perRoom !== 0) {
      const person = await HttpSession.signUp(urlOf(index));
      const entered = await person.enter(room.slug);
      if (!entered.ok) throw new Error(`could not enter room ${room.slug}: ${entered.status} ${await entered.text()}`);
      username = person.name;
    }
    const session = await HttpSession.logIn(urlOf(index), username);
    onProgress?.((done += 1));
    return { cookie: session.cookie, slug: room.slug };
  });
}
