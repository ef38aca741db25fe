import type { TabBadge } from '../shared/tab-badge.js';
import type { Timeline } from './timeline.js';

/**
 * Others' messages that arrived while the reader was not looking (the tab hidden, or
 * scrolled up), shown on the tab; back to none once the newest message is on screen in a
 * visible tab — when the read marker moves too.
 */
export function trackUnseen({ timeline, badge }: { timeline: Timeline; badge: TabBadge }) {
  let count = 0;
  const caughtUp = () => document.visibilityState === 'visible' && timeline.showsNewest();
  const update = () => {
    if (caughtUp()) count = 0;
    badge.show(count);
  };
  document.addEventListener('visibilitychange', update);
  window.addEventListener('focus', update);
  timeline.list.addEventListener('scroll', update, { passive: true });

  return {
    /** A message was added to the timeline; `fromOther`: not the reader's own or a system line. */
    arrived(fromOther: boolean): void {
      if (fromOther && !caughtUp()) count += 1;
      update();
    },
    /** Whether the reader has this room in front of them now. */
    onScreen: () => document.visibilityState === 'visible',
  };
}
