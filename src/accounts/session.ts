import type { IncomingMessage } from 'node:http';
import { ServerResponse } from 'node:http';
import { RedisStore } from 'connect-redis';
import session, { type SessionData, type Store } from 'express-session';
import type { Request, RequestHandler, Response } from 'express';
import type { RedisConnection } from '../redis/connections.js';
import type { Config } from '../config/config.js';
import { asError } from '../errors/as-error.js';
import { MemorySessionStore } from './memory-session-store.js';

declare module 'express-session' {
  interface SessionData {
    csrfToken: string;
    /** passport keeps only the user id here (see passport.ts). */
    passport: { user?: number };
  }
}

export const SESSION_COOKIE = 'codingline.sid';

/**
 * A visitor's session (made for the CSRF token of a page) lives 30 minutes after its last
 * request; the long lifetime starts at login (login-session.ts). Sessions in the store
 * expire with their cookie, so a loop of GET /login cannot fill Redis for weeks.
 */
export const ANONYMOUS_SESSION_MS = 30 * 60 * 1000;
export const SIGNED_IN_SESSION_MS = 14 * 24 * 60 * 60 * 1000;

/** Redis when configured (shared by every process and by the WebSocket upgrade), else memory. */
export function createSessionStore(redis: RedisConnection | null): Store {
  if (!redis) return new MemorySessionStore({ defaultTtlMs: ANONYMOUS_SESSION_MS });
  // connect-redis sets each key's TTL from the session's cookie; `ttl` only serves sessions
  // without one. It takes a Redis or a Cluster client alike (its `client` is typed `any`);
  // express-session needs get, set, expire and del, each on one key, so sessions spread
  // over a cluster.
  return new RedisStore({ client: redis, prefix: 'sess:', ttl: ANONYMOUS_SESSION_MS / 1000 });
}

/**
 * The one session middleware, used by the pages and by the WebSocket upgrade.
 * `secure: 'auto'` marks the cookie Secure when the request came over HTTPS, directly
 * or through a trusted proxy (TRUST_PROXY_HOPS), and still works on plain localhost.
 * `rolling` renews the cookie with every answer, so both lifetimes slide with use (the
 * store's TTL is renewed by express-session's touch).
 */
export function createSessionParser(config: Config, store: Store): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: config.session.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.http.trustProxyHops > 0,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      maxAge: ANONYMOUS_SESSION_MS,
    },
  });
}

/** The signed-in user id a session holds, or null. */
export function sessionUserId(data: Partial<SessionData> | null | undefined): number | null {
  const user = data?.passport?.user;
  return typeof user === 'number' ? user : null;
}

/** Who sent a request that is not an Express request (the WebSocket upgrade): its session id and user. */
export interface RequestSession {
  sessionId: string;
  userId: number | null;
}

/**
 * Runs the session middleware on a bare HTTP request, as ws's express-session example
 * does. It rejects when the store cannot be read (Redis down), which is not the same as
 * "not logged in". The response is never sent: the upgrade answers on the socket itself.
 */
export function readRequestSession(parser: RequestHandler, req: IncomingMessage): Promise<RequestSession> {
  // express-session reads only what Node's own request and response carry.
  const request = req as Request;
  return new Promise((resolve, reject) => {
    parser(request, new ServerResponse(req) as Response, (error?: unknown) => {
      if (error) return reject(asError(error));
      resolve({ sessionId: request.sessionID ?? '', userId: sessionUserId(request.session) });
    });
  });
}

/** Reads a session from the store by id (the periodic re-check of open sockets). */
export function loadSession(store: Store, sessionId: string): Promise<Partial<SessionData> | null> {
  return new Promise((resolve, reject) => {
    store.get(sessionId, (error: unknown, data) => (error ? reject(asError(error)) : resolve(data ?? null)));
  });
}
