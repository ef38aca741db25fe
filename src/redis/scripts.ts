import { createHash } from 'node:crypto';
import type { RedisClient } from './connections.js';

export type ScriptArgument = string | number;

/**
 * A Lua script run by its SHA1 (EVALSHA), so the hot paths (the chat rate limit on every
 * message) do not send the script's text each time; the first run on a Redis that does not
 * know it yet (NOSCRIPT) sends it once with EVAL, which also loads it.
 */
export function luaScript(lua: string) {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis: RedisClient, keys: readonly string[], args: readonly ScriptArgument[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
