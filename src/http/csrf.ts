import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { appError } from '../errors/catalogue.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's synchronizer token, created on first use. */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

/**
 * Gives every page `csrfToken` for `<meta name="csrf-token">` and its forms, whatever route
 * renders it (error pages included). Made on first use by a page, so redirects, JSON
 * answers and 404s for bots do not create a session each. Runs right after the session.
 */
export const exposeCsrfToken: RequestHandler = (req, res, next) => {
  Object.defineProperty(res.locals, 'csrfToken', { get: () => csrfToken(req), enumerable: true, configurable: true });
  next();
};

/**
 * Synchronizer-token CSRF protection: every state-changing request carries the session's
 * token as the `_csrf` form field or the `X-CSRF-Token` header. Runs after the body
 * parsers; the image upload route runs it itself once multer has read the multipart body.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const sent = req.get('x-csrf-token') ?? (req.body as { _csrf?: unknown } | undefined)?._csrf;
  const expected = req.session.csrfToken;
  if (typeof sent === 'string' && expected !== undefined && sameToken(sent, expected)) return next();
  next(appError('CSRF_FAILED'));
};

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
