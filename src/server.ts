import http from 'node:http';
import type { AddressInfo } from 'node:net';
import dotenv from 'dotenv';
import { createApp } from './app.js';
import { createAppDeps } from './deps.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createDatabase, type Database } from './db/prisma.js';
import type { SqlPool } from './db/sql-pool.js';
import { createLogger, type Logger } from './logging/logger.js';
import type { MediaStore } from './media/media-store.js';
import type { Bus } from './bus/bus.js';
import { startRealtime } from './realtime/realtime.js';
import { closeRedis, createRedisConnection, describeRedis, type RedisConnection } from './redis/connections.js';

const SHUTDOWN_GRACE_MS = 10_000;

function readConfig(): Config {
  dotenv.config({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line naming every bad variable, then stop.
    console.error(`codingline: ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config);
  const db = createDatabase(config.db.url);
  const redis = config.redis ? createRedisConnection(config.redis, logger) : null;
  if (config.redis && redis) {
    const where = describeRedis(config.redis);
    await redis.connect().catch((error: unknown) => {
      logger.error({ err: error }, `Redis at ${where} does not answer; pages that need it fail until it does`);
    });
  } else {
    logger.warn('REDIS_URL and REDIS_CLUSTER_NODES are empty: single-process mode with in-memory sessions and fan-out');
  }

  const deps = createAppDeps({ config, db, redis, logger });
  const server = http.createServer(createApp(deps));
  const realtime = startRealtime(server, { ...deps, rooms: deps.realtimeRooms });
  if (config.session.developmentSecret) {
    logger.warn({ host: config.http.host }, 'SESSION_SECRET is not set: the public development secret signs sessions, so only this machine is served');
  }
  const onListening = () => {
    const { port, address } = server.address() as AddressInfo;
    logger.info({ port, host: address, env: config.env }, `codingline listening on http://localhost:${port}`);
  };
  if (config.http.host === null) server.listen(config.http.port, onListening);
  else server.listen(config.http.port, config.http.host, onListening);
  onShutdownSignal(() => shutdown({ server, realtime, bus: deps.bus, db, sqlPool: deps.sqlPool, redis, media: deps.files.store, logger }));
}

interface Running {
  server: http.Server;
  realtime: { stop(): void };
  bus: Bus;
  db: Database;
  sqlPool: SqlPool;
  redis: RedisConnection | null;
  media: MediaStore;
  logger: Logger;
}

/**
 * Stop accepting, close the sockets (1001: clients reconnect to another process), let
 * in-flight requests finish (bounded), then close the subscriber, Redis and the database.
 */
async function shutdown({ server, realtime, bus, db, sqlPool, redis, media, logger }: Running) {
  logger.info('shutting down');
  const force = setTimeout(() => {
    logger.warn('in-flight requests did not finish in time; closing them');
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  // Nothing may keep a stopping process alive: past this, it exits anyway.
  setTimeout(() => {
    logger.error('shutdown did not finish in time; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS + 5000).unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  realtime.stop();
  server.closeIdleConnections();
  await closed;
  await bus.close();
  if (redis) await closeRedis(redis);
  await sqlPool.end();
  await db.$disconnect();
  media.close();
  logger.info('stopped');
}

function onShutdownSignal(handler: () => Promise<void>): void {
  let started = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (started) return;
      started = true;
      handler().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error('codingline failed to start:', error);
  process.exit(1);
});
