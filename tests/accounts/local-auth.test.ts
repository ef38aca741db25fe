import bcrypt from 'bcrypt';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../support/app.js';
import { testConfig } from '../support/context.js';
import { unique } from '../support/factories.js';
import { csrfOf, sessionCookie } from '../support/pages.js';

const harness = useTestApp();
const { db } = harness;


const PASSWORD = '비밀번호-long-enough';

async function signUp(agent = request.agent(harness.app), overrides: Record<string, string> = {}) {
  const id = unique();
  const form = { email: `Local-${id}@Example.com`, username: `사용자_${id}`.slice(0, 20), password: PASSWORD, ...overrides };
  const csrf = await csrfOf(agent, '/signup');
  const res = await agent.post('/signup').type('form').send({ ...form, _csrf: csrf });
  return { agent, res, form };
}

async function logIn(agent: ReturnType<typeof request.agent>, email: string, password: string, extra: Record<string, string> = {}) {
  const csrf = await csrfOf(agent, '/login');
  return agent.post('/login').type('form').send({ email, password, _csrf: csrf, ...extra });
}

describe('sign-up', () => {
  it('creates the user with a bcrypt hash, logs them in and lands on home', async () => {
    const { agent, res, form } = await signUp();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const user = await db.user.findUniqueOrThrow({ where: { email: form.email.toLowerCase() } });
    expect(user.passwordHash).not.toContain(PASSWORD);
    expect(await bcrypt.compare(PASSWORD, user.passwordHash ?? '')).toBe(true);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain(form.username);
  });

  it.each([
    [{ email: 'not-an-email' }, 'email', '올바른 이메일 주소를 입력해 주세요.'],
    [{ username: 'a' }, 'username', '아이디는 2자 이상이어야 합니다.'],
    [{ username: 'bad name!' }, 'username', '아이디는 한글, 영문, 숫자, 밑줄(_)만 쓸 수 있습니다.'],
    [{ password: 'short' }, 'password', '비밀번호는 8자 이상이어야 합니다.'],
    [{ password: '가'.repeat(25) }, 'password', '비밀번호가 너무 깁니다 (최대 72바이트, 한글은 약 24자).'],
  ])('refuses %o with a Korean message beside the field', async (overrides, field, message) => {
    const { res } = await signUp(undefined, overrides);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`id="${field}-error"`);
  });

  it('answers AJAX sign-ups in JSON with a stable code', async () => {
    const agent = request.agent(harness.app);
    const csrf = await csrfOf(agent, '/signup');
    const res = await agent.post('/signup').set('Accept', 'application/json').set('X-CSRF-Token', csrf).send({ email: 'x', username: 'ok_name', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field: 'email', error: '올바른 이메일 주소를 입력해 주세요.' });
  });

  it('refuses a taken email or username, keeping the typed values', async () => {
    const { form } = await signUp();
    const sameEmail = await signUp(undefined, { email: form.email.toUpperCase() });
    expect(sameEmail.res.status).toBe(409);
    expect(sameEmail.res.text).toContain('이미 가입된 이메일입니다.');
    const sameName = await signUp(undefined, { username: form.username });
    expect(sameName.res.status).toBe(409);
    expect(sameName.res.text).toContain('이미 사용 중인 아이디입니다.');
    expect(sameName.res.text).toContain(`value="${sameName.form.email}"`);
  });
});

describe('login and logout', () => {
  it('logs in with the right password, rotating the session id', async () => {
    const { form } = await signUp();
    const agent = request.agent(harness.app);
    const page = await agent.get('/login');
    const before = sessionCookie(page.headers['set-cookie']);
    const res = await logIn(agent, form.email, PASSWORD);
    expect(res.status).toBe(303);
    const after = sessionCookie(res.headers['set-cookie']);
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    await agent.get('/').expect(200);
  });

  it('refuses a wrong password or unknown email with the same message', async () => {
    const { form } = await signUp();
    const wrong = await logIn(request.agent(harness.app), form.email, 'wrong-password');
    const unknown = await logIn(request.agent(harness.app), `nobody-${unique()}@example.com`, PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('이메일 또는 비밀번호가 올바르지 않습니다.');
    }
  });

  it('sends a visitor to the login page with next, and back after login', async () => {
    const { form } = await signUp();
    const agent = request.agent(harness.app);
    const page = await agent.get('/?q=파이썬').set('Accept', 'text/html');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2F%3Fq%3D%25ED%258C%258C%25EC%259D%25B4%25EC%258D%25AC');
    const next = decodeURIComponent(new URL(page.headers.location ?? '', 'http://x').searchParams.get('next') ?? '');
    const res = await logIn(agent, form.email, PASSWORD, { next });
    expect(decodeURIComponent(res.headers.location ?? '')).toBe('/?q=파이썬');
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)'])(
    'refuses the open redirect next=%s',
    async (next) => {
      const { form } = await signUp();
      const res = await logIn(request.agent(harness.app), form.email, PASSWORD, { next });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
    },
  );

  it('logout destroys the session in Redis and the old cookie no longer works', async () => {
    const { agent, res } = await signUp();
    const cookie = sessionCookie(res.headers['set-cookie']) ?? '';
    const sid = decodeURIComponent(cookie.split('=')[1] ?? '').slice(2).split('.')[0];
    expect(await harness.redis.exists(`sess:${sid}`)).toBe(1);
    const csrf = await csrfOf(agent, '/');
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    expect(await harness.redis.exists(`sess:${sid}`)).toBe(0);
    const replay = await request(harness.app).get('/').set('Cookie', cookie).set('Accept', 'text/html');
    expect(replay.status).toBe(302);
  });
});

