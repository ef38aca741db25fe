import * as z from 'zod/mini';
import { userEventSchema, type UserEvent } from '../../bus/events.js';
import { unreadText } from '../../attention/unread-text.js';
import { find } from '../shared/dom.js';
import { getJson } from '../shared/http.js';
import { createLiveSocket } from '../shared/live-socket.js';
import { showNotice } from '../shared/notices.js';
import { createTabBadge } from '../shared/tab-badge.js';

/** `GET /unread/` (docs/protocol.md). */
const unreadSchema = z.object({ rooms: z.array(z.object({ slug: z.string(), unread: z.number(), mentions: z.number() })) });

/** Counts change without a socket event (others chat): looked up this often while the page is visible. */
const POLL_MS = 20_000;
/** Events come in bursts (a mention, then a read): one look-up for a burst. */
const SETTLE_MS = 300;

/**
 * The home page's unread and mention badges, kept current without a reload: the page's
 * socket (`/ws/me/`) brings the user's own events at once — a mention, a read marker moved
 * on another tab or device — and each leads to one `GET /unread/`; the poll covers plain
 * messages, which are not sent to the home page (it would have to hear every room's traffic).
 */
export function keepUnreadCurrent(): void {
  let settling: ReturnType<typeof setTimeout> | null = null;
  const badge = createTabBadge();
  const soon = () => {
    if (settling === null) settling = setTimeout(() => void refresh(), SETTLE_MS);
  };

  async function refresh(): Promise<void> {
    settling = null;
    const answer = await getJson('/unread/');
    const counts = answer.ok ? unreadSchema.safeParse(answer) : null;
    if (!counts?.success) return;
    for (const room of counts.data.rooms) show(room.slug, room.unread, room.mentions);
    badge.show(counts.data.rooms.reduce((total, room) => total + room.unread, 0));
  }

  const socket = createLiveSocket<UserEvent>({
    path: () => '/ws/me/',
    parse: (value) => {
      const event = userEventSchema.safeParse(value);
      return event.success ? event.data : null;
    },
    onEvent: (event) => {
      if (event.event === 'notify') showNotice(event, () => false);
      soon();
    },
    // Whatever happened while it was closed: look again.
    onOpen: soon,
  });
  socket.connect();
  setInterval(() => {
    if (document.visibilityState === 'visible') void refresh();
  }, POLL_MS);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && soon());
}

function show(slug: string, unread: number, mentions: number): void {
  const badges = document.querySelector<HTMLElement>(`.room-item[data-slug="${CSS.escape(slug)}"] [data-unread-badges]`);
  if (!badges) return;
  const unreadBadge = find<HTMLElement>(badges, '.unread-badge');
  const mentionBadge = find<HTMLElement>(badges, '.mention-badge');
  if (unreadBadge) {
    unreadBadge.dataset.unread = String(unread);
    unreadBadge.textContent = unreadText(unread);
    unreadBadge.hidden = unread === 0;
  }
  if (mentionBadge) {
    mentionBadge.dataset.mentions = String(mentions);
    mentionBadge.textContent = `@${mentions}`;
    mentionBadge.hidden = mentions === 0;
  }
}
