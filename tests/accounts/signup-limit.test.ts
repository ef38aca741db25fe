import bcrypt from 'bcrypt';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccountService } from '../../src/accounts/account-service.js';
import { buildTestApp, testRedis } from '../support/app.js';
import { testConfig, testDatabase, testEnv } from '../support/context.js';
import { buildUser, unique } from '../support/factories.js';
import { kakaoProfile, startOAuthProvider, type OAuthStandIn } from '../support/oauth-provider.js';
import { csrfOf } from '../support/pages.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { freshNetwork, tally, Visitor } from '../support/visitor.js';
import { completeSignup, freshNickname, kakaoId, signIn } from './social-flow.js';

const SIGNUP_RATE_LIMIT = 5;
const db = testDatabase();
let server: ServerProcess;
let redis: Redis;
let kakao: OAuthStandIn;
beforeAll(async () => {
  [server, redis, kakao] = await Promise.all([
    startServerProcess(testEnv({ TRUST_PROXY_HOPS: '1', SIGNUP_RATE_LIMIT: String(SIGNUP_RATE_LIMIT) })),
    testRedis(),
    startOAuthProvider('kakao'),
  ]);
});
afterAll(async () => {
  await Promise.all([server.stop(), kakao.close()]);
  redis.disconnect();
  await db.$disconnect();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const signupForm = (id = unique()) => ({ email: `flood-${id}@example.com`, username: `flood_${id}`, password: 'password-1234' });

describe('sign-up limits', () => {
  it('refuses the sign-ups of one /64 past SIGNUP_RATE_LIMIT, before creating anything', async () => {
    // The global ceiling (50 × the limit) is shared with every other test's sign-ups in
    // this run; start it from zero so only this network's limit can refuse us.
    await redis.del('ratelimit:{signup}:global');
    const network = freshNetwork();
    const visitors = await Promise.all(Array.from({ length: 100 }, (_, i) => Visitor.at(server.url, network.host(i), '/signup')));
    const forms = visitors.map(() => signupForm());
    const answers = await Promise.all(visitors.map((visitor, i) => visitor.post('/signup', forms[i] ?? signupForm())));

    const accepted = answers.filter((answer) => answer.body.ok);
    expect(accepted, JSON.stringify(tally(answers))).toHaveLength(SIGNUP_RATE_LIMIT);
    for (const answer of answers.filter((candidate) => !candidate.body.ok)) {
      expect(answer.status).toBe(429);
      expect(answer.body.code).toBe('RATE_LIMITED');
      expect(answer.body.error).toMatch(/가입 요청이 너무 많습니다\. \d+분 후에 다시 시도해 주세요\./);
      expect(Number(answer.retryAfter)).toBeGreaterThan(3000);
    }
    const created = await db.user.count({ where: { email: { in: forms.map((form) => form.email) } } });
    expect(created).toBe(SIGNUP_RATE_LIMIT);

    // Another network signs up as usual.
    const neighbour = await Visitor.at(server.url, freshNetwork().host(1), '/signup');
    expect((await neighbour.post('/signup', signupForm())).body.ok).toBe(true);
  });

  it('counts a social sign-up against the same limit', async () => {
    const app = buildTestApp({ db, redis, config: testConfig({ ...kakao.env(), TRUST_PROXY_HOPS: '1', SIGNUP_RATE_LIMIT: '2' }) });
    const address = freshNetwork().host(1);
    await redis.del('ratelimit:{signup}:global');
    for (let i = 0; i < 2; i += 1) {
      const agent = request.agent(app).set('X-Forwarded-For', address);
      const csrf = await csrfOf(agent, '/signup');
      await agent.post('/signup').type('form').send({ ...signupForm(), _csrf: csrf }).expect(303);
    }

    const social = request.agent(app).set('X-Forwarded-For', address);
    kakao.approveNext(kakaoProfile({ id: kakaoId(), email: `social-${unique()}@example.com` }));
    expect((await signIn(social, kakao)).headers.location).toBe('/auth/social/signup');
    const refused = await completeSignup(social, { nickname: freshNickname() });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('가입 요청이 너무 많습니다.');
  });

  it('answers a taken email or username before bcrypt runs', async () => {
    const user = await buildUser(db);
    const accounts = createAccountService({ db, bcryptCost: 4 });
    const hash = vi.spyOn(bcrypt, 'hash');
    await expect(accounts.signUp({ email: user.email, username: `free_${unique()}`, password: 'password-1234' })).rejects.toMatchObject({ code: 'EMAIL_TAKEN', details: { field: 'email' } });
    await expect(accounts.signUp({ email: `free-${unique()}@example.com`, username: user.username.toUpperCase(), password: 'password-1234' })).rejects.toMatchObject({
      code: 'USERNAME_TAKEN',
      details: { field: 'username' },
    });
    // createAccountService hashes its timing-equaliser once; no sign-up hashed anything.
    expect(hash.mock.calls.filter(([password]) => password !== 'codingline-timing-equaliser')).toHaveLength(0);
  });
});
