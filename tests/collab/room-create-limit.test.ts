import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, testRedis } from '../support/app.js';
import { testConfig, testDatabase } from '../support/context.js';
import { unique } from '../support/factories.js';
import { freshNetwork } from '../support/visitor.js';
import { postJson, signedInAgent, type SignedIn } from './http-helpers.js';

// POST /rooms is limited per user and per client address (ROOM_CREATE_RATE_LIMIT per
// ROOM_CREATE_RATE_WINDOW_SECONDS), counted before a room password is hashed.

const LIMIT = 3;
const db = testDatabase();
let redis: Redis;
let app: Express;
beforeAll(async () => {
  redis = await testRedis();
  app = buildTestApp({ db, redis, config: testConfig({ TRUST_PROXY_HOPS: '1', ROOM_CREATE_RATE_LIMIT: String(LIMIT) }) });
});
afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
});

const createRoom = (who: SignedIn, address: string) =>
  postJson(who, '/rooms', { name: `방 ${unique()}`, capacity: 5, password: '비밀번호는길게' }).set('X-Forwarded-For', address);

describe('room creation limits', () => {
  it('refuses a user past the limit from any address, and an address past it for any user', async () => {
    // The global ceiling (50 × the limit) counts every test's rooms; start it from zero.
    await redis.del('ratelimit:{room}:global');
    const [alice, bob, carol] = await Promise.all([signedInAgent(app, db), signedInAgent(app, db), signedInAgent(app, db)]);
    const [home, office, cafe] = [freshNetwork().host(1), freshNetwork().host(1), freshNetwork().host(1)];

    for (let i = 0; i < LIMIT; i += 1) expect((await createRoom(alice, home)).status).toBe(200);
    const refused = await createRoom(alice, office);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ ok: false, code: 'RATE_LIMITED', error: expect.stringMatching(/^채팅방을 너무 자주 만들고 있습니다\. \d+분 후에/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);

    // Alice's address is used up too: Bob is refused there, but not from the office.
    expect((await createRoom(bob, home)).status).toBe(429);
    expect((await createRoom(bob, office)).status).toBe(200);
    expect((await createRoom(carol, cafe)).status).toBe(200);
    expect(await db.room.count({ where: { createdById: alice.user.id } })).toBe(LIMIT);
  });
});
