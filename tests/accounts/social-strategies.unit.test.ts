import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import type { OAuthProviderConfig } from '../../src/config/config.js';
import { KakaoStrategy, NaverStrategy } from '../../src/accounts/social/strategies.js';

const config: OAuthProviderConfig = {
  clientId: 'client-id',
  clientSecret: 'client-secret',
  callbackUrl: 'http://localhost:8000/auth/x/callback',
  authBaseUrl: 'http://auth.stand-in.test',
  apiBaseUrl: 'http://api.stand-in.test/base',
};

type Strategy = KakaoStrategy | NaverStrategy;

/**
 * Runs the authorization step the way passport does (on a per-request copy carrying
 * redirect/error), with a session whose save completes only when the test says so.
 */
function startAuthorization(strategy: Strategy) {
  const events: string[] = [];
  let finishSave: (() => void) | undefined;
  const session: Record<string, unknown> = {
    save(callback: (error?: unknown) => void) {
      events.push('save started');
      finishSave = () => {
        events.push('saved');
        callback();
      };
    },
  };
  let location: string | undefined;
  const run = Object.assign(Object.create(strategy) as Strategy, {
    redirect(url: string) {
      events.push('redirect');
      location = url;
    },
    error(error: Error) {
      throw error;
    },
  });
  run.authenticate({ query: {}, body: {}, session } as unknown as Request, {});
  return { events, session, location: () => location, finishSave: () => finishSave?.() };
}

/** Where the strategy's OAuth client would send a request, captured instead of sent. */
function captureRequest(strategy: Strategy): Promise<{ host: string; path: string; headers: Record<string, string> }> {
  return new Promise((resolve) => {
    const client = (strategy as unknown as { _oauth2: { _executeRequest: unknown } })._oauth2;
    client._executeRequest = (_lib: unknown, options: { host: string; path: string; headers: Record<string, string> }) => resolve(options);
    (strategy as unknown as { userProfile(token: string, done: () => void): void }).userProfile('the-token', () => undefined);
  });
}

describe.each([
  { name: 'kakao', make: () => new KakaoStrategy(config), authorize: '/oauth/authorize', profile: '/base/v2/user/me' },
  { name: 'naver', make: () => new NaverStrategy(config), authorize: '/oauth2.0/authorize', profile: '/base/v1/nid/me' },
])('$name strategy', ({ name, make, authorize, profile }) => {
  it('redirects to the configured authorize URL with a per-login state kept in the session', () => {
    const first = startAuthorization(make());
    first.finishSave();
    const url = new URL(first.location() ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${config.authBaseUrl}${authorize}`);
    expect(url.searchParams.get('client_id')).toBe(config.clientId);
    const state = url.searchParams.get('state');
    expect(state).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(first.session[`oauth2:${name}`]).toEqual({ state });

    const second = startAuthorization(make());
    second.finishSave();
    expect(new URL(second.location() ?? '').searchParams.get('state')).not.toBe(state);
  });

  it('saves the session before it redirects', () => {
    const run = startAuthorization(make());
    expect(run.events).toEqual(['save started']);
    expect(run.location()).toBeUndefined();
    run.finishSave();
    expect(run.events).toEqual(['save started', 'saved', 'redirect']);
  });

  it('fetches the profile from the configured API URL with a Bearer header', async () => {
    const sent = await captureRequest(make());
    expect(sent.host).toBe('api.stand-in.test');
    expect(sent.path).toBe(profile);
    expect(sent.headers.Authorization).toBe('Bearer the-token');
  });
});
