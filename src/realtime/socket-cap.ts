import type { RedisClient } from '../redis/connections.js';

/** Open room sockets one user may have, across every process. */
export const MAX_SOCKETS_PER_USER = 8;

export interface SocketRef {
  userId: number;
  connId: string;
}

/**
 * Counts each user's open sockets across processes, so the cap holds however the sockets
 * are spread. Each socket is an entry that expires unless refreshed (like presence), so
 * the sockets of a process that died stop counting by themselves.
 */
export interface SocketCap {
  /** Registers a socket unless the user already has the maximum live; false when refused. */
  tryAdd(userId: number, connId: string): Promise<boolean>;
  remove(userId: number, connId: string): Promise<void>;
  /** Keeps this process's open sockets counted. */
  refresh(sockets: readonly SocketRef[]): Promise<void>;
}

const key = (userId: number) => `sockets:user:${userId}`;

// Drop expired entries, count the live ones and add the new one in one atomic step, so
// two processes accepting the user's 8th and 9th socket at once cannot both succeed.
const TRY_ADD = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * The cap in Redis: a sorted set per user (`sockets:user:<id>`), members the connection
 * ids, scores their expiry time. Every command is sent as soon as it is called, on the
 * connection to the user's key (the one command connection; on a cluster, the one to the
 * key's master), so a refresh taken before a socket closed reaches Redis before its
 * removal and cannot bring it back. Users' sets spread over a cluster: a refresh sends
 * each user's commands on their own, not as one pipeline (which would have to stay on
 * one node).
 */
export function createRedisSocketCap(redis: RedisClient, ttlMs: number, max = MAX_SOCKETS_PER_USER, now: () => number = Date.now): SocketCap {
  return {
    async tryAdd(userId, connId) {
      const added = (await redis.eval(TRY_ADD, 1, key(userId), now(), now() + ttlMs, connId, max, ttlMs * 4)) as number;
      return added === 1;
    },
    async remove(userId, connId) {
      await redis.zrem(key(userId), connId);
    },
    async refresh(sockets) {
      if (sockets.length === 0) return;
      const expiresAt = now() + ttlMs;
      await Promise.all(
        [...byUser(sockets)].flatMap(([userId, connIds]) => [
          redis.zadd(key(userId), ...connIds.flatMap((connId) => [expiresAt, connId])),
          redis.pexpire(key(userId), ttlMs * 4),
        ]),
      );
    },
  };
}

/** Single-process twin with the same semantics. */
export function createMemorySocketCap(ttlMs: number, max = MAX_SOCKETS_PER_USER, now: () => number = Date.now): SocketCap {
  const users = new Map<number, Map<string, number>>();
  return {
    async tryAdd(userId, connId) {
      const sockets = users.get(userId) ?? new Map<string, number>();
      for (const [entry, expiresAt] of sockets) if (expiresAt < now()) sockets.delete(entry);
      if (sockets.size >= max) return false;
      users.set(userId, sockets.set(connId, now() + ttlMs));
      return true;
    },
    async remove(userId, connId) {
      const sockets = users.get(userId);
      sockets?.delete(connId);
      if (sockets?.size === 0) users.delete(userId);
    },
    async refresh(sockets) {
      for (const { userId, connId } of sockets) users.set(userId, (users.get(userId) ?? new Map<string, number>()).set(connId, now() + ttlMs));
    },
  };
}

function byUser(sockets: readonly SocketRef[]): Map<number, string[]> {
  const users = new Map<number, string[]>();
  for (const { userId, connId } of sockets) users.set(userId, [...(users.get(userId) ?? []), connId]);
  return users;
}
