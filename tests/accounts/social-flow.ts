import { randomInt } from 'node:crypto';
import type { Response } from 'supertest';
import type request from 'supertest';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect } from 'vitest';
import { SESSION_COOKIE } from '../../src/accounts/session.js';
import { unique } from '../support/factories.js';
import { buildTestApp, testRedis } from '../support/app.js';
import { testConfig, testDatabase } from '../support/context.js';
import type { Database } from '../../src/db/prisma.js';
import { startOAuthProvider, type OAuthStandIn } from '../support/oauth-provider.js';

export type Agent = ReturnType<typeof request.agent>;

/** A fresh Kakao-style numeric account id. */
export const kakaoId = () => randomInt(1, 2 ** 47);
/** A nickname no other test uses (display names are unique). */
export const freshNickname = (prefix = '닉') => `${prefix}${unique().slice(0, 8)}`;
export const freshEmail = (prefix = 'social') => `${prefix}-${unique()}@example.com`;

/** GET /auth/<provider>: the app answers with a redirect to the provider's authorize page. */
export async function startLogin(agent: Agent, path: string): Promise<{ authorizeUrl: URL; sessionId: string | undefined }> {
  const res = await agent.get(path).expect(302);
  return { authorizeUrl: new URL(String(res.headers.location)), sessionId: sessionIdOf(res) };
}

/** The browser at the provider: the authorize page redirects back to the app's callback. */
export async function visitProvider(authorizeUrl: URL): Promise<URL> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

export const pathOf = (url: URL) => url.pathname + url.search;

/** The whole round trip with whatever the stand-in was primed to do; the callback's response. */
export async function signIn(agent: Agent, provider: OAuthStandIn, path = `/auth/${provider.kind}`): Promise<Response> {
  const { authorizeUrl } = await startLogin(agent, path);
  return agent.get(pathOf(await visitProvider(authorizeUrl)));
}

/** Signs up through the social signup page; resolves with the POST response. */
export async function completeSignup(agent: Agent, fields: { nickname: string; email?: string }): Promise<Response> {
  const page = await agent.get('/auth/social/signup').expect(200);
  return agent.post('/auth/social/signup').type('form').send({ _csrf: csrfOf(page.text), ...fields });
}

/** The session id in a response's Set-Cookie, if it set one. */
export function sessionIdOf(res: Response): string | undefined {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const cookie = cookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) return undefined;
  const value = decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '');
  return /^s:([^.]+)\./.exec(value)?.[1];
}

export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('page has no _csrf field');
  return token;
}

/** The name in the page header when logged in, else null (home redirects to /login). */
export async function shownUser(agent: Agent): Promise<string | null> {
  const res = await agent.get('/');
  if (res.status === 302) {
    expect(String(res.headers.location)).toMatch(/^\/login/);
    return null;
  }
  expect(res.status).toBe(200);
  return /<span class="who">([^<]*)<\/span>/.exec(res.text)?.[1] ?? null;
}

/** How many token requests the stand-in has answered so far. */
export const tokenRequests = (provider: OAuthStandIn) => provider.requests.filter((r) => r.method === 'POST').length;

export interface SocialTestApp {
  readonly db: Database;
  readonly redis: Redis;
  readonly app: Express;
  readonly kakao: OAuthStandIn;
  readonly naver: OAuthStandIn;
}

/**
 * The set-up of a social sign-in test file: stand-ins for both providers, and the real
 * app pointed at them over the test database and Redis. Parts are ready inside tests.
 */
export function useSocialTestApp(): SocialTestApp {
  const db = testDatabase();
  let parts: { redis: Redis; app: Express; kakao: OAuthStandIn; naver: OAuthStandIn } | undefined;
  beforeAll(async () => {
    const redis = await testRedis();
    const [kakao, naver] = await Promise.all([startOAuthProvider('kakao'), startOAuthProvider('naver')]);
    parts = { redis, kakao, naver, app: buildTestApp({ db, redis, config: testConfig({ ...kakao.env(), ...naver.env() }) }) };
  });
  afterAll(async () => {
    if (parts) {
      await Promise.all([parts.kakao.close(), parts.naver.close()]);
      parts.redis.disconnect();
    }
    await db.$disconnect();
  });
  const ready = () => {
    if (!parts) throw new Error('useSocialTestApp() parts are ready only inside tests and hooks');
    return parts;
  };
  return {
    db,
    get redis() {
      return ready().redis;
    },
    get app() {
      return ready().app;
    },
    get kakao() {
      return ready().kakao;
    },
    get naver() {
      return ready().naver;
    },
  };
}
