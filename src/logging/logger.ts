import { pino, type Logger } from 'pino';
import type { Config } from '../config/config.js';

export type { Logger };

/** JSON lines in production and tests; readable lines (pino-pretty) in development. */
export function createLogger(config: Pick<Config, 'env' | 'log'>): Logger {
  const pretty = config.env === 'development';
  return pino({
    level: config.log.level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
