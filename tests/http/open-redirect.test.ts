import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { completeSignup, freshEmail, freshNickname, kakaoId, pathOf, startLogin, useSocialTestApp, visitProvider, type Agent } from '../accounts/social-flow.js';
import { unique } from '../support/factories.js';
import { kakaoProfile } from '../support/oauth-provider.js';
import { csrfOf } from '../support/pages.js';

// The attack: a link to this site whose `next` normalises to "//evil.example", so the
// browser lands on another host right after (or instead of) signing in.

const social = useSocialTestApp();

const PAYLOADS = ['/.//evil.example', '/a/..//evil.example', '/%2e//evil.example', '/%2E%2E//evil.example', '/./\\evil.example', '/%5c%5cevil.example'];

/** Where a browser goes when it follows this Location from a page of the app. */
const landsOn = (location: unknown) => new URL(String(location), 'http://codingline.test').host;

async function signedInAgent(): Promise<Agent> {
  const agent = request.agent(social.app);
  const id = unique();
  const csrf = await csrfOf(agent, '/signup');
  await agent.post('/signup').type('form').send({ email: `next-${id}@example.com`, username: `next_${id}`, password: 'password-1234', _csrf: csrf }).expect(303);
  return agent;
}

describe('open redirect through next', () => {
  it.each(PAYLOADS)('GET /login?next=%s sends a signed-in user to a page of this site', async (payload) => {
    const agent = await signedInAgent();
    const res = await agent.get(`/login?next=${encodeURIComponent(payload)}`).expect(302);
    expect(landsOn(res.headers.location)).toBe('codingline.test');
  });

  it.each(PAYLOADS)('GET /auth/kakao?next=%s sends a signed-in user to a page of this site', async (payload) => {
    const agent = await signedInAgent();
    const res = await agent.get(`/auth/kakao?next=${encodeURIComponent(payload)}`).expect(302);
    expect(landsOn(res.headers.location)).toBe('codingline.test');
  });

  it.each(PAYLOADS)('a Kakao sign-in started with next=%s ends on a page of this site', async (payload) => {
    // A linked account: the callback logs in and redirects to the kept `next` at once.
    const nickname = freshNickname('다음');
    const profile = kakaoProfile({ id: kakaoId(), email: freshEmail('next'), nickname });
    social.kakao.approveNext(profile);
    const first = request.agent(social.app);
    const { authorizeUrl: firstUrl } = await startLogin(first, '/auth/kakao');
    await first.get(pathOf(await visitProvider(firstUrl))).expect(302);
    await completeSignup(first, { nickname }).then((res) => expect(res.status).toBe(303));

    social.kakao.approveNext(profile);
    const agent = request.agent(social.app);
    const { authorizeUrl } = await startLogin(agent, `/auth/kakao?next=${encodeURIComponent(payload)}`);
    const callback = await agent.get(pathOf(await visitProvider(authorizeUrl))).expect(302);
    expect(landsOn(callback.headers.location)).toBe('codingline.test');
  });
});
