import type { RedisClient } from '../redis/connections.js';

/**
 * Who is online in a room, across processes. Each socket is an entry that expires unless
 * refreshed, so the sockets of a process that died drop out by themselves.
 */
export interface PresenceStore {
  /** Adds a socket; true when it is the user's only live socket in the room (they just came online). */
  enter(roomId: number, userId: number, connId: string): Promise<boolean>;
  /** Removes a socket; true when the user has no live socket left in the room. */
  exit(roomId: number, userId: number, connId: string): Promise<boolean>;
  refresh(roomId: number, sockets: { userId: number; connId: string }[]): Promise<void>;
  /** Drops expired entries; returns the users who thereby went offline (each reported once). */
  sweep(roomId: number): Promise<number[]>;
  online(roomId: number): Promise<number[]>;
}

const key = (roomId: number) => `presence:room:${roomId}`;
const member = (userId: number, connId: string) => `${userId}:${connId}`;
const userOf = (entry: string) => Number(entry.split(':')[0]);

// Both scripts count the user's live entries in the same atomic step as the change.
const ENTER_OR_EXIT = `
if ARGV[1] == 'enter' then redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4]) else redis.call('ZREM', KEYS[1], ARGV[4]) end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local live = 0
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], '+inf')) do
  if string.sub(entry, 1, string.len(ARGV[6])) == ARGV[6] then live = live + 1 end
end
return live`;

const SWEEP = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
if #expired == 0 then return {} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
local live = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '+inf')
local gone = {}
for _, entry in ipairs(expired) do
  local prefix = string.match(entry, '^(%d+:)')
  local still = false
  for _, other in ipairs(live) do if string.sub(other, 1, string.len(prefix)) == prefix then still = true end end
  if not still then gone[prefix] = true end
end
local result = {}
for prefix, _ in pairs(gone) do table.insert(result, prefix) end
return result`;

export function createRedisPresence(redis: RedisClient, ttlMs: number, now: () => number = Date.now): PresenceStore {
  const change = async (action: 'enter' | 'exit', roomId: number, userId: number, connId: string) =>
    (await redis.eval(ENTER_OR_EXIT, 1, key(roomId), action, now(), now() + ttlMs, member(userId, connId), ttlMs * 4, `${userId}:`)) as number;
  return {
    enter: async (roomId, userId, connId) => (await change('enter', roomId, userId, connId)) === 1,
    exit: async (roomId, userId, connId) => (await change('exit', roomId, userId, connId)) === 0,
    async refresh(roomId, sockets) {
      if (sockets.length === 0) return;
      const expiresAt = now() + ttlMs;
      await redis.zadd(key(roomId), ...sockets.flatMap(({ userId, connId }) => [expiresAt, member(userId, connId)]));
      await redis.pexpire(key(roomId), ttlMs * 4);
    },
    async sweep(roomId) {
      const gone = (await redis.eval(SWEEP, 1, key(roomId), now())) as string[];
      return gone.map(userOf);
    },
    async online(roomId) {
      return distinctUsers(await redis.zrangebyscore(key(roomId), now(), '+inf'));
    },
  };
}

/** Single-process presence with the same semantics. */
export function createMemoryPresence(ttlMs: number, now: () => number = Date.now): PresenceStore {
  const rooms = new Map<number, Map<string, number>>();
  const entries = (roomId: number) => rooms.get(roomId) ?? rooms.set(roomId, new Map()).get(roomId)!;
  const liveOf = (roomId: number, userId: number) =>
    [...entries(roomId)].filter(([entry, expiresAt]) => expiresAt >= now() && userOf(entry) === userId).length;
  return {
    async enter(roomId, userId, connId) {
      entries(roomId).set(member(userId, connId), now() + ttlMs);
      return liveOf(roomId, userId) === 1;
    },
    async exit(roomId, userId, connId) {
      entries(roomId).delete(member(userId, connId));
      return liveOf(roomId, userId) === 0;
    },
    async refresh(roomId, sockets) {
      for (const { userId, connId } of sockets) entries(roomId).set(member(userId, connId), now() + ttlMs);
    },
    async sweep(roomId) {
      const expired = [...entries(roomId)].filter(([, expiresAt]) => expiresAt < now()).map(([entry]) => entry);
      for (const entry of expired) entries(roomId).delete(entry);
      return [...new Set(expired.map(userOf))].filter((userId) => liveOf(roomId, userId) === 0);
    },
    async online(roomId) {
      return distinctUsers([...entries(roomId)].filter(([, expiresAt]) => expiresAt >= now()).map(([entry]) => entry));
    },
  };
}

function distinctUsers(entries: string[]): number[] {
  return [...new Set(entries.map(userOf))].sort((a, b) => a - b);
}
