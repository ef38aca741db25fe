import type { Database } from '../db/prisma.js';

/** What a logged-in request knows about its user (req.user). Never the password hash. */
export interface SessionUser {
  id: number;
  email: string;
  username: string;
  displayName: string | null;
  avatar: string | null;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // Declaration merging: req.user is a SessionUser.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

export const sessionUserSelect = { id: true, email: true, username: true, displayName: true, avatar: true } as const;

export function findSessionUser(db: Database, id: number): Promise<SessionUser | null> {
  return db.user.findUnique({ where: { id }, select: sessionUserSelect });
}