describe('sessions', () => {
  it('survive in Redis across two harness.app instances', async () => {
    const { agent, res, form } = await signUp();
    const cookie = sessionCookie(res.headers['set-cookie']) ?? '';
    const otherInstance = buildTestApp({ db, redis: harness.redis });
    const home = await request(otherInstance).get('/').set('Cookie', cookie).expect(200);
    expect(home.text).toContain(`<span class="who">${form.username}</span>`);
    await agent.get('/').expect(200);
  });

  it('use an HttpOnly, SameSite=Lax cookie, Secure only over HTTPS', async () => {
    const { res } = await signUp();
    const cookie = [res.headers['set-cookie']].flat().join(';');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });
});

describe('CSRF and headers', () => {
  it('refuses a state-changing request without the token (403, nothing created)', async () => {
    const email = `csrf-${unique()}@example.com`;
    const res = await request(harness.app).post('/signup').type('form').send({ email, username: `csrf_${unique()}`, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('보안 토큰이 없거나 만료되었습니다.');
    expect(await db.user.count({ where: { email } })).toBe(0);
    const json = await request(harness.app).post('/logout').set('Accept', 'application/json').set('X-CSRF-Token', 'forged');
    expect(json.status).toBe(403);
    expect(json.body).toMatchObject({ ok: false, code: 'CSRF_FAILED' });
  });

  it('makes a session only for pages that need a token, not for redirects or JSON 404s', async () => {
    const redirect = await request(harness.app).get('/').set('Accept', 'text/html').expect(302);
    const missing = await request(harness.app).get('/nowhere').set('Accept', 'application/json').expect(404);
    expect(sessionCookie(redirect.headers['set-cookie'])).toBeUndefined();
    expect(sessionCookie(missing.headers['set-cookie'])).toBeUndefined();
    const login = await request(harness.app).get('/login').expect(200);
    expect(sessionCookie(login.headers['set-cookie'])).toBeDefined();
  });

  it('puts the token in a meta tag on every page and sends a CSP without inline scripts', async () => {
    const res = await request(harness.app).get('/login').expect(200);
    expect(res.text).toMatch(/<meta name="csrf-token" content="[\w-]{20,}">/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('login throttling', () => {
  it('blocks an account after repeated failures, before checking the password', async () => {
    const { form } = await signUp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await logIn(request.agent(harness.app), form.email, 'wrong-password')).status).toBe(400);
    }
    const blocked = await logIn(request.agent(harness.app), form.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('로그인 시도가 너무 많습니다.');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('blocks an IP across accounts, and a forged X-Forwarded-For does not help', async () => {
    // No trusted proxy: X-Forwarded-For is ignored, every attempt counts against 127.0.0.1.
    const attempt = async (forwardedFor: string) => {
      const agent = request.agent(harness.app);
      const csrf = await csrfOf(agent, '/login');
      return agent.post('/login').set('X-Forwarded-For', forwardedFor).type('form')
        .send({ email: `spray-${unique()}@example.com`, password: 'wrong-password', _csrf: csrf });
    };
    // Earlier tests in this file failed logins from this same address; start clean.
    const ipKeys = await harness.redis.keys('ratelimit:{login}:ip:*');
    if (ipKeys.length > 0) await harness.redis.del(...ipKeys);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await attempt(`10.0.0.${i}`)).status);
    expect(statuses.slice(0, 20).every((status) => status === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    await harness.redis.del(...(await harness.redis.keys('ratelimit:{login}:ip:*')));
  });

  it('counts the client address from the configured proxy hops', async () => {
    const behindProxy = buildTestApp({ db, redis: harness.redis, config: testConfig({ TRUST_PROXY_HOPS: '1' }) });
    const { form } = await signUp();
    const agent = request.agent(behindProxy);
    const csrf = await csrfOf(agent, '/login');
    const res = await agent.post('/login').set('X-Forwarded-For', '203.0.113.9').set('X-Forwarded-Proto', 'https').type('form')
      .send({ email: form.email, password: 'wrong-password', _csrf: csrf });
    expect(res.status).toBe(400);
    expect(await harness.redis.exists('ratelimit:{login}:ip:203.0.113.9')).toBe(1);
    await harness.redis.del('ratelimit:{login}:ip:203.0.113.9');
  });
});

describe('cookies behind an HTTPS proxy', () => {
  it('are Secure when the trusted proxy says the request came over HTTPS', async () => {
    const behindProxy = buildTestApp({ db, redis: harness.redis, config: testConfig({ TRUST_PROXY_HOPS: '1' }) });
    const res = await request(behindProxy).get('/login').set('X-Forwarded-Proto', 'https');
    expect([res.headers['set-cookie']].flat().join(';')).toMatch(/Secure/);
  });
});
