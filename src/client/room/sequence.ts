/**
 * The room's timeline sequence numbers this page has applied. `upTo` is the highest n such
 * that every number up to n arrived: events from two server processes can arrive out of
 * order, and a reconnect asks for everything after `upTo` (`?since=`), so nothing is missed;
 * what arrives twice is applied idempotently.
 */
export function createSequence(start: number) {
  let upTo = start;
  const ahead = new Set<number>();
  return {
    seen(seq: number): void {
      if (seq <= upTo) return;
      ahead.add(seq);
      while (ahead.delete(upTo + 1)) upTo += 1;
    },
    upTo: () => upTo,
  };
}
