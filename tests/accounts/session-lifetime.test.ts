import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS_SESSION_MS, SIGNED_IN_SESSION_MS } from '../../src/accounts/session.js';
import { buildTestApp } from '../support/app.js';
import { unique } from '../support/factories.js';
import { kakaoProfile } from '../support/oauth-provider.js';
import { csrfOf } from '../support/pages.js';
import { completeSignup, freshEmail, freshNickname, kakaoId, sessionIdOf, signIn, useSocialTestApp } from './social-flow.js';

// Sessions in the real Redis: a visitor's page view must not reserve memory for weeks
// (a loop of GET /login made one 14-day key per request); the long lifetime starts at login.

const social = useSocialTestApp();
const DAY_MS = 24 * 60 * 60 * 1000;

/** The session's remaining lifetime in Redis, in milliseconds. */
const ttlOf = (sessionId: string | undefined) => social.redis.pttl(`sess:${sessionId ?? 'missing'}`);

/** The cookie's own lifetime from a response, in milliseconds. */
function cookieMaxAgeMs(res: request.Response): number {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const expires = /Expires=([^;]+)/.exec(cookies.find((cookie) => cookie.startsWith('codingline.sid=')) ?? '')?.[1];
  return expires ? Date.parse(expires) - Date.now() : NaN;
}

describe('session lifetimes', () => {
  it('gives a visitor a 30-minute session, renewed while they use it', async () => {
    const agent = request.agent(social.app);
    const page = await agent.get('/login').expect(200);
    const sessionId = sessionIdOf(page);
    const ttl = await ttlOf(sessionId);
    expect(ttl).toBeGreaterThan(ANONYMOUS_SESSION_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 60 * 1000);
    expect(cookieMaxAgeMs(page)).toBeLessThanOrEqual(30 * 60 * 1000);

    // The next page view renews the cookie (same session) and the key's TTL.
    const again = await agent.get('/signup').expect(200);
    expect(sessionIdOf(again)).toBe(sessionId);
    expect(cookieMaxAgeMs(again)).toBeGreaterThan(ANONYMOUS_SESSION_MS - 60_000);
    expect(await ttlOf(sessionId)).toBeLessThanOrEqual(30 * 60 * 1000);
  });

  it('keeps the sessions of fifty visitors for minutes, not weeks', async () => {
    const ids = await Promise.all(Array.from({ length: 50 }, async () => sessionIdOf(await request(social.app).get('/login').expect(200))));
    const ttls = await Promise.all(ids.map(ttlOf));
    expect(Math.max(...ttls)).toBeLessThanOrEqual(30 * 60 * 1000);
    expect(Math.min(...ttls)).toBeGreaterThan(0);
  });

  it('starts the 14-day lifetime at an email login', async () => {
    const agent = request.agent(social.app);
    const id = unique();
    const email = `lifetime-${id}@example.com`;
    const csrf = await csrfOf(agent, '/signup');
    const signup = await agent.post('/signup').type('form').send({ email, username: `life_${id}`, password: 'password-1234', _csrf: csrf }).expect(303);
    expect(await ttlOf(sessionIdOf(signup))).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);

    const other = request.agent(social.app);
    const token = await csrfOf(other, '/login');
    const login = await other.post('/login').type('form').send({ email, password: 'password-1234', _csrf: token }).expect(303);
    const sessionId = sessionIdOf(login);
    expect(await ttlOf(sessionId)).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);
    expect(cookieMaxAgeMs(login)).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);
    // Later requests keep the long lifetime (the cookie rolls with use).
    const home = await other.get('/').expect(200);
    expect(cookieMaxAgeMs(home)).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);
    expect(await ttlOf(sessionId)).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);
  });

  it('starts the 14-day lifetime at a social sign-up and login', async () => {
    const profile = kakaoProfile({ id: kakaoId(), email: freshEmail('lifetime') });
    social.kakao.approveNext(profile);
    const first = request.agent(social.app);
    const callback = await signIn(first, social.kakao);
    expect(await ttlOf(sessionIdOf(callback))).toBeLessThanOrEqual(30 * 60 * 1000);
    const signup = await completeSignup(first, { nickname: freshNickname() });
    expect(signup.status).toBe(303);
    expect(await ttlOf(sessionIdOf(signup))).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);

    social.kakao.approveNext(profile);
    const again = await signIn(request.agent(social.app), social.kakao);
    expect(again.status).toBe(302);
    expect(await ttlOf(sessionIdOf(again))).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);
  });

  it('work the same without Redis, in the expiring memory store', async () => {
    const app = buildTestApp({ db: social.db, redis: null });
    const agent = request.agent(app);
    const page = await agent.get('/signup').expect(200);
    expect(cookieMaxAgeMs(page)).toBeLessThanOrEqual(30 * 60 * 1000);
    const id = unique();
    const csrf = await csrfOf(agent, '/signup');
    const signup = await agent.post('/signup').type('form').send({ email: `memory-${id}@example.com`, username: `mem_${id}`, password: 'password-1234', _csrf: csrf }).expect(303);
    expect(cookieMaxAgeMs(signup)).toBeGreaterThan(SIGNED_IN_SESSION_MS - DAY_MS);
    expect((await agent.get('/').expect(200)).text).toContain(`mem_${id}`);
  });
});
