import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { kakaoProfile, naverProfile } from '../support/oauth-provider.js';
import { unique } from '../support/factories.js';
import {
  completeSignup,
  csrfOf,
  freshEmail,
  freshNickname,
  kakaoId,
  pathOf,
  sessionIdOf,
  shownUser,
  signIn,
  startLogin,
  visitProvider,
  useSocialTestApp,
} from './social-flow.js';

const social = useSocialTestApp();
const { db } = social;

const linkedAccounts = (provider: 'kakao' | 'naver', providerUserId: string) =>
  db.socialAccount.findMany({ where: { provider, providerUserId } });

describe('Kakao sign-in', () => {
  it('first sign-in: the social signup page, then a new user linked to the Kakao account, logged in at next', async () => {
    const agent = request.agent(social.app);
    const id = kakaoId();
    const email = freshEmail('kakao');
    const nickname = freshNickname('카카오');
    const body = kakaoProfile({ id, email, nickname });
    social.kakao.approveNext(body);

    const { authorizeUrl } = await startLogin(agent, '/auth/kakao?next=/rooms/abc/');
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${social.kakao.authBaseUrl}/oauth/authorize`);
    expect(authorizeUrl.searchParams.get('client_id')).toBe(social.kakao.clientId);
    expect(authorizeUrl.searchParams.get('response_type')).toBe('code');
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe('http://localhost:8000/auth/kakao/callback');
    expect(authorizeUrl.searchParams.get('state')).toMatch(/^[A-Za-z0-9]{24}$/);

    const callback = await agent.get(pathOf(await visitProvider(authorizeUrl))).expect(302);
    expect(callback.headers.location).toBe('/auth/social/signup');
    expect(await shownUser(agent)).toBeNull();

    const page = await agent.get('/auth/social/signup').expect(200);
    expect(page.text).toContain('카카오 계정으로 가입');
    expect(page.text).toContain(`name="nickname" value="${nickname}"`);
    expect(page.text).toContain(email);
    expect(page.text).not.toContain('name="email"');

    const done = await agent.post('/auth/social/signup').type('form').send({ _csrf: csrfOf(page.text), nickname }).expect(303);
    expect(done.headers.location).toBe('/rooms/abc/');
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { socialAccounts: true } });
    expect(user).toMatchObject({ displayName: nickname, passwordHash: null });
    expect(user.username).toMatch(/^[a-zA-Z0-9_가-힣]{2,20}$/);
    expect(user.socialAccounts).toHaveLength(1);
    expect(user.socialAccounts[0]).toMatchObject({ provider: 'kakao', providerUserId: String(id), profile: body });
    expect(await shownUser(agent)).toBe(nickname);
    // The profile was fetched from the API host with the token in a Bearer header.
    const profileCall = social.kakao.requests.find((r) => r.path === new URL(`${social.kakao.apiBaseUrl}/v2/user/me`).pathname);
    expect(profileCall?.authorization).toMatch(/^Bearer \S+$/);
  });

  it('repeat sign-in logs the same user in directly, adds no rows and rotates the session id', async () => {
    const id = kakaoId();
    const email = freshEmail('kakao');
    const nickname = freshNickname('카카오');
    social.kakao.approveNext(kakaoProfile({ id, email, nickname }));
    const first = request.agent(social.app);
    await signIn(first, social.kakao);
    await completeSignup(first, { nickname }).then((res) => expect(res.status).toBe(303));

    const again = request.agent(social.app);
    social.kakao.approveNext(kakaoProfile({ id, email, nickname: '새 닉네임' }));
    const { authorizeUrl, sessionId: anonymousId } = await startLogin(again, '/auth/kakao?next=https://evil.example/');
    expect(anonymousId).toBeDefined();
    const callback = await again.get(pathOf(await visitProvider(authorizeUrl))).expect(302);
    expect(callback.headers.location).toBe('/');
    const loggedInId = sessionIdOf(callback);
    expect(loggedInId).toBeDefined();
    expect(loggedInId).not.toBe(anonymousId);
    expect(await social.redis.exists(`sess:${anonymousId}`)).toBe(0);

    expect(await shownUser(again)).toBe(nickname);
    expect(await db.user.count({ where: { email } })).toBe(1);
    const accounts = await linkedAccounts('kakao', String(id));
    expect(accounts).toHaveLength(1);
    // The stored raw profile follows the provider's latest answer.
    expect(accounts[0]?.profile).toMatchObject({ properties: { nickname: '새 닉네임' } });
  });

  it('asks for an email when Kakao gives none, validating it', async () => {
    const agent = request.agent(social.app);
    const id = kakaoId();
    social.kakao.approveNext(kakaoProfile({ id, nickname: '미연동 계정' }));
    expect((await signIn(agent, social.kakao)).headers.location).toBe('/auth/social/signup');

    const page = await agent.get('/auth/social/signup').expect(200);
    expect(page.text).toContain('name="email"');
    expect(page.text).toContain('name="nickname" value=""');
    const nickname = freshNickname();
    const post = (fields: Record<string, string>) =>
      agent.post('/auth/social/signup').type('form').send({ _csrf: csrfOf(page.text), ...fields });

    const missing = await post({ nickname }).expect(400);
    expect(missing.text).toContain('이메일을 입력해 주세요.');
    const invalid = await post({ nickname, email: 'not-an-email' }).expect(400);
    expect(invalid.text).toContain('올바른 이메일 주소를 입력해 주세요.');
    expect(invalid.text).toContain(`value="${nickname}"`);
    const badNickname = await post({ nickname: '미연동 계정', email: freshEmail() }).expect(400);
    expect(badNickname.text).toContain('다른 닉네임을 골라 주세요.');
    expect(await linkedAccounts('kakao', String(id))).toHaveLength(0);

    const email = freshEmail('Typed').toUpperCase();
    await post({ nickname, email }).expect(303);
    const user = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, include: { socialAccounts: true } });
    expect(user.displayName).toBe(nickname);
    expect(user.socialAccounts.map((account) => account.providerUserId)).toEqual([String(id)]);
  });
});

describe('Naver sign-in', () => {
  it('first sign-in creates the linked user; a repeat sign-in keeps next and adds no rows', async () => {
    const id = `naver-${unique()}`;
    const email = freshEmail('naver');
    const nickname = freshNickname('네이버');
    const body = naverProfile({ id, email, nickname });
    social.naver.approveNext(body);
    const first = request.agent(social.app);
    const { authorizeUrl } = await startLogin(first, '/auth/naver');
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${social.naver.authBaseUrl}/oauth2.0/authorize`);
    expect(authorizeUrl.searchParams.get('state')).toMatch(/^[A-Za-z0-9]{24}$/);
    expect((await first.get(pathOf(await visitProvider(authorizeUrl)))).headers.location).toBe('/auth/social/signup');
    const done = await completeSignup(first, { nickname });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/');
    const [account] = await linkedAccounts('naver', id);
    expect(account?.profile).toEqual(body);
    expect(await shownUser(first)).toBe(nickname);

    const again = request.agent(social.app);
    social.naver.approveNext(body);
    const callback = await signIn(again, social.naver, '/auth/naver?next=%2Frooms%2Fx%2F%3Ftab%3Dimages');
    expect(callback.status).toBe(302);
    expect(callback.headers.location).toBe('/rooms/x/?tab=images');
    expect(await shownUser(again)).toBe(nickname);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await linkedAccounts('naver', id)).toHaveLength(1);
    // Already logged in: starting again goes straight to next, not to Naver.
    expect((await again.get('/auth/naver?next=/rooms/q/').expect(302)).headers.location).toBe('/rooms/q/');
  });

  it('asks for the email Naver did not give, and the signup rotates the session id', async () => {
    const agent = request.agent(social.app);
    const id = `naver-${unique()}`;
    social.naver.approveNext(naverProfile({ id }));
    const { authorizeUrl, sessionId: anonymousId } = await startLogin(agent, '/auth/naver?next=/rooms/y/');
    await agent.get(pathOf(await visitProvider(authorizeUrl))).expect(302);
    const page = await agent.get('/auth/social/signup').expect(200);
    expect(page.text).toContain('네이버에서 이메일을 받지 못했어요');
    const email = freshEmail('naver');
    const nickname = freshNickname();
    const done = await agent.post('/auth/social/signup').type('form').send({ _csrf: csrfOf(page.text), nickname, email }).expect(303);
    expect(done.headers.location).toBe('/rooms/y/');
    expect(sessionIdOf(done)).toBeDefined();
    expect(sessionIdOf(done)).not.toBe(anonymousId);
    expect(await social.redis.exists(`sess:${anonymousId}`)).toBe(0);
    expect(await shownUser(agent)).toBe(nickname);
    expect(await db.user.findUnique({ where: { email } })).toMatchObject({ displayName: nickname });
  });

  it('a signup finished in another tab logs the second tab into that account, creating nothing more', async () => {
    const id = `naver-${unique()}`;
    const [tabA, tabB] = [request.agent(social.app), request.agent(social.app)];
    for (const tab of [tabA, tabB]) {
      social.naver.approveNext(naverProfile({ id }));
      expect((await signIn(tab, social.naver)).headers.location).toBe('/auth/social/signup');
    }
    const pageB = await tabB.get('/auth/social/signup').expect(200);
    const nicknameA = freshNickname();
    expect((await completeSignup(tabA, { nickname: nicknameA, email: freshEmail() })).status).toBe(303);

    const emailB = freshEmail();
    await tabB.post('/auth/social/signup').type('form').send({ _csrf: csrfOf(pageB.text), nickname: freshNickname(), email: emailB }).expect(303);
    expect(await shownUser(tabB)).toBe(nicknameA);
    expect(await db.user.count({ where: { email: emailB } })).toBe(0);
    expect(await linkedAccounts('naver', id)).toHaveLength(1);
  });
});
