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

/** How long a process reuses an author it looked up (names and avatars change rarely). */
const AUTHOR_KEPT_MS = 60_000;

/**
 * Authors by user id, looked up once a minute at most per process: the chat path builds
 * every message's event without reading the author back from the database.
 */
export function createAuthorCache(db: Database, now: () => number = Date.now) {
  const kept = new Map<number, { author: ChatAuthor; until: number }>();
  return {
    async get(userId: number): Promise<ChatAuthor | null> {
      const cached = kept.get(userId);
      if (cached && cached.until > now()) return cached.author;
      const author = await findAuthor(db, userId);
      if (author) kept.set(userId, { author, until: now() + AUTHOR_KEPT_MS });
      else kept.delete(userId);
      return author;
    },
  };
}

export type AuthorCache = ReturnType<typeof createAuthorCache>;

/** The author of a user id, or null when the user no longer exists. */
export async function findAuthor(db: Database, userId: number): Promise<ChatAuthor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: authorSelect });
  return user ? toChatAuthor(user) : null;
}
