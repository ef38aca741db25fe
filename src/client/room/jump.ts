import type { TimelineJump } from './timeline-jump.js';

const TARGET = /^#m-(\d+)$/;

/**
 * Links to a message (`/rooms/<slug>/#m-<id>`, what a notification opens) show it, on load
 * and when only the hash changes (a click while here).
 */
export function followMessageLinks(jump: TimelineJump): void {
  const follow = () => {
    const id = TARGET.exec(window.location.hash)?.[1];
    if (id !== undefined) void jump.jumpTo(Number(id));
  };
  window.addEventListener('hashchange', follow);
  follow();
}
