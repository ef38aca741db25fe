import type { RoomEvent } from '../realtime/events.js';
import { toChatAuthor, type Author } from './room-data.js';

/** Where a stored image path is served (see the /media static route). */
export const mediaUrl = (path: string) => `/media/${path.split('/').map(encodeURIComponent).join('/')}`;

interface StoredMessage {
  id: number;
  content: string | null;
  image: string | null;
  createdAt: Date;
  user: Author;
}

/** A stored message as the event clients receive, live or replayed: `image` when it has one, else `chat`. */
export function toMessageEvent(message: StoredMessage): RoomEvent & { event: 'chat' | 'image' } {
  const base = { id: message.id, user: toChatAuthor(message.user), ts: message.createdAt.toISOString() };
  if (message.image) return { event: 'image', ...base, url: mediaUrl(message.image), ...(message.content ? { message: message.content } : {}) };
  return { event: 'chat', ...base, message: message.content ?? '' };
}
