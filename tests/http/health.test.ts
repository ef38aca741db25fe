import request from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../src/db/prisma.js';
import { createRedis } from '../../src/redis/connections.js';
import { buildTestApp } from '../support/app.js';
import { silentLogger, testDatabase } from '../support/context.js';

const db = testDatabase();
const redis = createRedis(inject('redisUrl'), silentLogger);
// Nothing listens on port 1: a real client that cannot reach its server.
const deadRedis = createRedis('redis://127.0.0.1:1', silentLogger);
const deadDb = createDatabase('mysql://nobody:wrong@127.0.0.1:1/none', { connectionLimit: 1 });

afterAll(async () => {
  redis.disconnect();
  deadRedis.disconnect();
  await Promise.all([db.$disconnect(), deadDb.$disconnect()]);
});

describe('health endpoints', () => {
  it('/healthz answers while the process is up, whatever its dependencies', async () => {
    const app = buildTestApp({ db: deadDb, redis: deadRedis });
    await request(app).get('/healthz').expect(200, { ok: true });
  });

  it('/readyz answers 200 when the database and Redis answer', async () => {
    const app = buildTestApp({ db, redis });
    const res = await request(app).get('/readyz').expect(200);
    expect(res.body).toEqual({ ok: true, checks: { database: 'ok', redis: 'ok' } });
  });

  it('/readyz answers 503 naming Redis when Redis is unreachable', async () => {
    const app = buildTestApp({ db, redis: deadRedis });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body).toMatchObject({ ok: false, code: 'NOT_READY', failed: ['redis'] });
  });

  it('/readyz answers 503 naming the database when it is unreachable', async () => {
    const app = buildTestApp({ db: deadDb, redis });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body).toMatchObject({ ok: false, code: 'NOT_READY', failed: ['database'] });
  });

  it('/readyz checks only the database in in-memory mode', async () => {
    const app = buildTestApp({ db, redis: null });
    expect((await request(app).get('/readyz').expect(200)).body.checks).toEqual({ database: 'ok' });
  });

  it('answers unknown paths with a Korean 404 as JSON or as a page', async () => {
    const app = buildTestApp({ db, redis });
    const json = await request(app).get('/no-such-page').set('Accept', 'application/json').expect(404);
    expect(json.body).toEqual({ ok: false, error: '페이지를 찾을 수 없습니다.', code: 'NOT_FOUND' });
    const page = await request(app).get('/no-such-page').set('Accept', 'text/html').expect(404);
    expect(page.text).toContain('페이지를 찾을 수 없습니다.');
    expect(page.text).toContain('<meta name="csrf-token"');
  });

  it('gives every response a request id, keeping a sane one from the proxy', async () => {
    const app = buildTestApp({ db, redis });
    const fresh = await request(app).get('/healthz');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await request(app).get('/healthz').set('X-Request-Id', 'proxy-abc.123');
    expect(given.headers['x-request-id']).toBe('proxy-abc.123');
    const forged = await request(app).get('/healthz').set('X-Request-Id', 'bad id <script>');
    // Replaced by a fresh id (not checked for "bad": a random UUID can contain those letters).
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
