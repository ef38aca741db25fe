import type { IncomingMessage } from 'node:http';
import { ServerResponse } from 'node:http';
import { RedisStore } from 'connect-redis';
import session, { MemoryStore, type SessionData, type Store } from 'express-session';
import type { Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import { asError } from '../errors/as-error.js';

declare module 'express-session' {
  interface SessionData {
    csrfToken: string;
    /** passport keeps only the user id here (see passport.ts). */
    passport: { user?: number };
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
