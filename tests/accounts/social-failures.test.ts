import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app.js';
import { testConfig } from '../support/context.js';
import { buildUser } from '../support/factories.js';
import { kakaoProfile, naverProfile } from '../support/oauth-provider.js';
import {
  completeSignup,
  csrfOf,
  freshEmail,
  freshNickname,
  kakaoId,
  pathOf,
  shownUser,
  signIn,
  startLogin,
  tokenRequests,
  visitProvider,
  useSocialTestApp,
} from './social-flow.js';

const social = useSocialTestApp();
const { db } = social;

const kakaoAccounts = (id: number) => db.socialAccount.count({ where: { provider: 'kakao', providerUserId: String(id) } });

describe('social sign-in refusals', () => {
  it('consent denied on the provider: back to the login page with a Korean message, nobody logged in', async () => {
    const agent = request.agent(social.app);
    social.kakao.denyNext();
    const res = await signIn(agent, social.kakao, '/auth/kakao?next=/rooms/z/');
    expect(res.status).toBe(401);
    expect(res.text).toContain('카카오 로그인이 취소되었습니다.');
    expect(res.text).toContain('action="/login"');
    expect(res.text).toContain('name="next" value="/rooms/z/"');
    expect(await shownUser(agent)).toBeNull();
    expect((await agent.get('/auth/social/signup').expect(302)).headers.location).toBe('/login');
  });

  it('refuses a tampered or missing state before exchanging the code, and logs nobody in', async () => {
    for (const tamper of [(url: URL) => url.searchParams.set('state', 'A'.repeat(24)), (url: URL) => url.searchParams.delete('state')]) {
      const agent = request.agent(social.app);
      const id = kakaoId();
      social.kakao.approveNext(kakaoProfile({ id, email: freshEmail(), nickname: freshNickname() }));
      const { authorizeUrl } = await startLogin(agent, '/auth/kakao');
      const back = await visitProvider(authorizeUrl);
      tamper(back);
      const tokensBefore = tokenRequests(social.kakao);
      const res = await agent.get(pathOf(back)).expect(403);
      expect(res.text).toContain('로그인 요청이 만료되었거나 올바르지 않습니다.');
      expect(tokenRequests(social.kakao)).toBe(tokensBefore);
      expect(await shownUser(agent)).toBeNull();
      expect((await agent.get('/auth/social/signup')).status).toBe(302);
      expect(await kakaoAccounts(id)).toBe(0);
    }
  });

  it('refuses a callback from another browser, and a replayed callback', async () => {
    const agent = request.agent(social.app);
    social.naver.approveNext(naverProfile({ id: `naver-${kakaoId()}`, email: freshEmail(), nickname: freshNickname() }));
    const { authorizeUrl } = await startLogin(agent, '/auth/naver');
    const callback = pathOf(await visitProvider(authorizeUrl));

    const stranger = request.agent(social.app);
    expect((await stranger.get(callback)).status).toBe(403);
    expect(await shownUser(stranger)).toBeNull();

    expect((await agent.get(callback)).headers.location).toBe('/auth/social/signup');
    const replay = await agent.get(callback).expect(403);
    expect(replay.text).toContain('로그인 요청이 만료되었거나 올바르지 않습니다.');
  });

  it('a bad code fails at the token endpoint: login page with a Korean error, nobody logged in', async () => {
    const agent = request.agent(social.app);
    social.kakao.approveNext(kakaoProfile({ id: kakaoId(), email: freshEmail(), nickname: freshNickname() }));
    const { authorizeUrl } = await startLogin(agent, '/auth/kakao');
    const back = await visitProvider(authorizeUrl);
    back.searchParams.set('code', 'forged-code');
    const tokensBefore = tokenRequests(social.kakao);
    const res = await agent.get(pathOf(back)).expect(400);
    expect(tokenRequests(social.kakao)).toBe(tokensBefore + 1);
    expect(res.text).toContain('카카오 로그인에 실패했습니다.');
    expect(await shownUser(agent)).toBeNull();
  });

  it('a wrong client secret is refused by the token endpoint and shown as a failed login', async () => {
    const misconfigured = buildTestApp({ db, redis: social.redis, config: testConfig({ ...social.naver.env({ clientSecret: 'wrong-secret' }) }) });
    const agent = request.agent(misconfigured);
    social.naver.approveNext(naverProfile({ id: `naver-${kakaoId()}`, email: freshEmail() }));
    const res = await signIn(agent, social.naver);
    expect(res.status).toBe(400);
    expect(res.text).toContain('네이버 로그인에 실패했습니다.');
    expect(social.naver.requests.at(-1)?.form?.client_secret).toBe('wrong-secret');
    expect(await shownUser(agent)).toBeNull();
  });

  it('a failing profile endpoint becomes a Korean error page, not a crash', async () => {
    const agent = request.agent(social.app);
    const id = kakaoId();
    social.kakao.approveNext(kakaoProfile({ id, email: freshEmail() }), { profileFails: true });
    const res = await signIn(agent, social.kakao);
    expect(res.status).toBe(502);
    expect(res.text).toContain('카카오 서버와 통신하지 못했습니다.');
    expect(await shownUser(agent)).toBeNull();
    expect(await kakaoAccounts(id)).toBe(0);
  });
});

