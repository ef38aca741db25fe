import type { RequestHandler } from 'express';
import { wantsJson } from '../http/error-handler.js';
import { appError } from '../errors/catalogue.js';

/** Pages redirect to /login?next=…; JSON callers get 401 LOGIN_REQUIRED. */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (wantsJson(req) || req.method !== 'GET') {
    return next(appError('LOGIN_REQUIRED'));
  }
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
};

/** The logged-in user of a request behind requireLogin. */
export function currentUser(req: Express.Request): Express.User {
  if (!req.user) throw appError('LOGIN_REQUIRED');
  return req.user;
}
