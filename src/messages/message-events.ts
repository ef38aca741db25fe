import { authorSelect, toChatAuthor, type Author } from '../accounts/authors.js';
import type { MessageEvent } from '../bus/events.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The columns every reader of messages needs, the author included (one query, no N+1). */
export const messageSelect = {
  id: true,
  content: true,
  image: true,
  createdAt: true,
  user: { select: authorSelect },
} satisfies Prisma.MessageSelect;

export interface StoredMessage {
  id: number;
  content: string | null;
  image: string | null;
  createdAt: Date;
  user: Author;
}

/** Where a stored image path is served (see the /media route). */
export const mediaUrl = (path: string) => `/media/${path.split('/').map(encodeURIComponent).join('/')}`;

/**
 * A stored message as every client receives it, live, replayed or in history: `image`
 * when it has one, else `chat`.
 */
export function toMessageEvent(message: StoredMessage): MessageEvent {
  const base = { id: message.id, user: toChatAuthor(message.user), ts: message.createdAt.toISOString() };
  if (message.image) return { event: 'image', ...base, url: mediaUrl(message.image), ...(message.content ? { message: message.content } : {}) };
  return { event: 'chat', ...base, message: message.content ?? '' };
}