describe('email and nickname collisions', () => {
  it('never links to a local account with the provider email: refused, nothing created', async () => {
    const email = freshEmail('local');
    await buildUser(db, { email, passwordHash: 'not-a-real-hash' });
    const agent = request.agent(social.app);
    const id = kakaoId();
    social.kakao.approveNext(kakaoProfile({ id, email, nickname: freshNickname() }));
    const res = await signIn(agent, social.kakao);
    expect(res.status).toBe(409);
    expect(res.text).toContain('이메일과 비밀번호로 로그인해 주세요');
    expect(res.text).toContain('아직 준비 중');
    expect(res.text).toContain(`value="${email}"`);
    expect(await shownUser(agent)).toBeNull();
    expect(await kakaoAccounts(id)).toBe(0);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect((await agent.get('/auth/social/signup')).status).toBe(302);
  });

  it('refuses a typed email that belongs to another account, creating nothing', async () => {
    const email = freshEmail('local');
    await buildUser(db, { email });
    const agent = request.agent(social.app);
    const id = kakaoId();
    social.kakao.approveNext(kakaoProfile({ id }));
    await signIn(agent, social.kakao);
    const nickname = freshNickname();
    const res = await completeSignup(agent, { nickname, email: email.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.text).toContain('이메일과 비밀번호로 로그인해 주세요');
    expect(await kakaoAccounts(id)).toBe(0);
    expect(await db.user.count({ where: { displayName: nickname } })).toBe(0);
    expect(await shownUser(agent)).toBeNull();
  });

  it('a taken nickname is refused on the form; another one then works', async () => {
    const taken = freshNickname();
    await buildUser(db, { displayName: taken });
    const agent = request.agent(social.app);
    const id = kakaoId();
    social.kakao.approveNext(kakaoProfile({ id, email: freshEmail(), nickname: taken }));
    await signIn(agent, social.kakao);
    const refused = await completeSignup(agent, { nickname: taken });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('이미 사용 중인 닉네임입니다.');
    expect(await kakaoAccounts(id)).toBe(0);
    const json = await agent.post('/auth/social/signup').set('Accept', 'application/json').send({ _csrf: csrfOf(refused.text), nickname: taken });
    expect(json.body).toMatchObject({ ok: false, code: 'NICKNAME_TAKEN', field: 'nickname' });

    const other = freshNickname();
    expect((await completeSignup(agent, { nickname: other })).status).toBe(303);
    expect(await shownUser(agent)).toBe(other);
  });
});

describe('the social signup page', () => {
  it('needs a pending social profile', async () => {
    const agent = request.agent(social.app);
    expect((await agent.get('/auth/social/signup').expect(302)).headers.location).toBe('/login');
    const login = await agent.get('/login').expect(200);
    const post = await agent.post('/auth/social/signup').type('form').send({ _csrf: csrfOf(login.text), nickname: freshNickname() });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/login');
  });

  it('refuses a POST without the CSRF token, keeping the pending profile', async () => {
    const agent = request.agent(social.app);
    const id = kakaoId();
    social.kakao.approveNext(kakaoProfile({ id, email: freshEmail(), nickname: freshNickname() }));
    await signIn(agent, social.kakao);
    const nickname = freshNickname();
    await agent.post('/auth/social/signup').type('form').send({ nickname }).expect(403);
    expect(await kakaoAccounts(id)).toBe(0);
    expect((await completeSignup(agent, { nickname })).status).toBe(303);
    expect(await kakaoAccounts(id)).toBe(1);
  });
});

describe('unconfigured providers', () => {
  it('answer 404 PROVIDER_DISABLED on every route', async () => {
    const bare = buildTestApp({ db, redis: social.redis, config: testConfig() });
    const page = await request(bare).get('/auth/kakao').set('Accept', 'text/html').expect(404);
    expect(page.text).toContain('카카오 로그인은 지금 사용할 수 없습니다.');
    const json = await request(bare).get('/auth/naver/callback?code=x&state=y').set('Accept', 'application/json').expect(404);
    expect(json.body).toMatchObject({ ok: false, code: 'PROVIDER_DISABLED' });
    const login = await request(bare).get('/login').expect(200);
    expect(login.text).not.toContain('/auth/kakao');
  });
});
