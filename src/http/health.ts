import { Router } from 'express';
import type { RedisClient } from '../redis/connections.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import { sendErrorJson, setErrorStatus } from './error-handler.js';

const CHECK_TIMEOUT_MS = 1500;

export interface HealthDeps {
  db: Database;
  redis: RedisClient | null;
}

/** `/healthz`: the process is up. `/readyz`: its database and Redis answer (503 naming what failed). */
export function healthRouter({ db, redis }: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, () => Promise<unknown>> = { database: () => db.$queryRaw`SELECT 1` };
    if (redis) checks.redis = () => redis.ping();
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await succeeds(check)] as const),
    );
    const failed = results.filter(([, ok]) => !ok).map(([name]) => name);
    if (failed.length === 0) {
      res.json({ ok: true, checks: Object.fromEntries(results.map(([name]) => [name, 'ok'])) });
      return;
    }
    const notReady = appError('NOT_READY', { failed: failed.join(', ') }, { failed });
    setErrorStatus(res, notReady);
    sendErrorJson(res, notReady);
  });
  return router;
}

async function succeeds(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
