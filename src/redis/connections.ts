import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { redactUrl } from '../logging/redact-url.js';

/**
 * The command connection. ioredis reconnects by itself; the error listener turns
 * "connection refused" into a log line instead of an unhandled 'error' event.
 */
export function createRedis(url: string, logger: Logger, role: 'commands' | 'subscriber' = 'commands'): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    // Fail a command after one retry instead of queueing forever while Redis is down.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Logged without its password (REDIS_URL may carry one).
  const where = redactUrl(url);
  let reported = false;
  redis.on('error', (error) => {
    if (reported) return;
    reported = true;
    logger.error({ err: error, role, url: where }, `Redis ${role} connection to ${where} failed; retrying`);
  });
  redis.on('ready', () => {
    if (reported) logger.info({ role, url: where }, `Redis ${role} connection is back`);
    reported = false;
  });
  return redis;
}

/**
 * Closes a connection without hanging: QUIT when Redis answers (bounded), else drop it.
 * A QUIT sent while ioredis is reconnecting would wait for a Redis that may never return.
 */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([redis.quit().then(() => undefined), timeout]).catch(() => undefined);
  }
  redis.disconnect();
}
