import { RedisStore } from 'connect-redis';
import session, { MemoryStore, type Store } from 'express-session';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';

declare module 'express-session' {
  interface SessionData {
    csrfToken: string;
  }
}

export const SESSION_COOKIE = 'codingline.sid';
const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

/** Redis when configured (shared by every process and by the WebSocket upgrade), else memory. */
export function createSessionStore(redis: Redis | null): Store {
  if (!redis) return new MemoryStore();
  return new RedisStore({ client: redis, prefix: 'sess:', ttl: SESSION_TTL_SECONDS });
}

/**
 * The one session middleware, used by the pages and by the WebSocket upgrade.
 * `secure: 'auto'` marks the cookie Secure when the request came over HTTPS, directly
 * or through a trusted proxy (TRUST_PROXY_HOPS), and still works on plain localhost.
 */
export function createSessionParser(config: Config, store: Store): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: config.session.secret,
    store,
    resave: false,
    saveUninitialized: false,
    proxy: config.http.trustProxyHops > 0,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      maxAge: SESSION_TTL_SECONDS * 1000,
    },
  });
}
