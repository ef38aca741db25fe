import type { RequestHandler } from 'express';
import { wantsJson } from '../http/error-handler.js';
import { AppError } from '../http/errors.js';

/** Pages redirect to /login?next=…; JSON callers get 401 LOGIN_REQUIRED. */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (wantsJson(req) || req.method !== 'GET') {
    return next(new AppError(401, 'LOGIN_REQUIRED', '로그인이 필요합니다.'));
  }
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
};

/** The logged-in user of a request behind requireLogin. */
export function currentUser(req: Express.Request): Express.User {
  if (!req.user) throw new AppError(401, 'LOGIN_REQUIRED', '로그인이 필요합니다.');
  return req.user;
}
