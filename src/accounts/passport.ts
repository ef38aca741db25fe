import passport from 'passport';
import type { Database } from '../db/prisma.js';
import { findSessionUser } from './users.js';

export type Authenticator = passport.PassportStatic;

/**
 * A passport instance of this app's own (not the global singleton), storing only the
 * user id in the session and reloading the user on each request, so a deleted user is
 * logged out at once. Strategies (social sign-in) are registered by their modules.
 */
export function createAuthenticator(db: Database): Authenticator {
  const authenticator = new passport.Passport() as Authenticator;
  authenticator.serializeUser<number>((user, done) => done(null, user.id));
  authenticator.deserializeUser<number>((id, done) => {
    findSessionUser(db, id).then(
      (user) => done(null, user ?? false),
      (error: unknown) => done(error),
    );
  });
  return authenticator;
}
