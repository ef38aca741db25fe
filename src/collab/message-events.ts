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

/** "오후 3:07" in Korean time, for server-rendered messages (the page re-renders in local time). */
export function koreanTime(iso: string): string {
  const [hours = 0, minutes = 0] = new Date(iso)
    .toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Seoul' })
    .split(':')
    .map(Number);
  return `${hours < 12 ? '오전' : '오후'} ${hours % 12 || 12}:${String(minutes).padStart(2, '0')}`;
}
