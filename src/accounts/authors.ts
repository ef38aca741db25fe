import type { ChatAuthor } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The public face of a user next to a message, in a member list or in an event. */
export const authorSelect = { id: true, username: true, displayName: true, avatar: true } satisfies Prisma.UserSelect;
export type Author = Prisma.UserGetPayload<{ select: typeof authorSelect }>;

/** Users are shown by display name, else username (as the original's `__str__`). */
export function toChatAuthor(user: Author): ChatAuthor {
  return { id: user.id, name: user.displayName ?? user.username, avatar: user.avatar };
}

/** The author of a user id, or null when the user no longer exists. */
export async function findAuthor(db: Database, userId: number): Promise<ChatAuthor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: authorSelect });
  return user ? toChatAuthor(user) : null;
}
