import type { Timeline } from './timeline.js';

const TARGET = /^#m-(\d+)$/;

/**
 * Links to a message (`/rooms/<slug>/#m-<id>`, what a notification opens) scroll it into view
 * and mark it for a moment, on load and when only the hash changes (a click while here).
 */
export function followMessageLinks(timeline: Timeline): void {
  const jump = () => {
    const id = TARGET.exec(window.location.hash)?.[1];
    const item = id === undefined ? null : timeline.itemOf(Number(id));
    if (!item) return;
    item.scrollIntoView({ block: 'center' });
    item.classList.add('jumped');
    setTimeout(() => item.classList.remove('jumped'), 3000);
  };
  window.addEventListener('hashchange', jump);
  jump();
}
