import type { Connection } from './connection.js';
import type { RoomContext } from './context.js';
import type { Timeline } from './timeline.js';

/** At most one read marker write per this long while the reader keeps up with a busy room. */
const SEND_EVERY_MS = 5000;

/**
 * Moves the viewer's read marker: what counts as read is the newest message while it is on
 * screen and the tab is visible. One `read` frame per few seconds at most, and one when the
 * tab is hidden or left: never a write per message.
 */
export function createReadMarker({ context, timeline, connection }: { context: RoomContext; timeline: Timeline; connection: Connection }) {
  /** The marker as stored (this page's, or another tab's or device's). */
  let stored = context.lastReadId;
  /** The newest message seen on screen. */
  let seen = stored;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function check(): void {
    if (document.visibilityState !== 'visible' || !timeline.showsNewest()) return;
    seen = Math.max(seen, timeline.lastId());
    if (seen > stored && timer === null) timer = setTimeout(flush, SEND_EVERY_MS);
  }

  function flush(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (seen > stored && connection.send({ action: 'read', id: seen })) stored = seen;
  }

  document.addEventListener('visibilitychange', () => (document.visibilityState === 'visible' ? check() : flush()));
  window.addEventListener('pagehide', flush);
  window.addEventListener('focus', check);
  timeline.list.addEventListener('scroll', check, { passive: true });

  return {
    /** A message arrived, or the socket (re)opened: read it now if it is on screen. */
    check,
    /** `read` from another socket of the viewer's: their marker is there already. */
    readElsewhere(id: number): void {
      stored = Math.max(stored, id);
    },
  };
}
