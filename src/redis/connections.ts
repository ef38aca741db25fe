import { Cluster, Redis } from 'ioredis';
import type { RedisNode, RedisTarget } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { redactUrl } from '../logging/redact-url.js';

/**
 * The commands codingline sends to Redis, which a single server's client (`Redis`) and a
 * Redis Cluster's (`Cluster`) both have: code that takes a RedisClient works on either.
 * On a cluster, keys that one command or script touches together must share a hash slot
 * (`{login}:…`); every key used alone spreads over the cluster.
 */
export type RedisClient = Pick<Redis, 'get' | 'del' | 'pttl' | 'pexpire' | 'zadd' | 'zrem' | 'zrangebyscore' | 'eval' | 'evalsha' | 'ping'>;

/** A connection this module made: closed with closeRedis. */
export type RedisConnection = Redis | Cluster;

type Role = 'commands' | 'subscriber';

const SLOTS_REFRESH_MS = 5000;

/** The Redis (or cluster) a target names, for log lines: never with its password. */
export function describeRedis(target: RedisTarget): string {
  if (target.mode === 'single') return redactUrl(target.url);
  return `cluster ${target.nodes.map((node) => `${node.host}:${node.port}`).join(',')}`;
}

/** The command connection to a single Redis or to a cluster. */
export function createRedisConnection(target: RedisTarget, logger: Logger): RedisConnection {
  return target.mode === 'single' ? createRedis(target.url, logger) : createRedisCluster(target, logger);
}

/** Reconnect with backoff; fail a command after one retry instead of queueing forever while Redis is down. */
const RETRYING = {
  maxRetriesPerRequest: 1,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
} as const;

/**
 * A connection to one Redis. ioredis reconnects by itself; the error listener turns
 * "connection refused" into a log line instead of an unhandled 'error' event.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { lazyConnect: true, ...RETRYING });
  reportFailures(redis, logger, 'commands', redactUrl(url));
  return redis;
}

/** The bus's dedicated subscriber: another connection like the command one, reporting its own failures. */
export function createSubscriber(redis: Redis, logger: Logger): Redis {
  const subscriber = redis.duplicate();
  reportFailures(subscriber, logger, 'subscriber', `${subscriber.options.host}:${subscriber.options.port}`);
  return subscriber;
}

/**
 * A client of a Redis Cluster, found through its seed nodes (it learns the others, and
 * refreshes the slot map on MOVED and every 5 s: the sharded subscriber follows moved
 * channels at each refresh, even in a room where nobody sends). Commands go to the master
 * owning their key's slot. Without an offline queue they fail at once while no node
 * answers, as on one Redis, instead of waiting for the cluster to come back; a command
 * sent while its master's connection is still opening is retried by ioredis 100 ms later.
 */
export function createRedisCluster(target: Extract<RedisTarget, { mode: 'cluster' }>, logger: Logger): Cluster {
  const cluster = new Cluster(target.nodes, {
    lazyConnect: true,
    enableOfflineQueue: false,
    slotsRefreshInterval: SLOTS_REFRESH_MS,
    clusterRetryStrategy: RETRYING.retryStrategy,
    redisOptions: { ...(target.password === null ? {} : { password: target.password }), maxRetriesPerRequest: RETRYING.maxRetriesPerRequest },
  });
  reportFailures(cluster, logger, 'commands', describeRedis(target));
  return cluster;
}

/**
 * A subscriber connection to one master of this cluster, with the cluster's credentials
 * (sharded pub/sub needs one per master). No ready check: its INFO would be refused once
 * a SSUBSCRIBE sent right after connecting (allowed before ready) has put the connection
 * in subscriber mode, and a subscriber has nothing to wait for.
 */
export function connectClusterSubscriber(cluster: Cluster, node: RedisNode, logger: Logger): Redis {
  const redis = new Redis({ ...cluster.options.redisOptions, host: node.host, port: node.port, lazyConnect: true, enableReadyCheck: false, ...RETRYING });
  reportFailures(redis, logger, 'subscriber', `${node.host}:${node.port}`);
  return redis;
}

/** One log line when a connection fails (not one per retry), and one when it is back. */
function reportFailures(connection: RedisConnection, logger: Logger, role: Role, where: string): void {
  let reported = false;
  const failed = (error: unknown) => {
    if (reported) return;
    reported = true;
    logger.error({ err: error, role, redis: where }, `Redis ${role} connection to ${where} failed; retrying`);
  };
  connection.on('error', failed);
  connection.on('ready', () => {
    if (reported) logger.info({ role, redis: where }, `Redis ${role} connection to ${where} is back`);
    reported = false;
  });
  if (connection instanceof Cluster) reportNodeFailures(connection, logger);
}

/** A cluster stays ready while one node fails and reports it as 'node error': a line per node and minute. */
function reportNodeFailures(cluster: Cluster, logger: Logger): void {
  const loggedAt = new Map<string, number>();
  cluster.on('node error', (error: unknown, node: string) => {
    if (Date.now() - (loggedAt.get(node) ?? 0) < 60_000) return;
    loggedAt.set(node, Date.now());
    logger.error({ err: error, node }, `Redis Cluster node ${node} failed; the other masters still serve their slots`);
  });
}

/**
 * Closes a connection without hanging: QUIT when Redis answers (bounded), else drop it.
 * A QUIT sent while ioredis is reconnecting would wait for a Redis that may never return.
 */
export async function closeRedis(connection: RedisConnection): Promise<void> {
  if (connection.status === 'ready') {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([connection.quit().then(() => undefined), timeout]).catch(() => undefined);
  }
  connection.disconnect();
}
