import type { Request, Response } from 'express';
import { asError } from '../errors/as-error.js';
import { SESSION_COOKIE, SIGNED_IN_SESSION_MS } from './session.js';
import type { SessionUser } from './users.js';

/**
 * Logs the user in. passport (0.6+) regenerates the session here, so the id changes at
 * every login (no fixation) and nothing from the anonymous session survives by accident.
 * The signed-in lifetime starts here: the new session is saved again with the long
 * cookie, which also sets its TTL in the store.
 */
export async function logIn(req: Request, user: SessionUser): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    req.login(user, (error: unknown) => (error ? reject(asError(error)) : resolve()));
  });
  req.session.cookie.maxAge = SIGNED_IN_SESSION_MS;
  await saveSession(req);
}

/** Writes the session to the store now, so a redirect never outruns it. */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.save((error: unknown) => (error ? reject(asError(error)) : resolve()));
  });
}

/** Logs out and destroys the session in the store, then drops the cookie. */
export async function logOut(req: Request, res: Response): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    req.logout((error: unknown) => (error ? reject(asError(error)) : resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    req.session.destroy((error: unknown) => (error ? reject(asError(error)) : resolve()));
  });
  res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
}
