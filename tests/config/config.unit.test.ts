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
    expect(config.limits).toEqual({ signup: { limit: 5, windowSeconds: 3600 }, roomCreate: { limit: 10, windowSeconds: 3600 } });
    expect(config.realtime.upgradeRate).toEqual({ perAddress: 60, perUser: 30, windowSeconds: 60 });
  });

  it('reads the sign-up and room-creation limits', () => {
    const config = loadConfig({ ...base, SIGNUP_RATE_LIMIT: '3', SIGNUP_RATE_WINDOW_SECONDS: '600', ROOM_CREATE_RATE_LIMIT: '20', ROOM_CREATE_RATE_WINDOW_SECONDS: '86400' });
    expect(config.limits).toEqual({ signup: { limit: 3, windowSeconds: 600 }, roomCreate: { limit: 20, windowSeconds: 86400 } });
  });

  it('treats an empty REDIS_URL as in-memory mode and a set one as Redis', () => {
    expect(loadConfig({ ...base, REDIS_URL: '' }).redis).toBeNull();
    expect(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ mode: 'single', url: 'redis://127.0.0.1:6379' });
  });

  it('reads REDIS_CLUSTER_NODES as a Redis Cluster, with an optional password', () => {
    expect(loadConfig({ ...base, REDIS_URL: '', REDIS_CLUSTER_NODES: '10.0.0.5:7000, redis-b.internal:7001,[::1]:7002' }).redis).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.5', port: 7000 },
        { host: 'redis-b.internal', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      password: null,
    });
    expect(loadConfig({ ...base, REDIS_CLUSTER_NODES: '127.0.0.1:7101', REDIS_CLUSTER_PASSWORD: 's3cret' }).redis).toMatchObject({ mode: 'cluster', password: 's3cret' });
  });

  it.each([
    [{ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7101' }, /^REDIS_URL and REDIS_CLUSTER_NODES are both set/],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:7101,127.0.0.1' }, /^REDIS_CLUSTER_NODES has "127.0.0.1", which is not host:port/],
    [{ REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7101' }, /^REDIS_CLUSTER_NODES has "redis:\/\/127.0.0.1:7101"/],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:70000' }, /^REDIS_CLUSTER_NODES has "127.0.0.1:70000"/],
    [{ REDIS_CLUSTER_NODES: ' , ' }, /^REDIS_CLUSTER_NODES must list at least one host:port/],
    [{ REDIS_CLUSTER_PASSWORD: 's3cret' }, /^REDIS_CLUSTER_PASSWORD is set without REDIS_CLUSTER_NODES/],
  ])('refuses a bad Redis choice (%o) in one line', (env, message) => {
    expect(problemsOf({ ...base, ...env })).toEqual([expect.stringMatching(message)]);
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
    ['SIGNUP_RATE_LIMIT', '0', /^SIGNUP_RATE_LIMIT /],
    ['SIGNUP_RATE_WINDOW_SECONDS', 'hour', /^SIGNUP_RATE_WINDOW_SECONDS must be a whole number of seconds/],
    ['ROOM_CREATE_RATE_LIMIT', '1.5', /^ROOM_CREATE_RATE_LIMIT /],
    ['ROOM_CREATE_RATE_WINDOW_SECONDS', '100000', /^ROOM_CREATE_RATE_WINDOW_SECONDS /],
    ['WS_UPGRADE_ADDRESS_RATE_LIMIT', '0', /^WS_UPGRADE_ADDRESS_RATE_LIMIT /],
    ['WS_UPGRADE_RATE_LIMIT', 'many', /^WS_UPGRADE_RATE_LIMIT must be a whole number/],
    ['MEDIA_STORAGE', 'ftp', /^MEDIA_STORAGE must be disk or s3/],
    ['S3_ENDPOINT', 'minio:9000', /^S3_ENDPOINT must be an http\(s\) URL/],
    ['S3_FORCE_PATH_STYLE', 'yes please', /^S3_FORCE_PATH_STYLE must be true or false/],
    ['UPLOAD_MAX_BYTES', '10MB', /^UPLOAD_MAX_BYTES must be a number of bytes/],
    ['UPLOAD_MAX_PIXELS', '0', /^UPLOAD_MAX_PIXELS /],
    ['UPLOAD_MAX_FRAMES', '1.5', /^UPLOAD_MAX_FRAMES /],
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

  it('serves only this machine while the public development secret is in use', () => {
    expect(loadConfig(base).http.host).toBe('127.0.0.1');
    expect(loadConfig(base).session.developmentSecret).toBe(true);
    const withSecret = loadConfig({ ...base, SESSION_SECRET: 'x'.repeat(32) });
    expect(withSecret.http.host).toBeNull();
    expect(withSecret.session.developmentSecret).toBe(false);
    expect(loadConfig({ ...base, SESSION_SECRET: 'x'.repeat(32), HOST: '10.0.0.5' }).http.host).toBe('10.0.0.5');
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '::ffff:127.0.0.1']) {
      expect(loadConfig({ ...base, HOST: host }).http.host).toBe(host);
    }
  });

  it.each(['0.0.0.0', '::', '192.0.2.2', 'chat.example.com'])('refuses HOST=%s without SESSION_SECRET, in any NODE_ENV', (host) => {
    for (const env of ['development', 'test']) {
      expect(problemsOf({ ...base, NODE_ENV: env, HOST: host })).toEqual([
        `HOST=${host} would serve other machines with the public development SESSION_SECRET; set SESSION_SECRET (32+ characters) or listen on 127.0.0.1`,
      ]);
    }
  });

  it('names a malformed HOST', () => {
    expect(problemsOf({ ...base, HOST: 'http://0.0.0.0/' })).toEqual([expect.stringMatching(/^HOST must be a host name or an IP address/)]);
  });

  it('refuses a BCRYPT_COST below 10 in production only', () => {
    const production = { ...base, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) };
    expect(problemsOf({ ...production, BCRYPT_COST: '9' })).toEqual([expect.stringMatching(/^BCRYPT_COST must be at least 10 in production/)]);
    expect(loadConfig({ ...production, BCRYPT_COST: '10' }).auth.bcryptCost).toBe(10);
    expect(loadConfig({ ...base, NODE_ENV: 'test', BCRYPT_COST: '4' }).auth.bcryptCost).toBe(4);
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

  it('stores media on the disk by default, with 10 MB, 40 megapixel and 300 frame upload limits', () => {
    const { media } = loadConfig({ ...base, S3_BUCKET: 'ignored-without-MEDIA_STORAGE' });
    expect(media).toEqual({ root: 'media', storage: { driver: 'disk' }, upload: { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000, maxFrames: 300 } });
  });

  it('reads the S3 driver settings with MEDIA_STORAGE=s3', () => {
    const s3 = { ...base, MEDIA_STORAGE: 's3', S3_BUCKET: 'codingline-media' };
    expect(loadConfig(s3).media.storage).toEqual({ driver: 's3', bucket: 'codingline-media', region: 'us-east-1', endpoint: null, forcePathStyle: false, credentials: null });
    const minio = loadConfig({
      ...s3,
      S3_REGION: 'kr-standard',
      S3_ENDPOINT: 'http://127.0.0.1:9000/',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(minio.media.storage).toEqual({
      driver: 's3',
      bucket: 'codingline-media',
      region: 'kr-standard',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
    });
  });

  it('needs a bucket for S3, and its key pair together or not at all', () => {
    expect(problemsOf({ ...base, MEDIA_STORAGE: 's3', S3_ACCESS_KEY_ID: 'key' })).toEqual([
      'S3_BUCKET is required when MEDIA_STORAGE=s3',
      "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, for the SDK's default credentials)",
    ]);
  });

  it('keeps allowed WebSocket origins as origins', () => {
    expect(loadConfig({ ...base, ALLOWED_ORIGINS: 'https://a.example.com/, http://b.example.com:8080' }).http.allowedOrigins).toEqual([
      'https://a.example.com',
      'http://b.example.com:8080',
    ]);
  });
});
