import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const base = { DATABASE_URL: 'mysql://app:secret@127.0.0.1:3306/codingline' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults for a minimal development environment', () => {
    const config = loadConfig(base);
    expect(config.env).toBe('development');
    expect(config.http.port).toBe(8000);
    expect(config.redis).toBeNull();
    expect(config.auth.kakao).toBeNull();
    expect(config.auth.bcryptCost).toBe(12);
    expect(config.media.root).toBe('media');
    expect(config.realtime.upgradeRate).toEqual({ perAddress: 60, perUser: 30, windowSeconds: 60 });
  });

  it('treats an empty REDIS_URL as in-memory mode and a set one as Redis', () => {
    expect(loadConfig({ ...base, REDIS_URL: '' }).redis).toBeNull();
    expect(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ url: 'redis://127.0.0.1:6379' });
  });

  it('names a missing DATABASE_URL', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^DATABASE_URL is required/)]);
  });

  it.each([
    ['DATABASE_URL', 'postgres://x@y/z', /^DATABASE_URL must look like mysql:\/\//],
    ['DATABASE_URL', 'mysql://host-without-db', /^DATABASE_URL must look like mysql:\/\//],
    ['PORT', 'eighty', /^PORT must be a port number/],
    ['PORT', '70000', /^PORT /],
    ['REDIS_URL', 'http://localhost', /^REDIS_URL must be a redis:\/\//],
    ['NODE_ENV', 'staging', /^NODE_ENV /],
    ['BCRYPT_COST', '3', /^BCRYPT_COST /],
    ['KAKAO_CALLBACK_URL', 'not a url', /^KAKAO_CALLBACK_URL must be an http\(s\) URL/],
    ['ALLOWED_ORIGINS', 'chat.example.com', /^ALLOWED_ORIGINS has "chat.example.com"/],
    ['WS_UPGRADE_ADDRESS_RATE_LIMIT', '0', /^WS_UPGRADE_ADDRESS_RATE_LIMIT /],
    ['WS_UPGRADE_RATE_LIMIT', 'many', /^WS_UPGRADE_RATE_LIMIT must be a whole number/],
  ])('names a malformed %s (%s)', (name, value, message) => {
    const problems = problemsOf({ ...base, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ PORT: 'x', REDIS_URL: 'nope' })).toHaveLength(3);
  });

  it('requires a long SESSION_SECRET in production', () => {
    expect(problemsOf({ ...base, NODE_ENV: 'production' })).toEqual(['SESSION_SECRET is required in production']);
    expect(problemsOf({ ...base, SESSION_SECRET: 'short' })).toEqual(['SESSION_SECRET must be at least 32 characters']);
    expect(loadConfig({ ...base, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).session.secret).toBe('x'.repeat(32));
  });

  it('enables a social provider only with id, secret and callback together', () => {
    expect(problemsOf({ ...base, NAVER_CLIENT_ID: 'id' })).toEqual([
      'NAVER_CLIENT_ID, NAVER_CLIENT_SECRET and NAVER_CALLBACK_URL must be set together',
    ]);
    const config = loadConfig({
      ...base,
      KAKAO_CLIENT_ID: 'id',
      KAKAO_CLIENT_SECRET: 'secret',
      KAKAO_CALLBACK_URL: 'http://localhost:8000/auth/kakao/callback',
      KAKAO_AUTH_BASE_URL: 'http://127.0.0.1:9999/',
    });
    expect(config.auth.kakao).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      callbackUrl: 'http://localhost:8000/auth/kakao/callback',
      authBaseUrl: 'http://127.0.0.1:9999',
      apiBaseUrl: 'https://kapi.kakao.com',
    });
  });

  it('keeps allowed WebSocket origins as origins', () => {
    expect(loadConfig({ ...base, ALLOWED_ORIGINS: 'https://a.example.com/, http://b.example.com:8080' }).http.allowedOrigins).toEqual([
      'https://a.example.com',
      'http://b.example.com:8080',
    ]);
  });
});
