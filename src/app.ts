import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { pinoHttp } from 'pino-http';
import type { Config } from './config/config.js';
import type { Database } from './db/prisma.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRouter } from './http/health.js';
import type { Logger } from './logging/logger.js';

export interface AppDeps {
  config: Config;
  db: Database;
  /** null in single-process (in-memory) mode. */
  redis: Redis | null;
  logger: Logger;
}

const projectRoot = path.resolve(import.meta.dirname, '..');

/** Builds the Express app. Connects and listens nowhere: server.ts does that. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.http.trustProxyHops);
  app.set('views', path.join(projectRoot, 'views'));
  app.set('view engine', 'ejs');

  app.use(requestLogger(deps.logger));
  app.use(healthRouter(deps));
  app.use('/static', express.static(path.join(projectRoot, 'public'), { maxAge: '1h' }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** One log line per request, each with a request id (the proxy's X-Request-Id when sane). */
function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    // Method, path and status are what an operator reads; headers stay out of the logs.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
