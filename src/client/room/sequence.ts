/** How long a gap in the sequence may stay open before the page asks for what is missing. */
export const GAP_TIMEOUT_MS = 2000;

/**
 * The room's timeline sequence numbers this page has applied. `upTo` is the highest n such
 * that every number up to n arrived: events from two server processes can arrive out of
 * order, and a reconnect asks for everything after `upTo` (`?since=`), so nothing is missed;
 * what arrives twice is applied idempotently. A gap still open after GAP_TIMEOUT_MS means
 * an event was lost on its way (its process died between storing and publishing it):
 * `onStuck` then reconnects, and the replay brings it.
 */
export function createSequence(start: number, onStuck: () => void = () => {}) {
  let upTo = start;
  const ahead = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const watchGap = () => {
    if (ahead.size === 0) {
      if (timer) clearTimeout(timer);
      timer = null;
      return;
    }
    timer ??= setTimeout(() => {
      timer = null;
      if (ahead.size > 0) onStuck();
    }, GAP_TIMEOUT_MS);
  };
  return {
    seen(seq: number): void {
      if (seq <= upTo) return;
      ahead.add(seq);
      while (ahead.delete(upTo + 1)) upTo += 1;
      watchGap();
    },
    upTo: () => upTo,
  };
}
