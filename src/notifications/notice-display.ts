import type { MessageNotice } from '../bus/events.js';

// How a notice looks as a browser notification: shared by the pages (Notification API) and
// the service worker (Web Push), so both show the same thing. Bundled for the browser.

export interface NoticeDisplay {
  title: string;
  body: string;
  /** One notification per room: a newer one replaces the last instead of piling up. */
  tag: string;
  /** The message in its room; the room page scrolls to `#m-<id>`. */
  url: string;
}

/** The link that opens `room` at message `id`. */
export const messageUrl = (room: string, id: number) => `/rooms/${encodeURIComponent(room)}/#m-${id}`;

export function displayOf(notice: MessageNotice): NoticeDisplay {
  return {
    title: notice.reason === 'mention' ? `${notice.user.name}님이 ‘${notice.room_name}’에서 회원님을 언급했습니다` : notice.room_name,
    body: notice.reason === 'mention' ? notice.excerpt : `${notice.user.name}: ${notice.excerpt}`,
    tag: `room:${notice.room}`,
    url: messageUrl(notice.room, notice.id),
  };
}
