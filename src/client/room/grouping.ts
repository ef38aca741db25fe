import { continuesGroup, dayKey, dayLabel, type GroupedMessage } from '../../messages/timeline-days.js';

/**
 * Lays out the timeline as a chat app does: a date divider ("오늘", "어제", "2026년 11월
 * 29일") where the day changes, and a person's messages of one minute grouped — only the
 * first shows the avatar and name (`.continued` on the rest), only the last the time
 * (`.followed` on the others). Run again after messages are added or removed: it works
 * in one go, before the browser lays the page out, so nothing on screen jumps.
 */
export function regroup(list: HTMLElement, now = new Date()): void {
  let previous: { item: HTMLElement; grouped: GroupedMessage } | null = null;
  let day = '';
  for (const item of [...list.children] as HTMLElement[]) {
    if (item.classList.contains('day-divider')) {
      item.remove();
      continue;
    }
    const ts = item.dataset.ts ? new Date(item.dataset.ts) : null;
    const valid = ts !== null && !Number.isNaN(ts.getTime());
    if (valid && dayKey(ts) !== day) {
      day = dayKey(ts);
      item.before(divider(dayLabel(ts, now)));
    }
    // The unread line and a new day break a group too.
    const grouped = valid && item.classList.contains('message') && !item.classList.contains('deleted') ? { authorId: Number(item.dataset.authorId), ts } : null;
    const joins = Boolean(previous && grouped && item.previousElementSibling === previous.item && continuesGroup(previous.grouped, grouped));
    toggle(item, 'continued', joins);
    if (previous) toggle(previous.item, 'followed', joins);
    previous = grouped ? { item, grouped } : null;
  }
  if (previous) toggle(previous.item, 'followed', false);
}

function divider(label: string): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'day-divider';
  item.setAttribute('role', 'separator');
  item.textContent = label;
  return item;
}

function toggle(item: HTMLElement, name: string, on: boolean): void {
  if (item.classList.contains(name) !== on) item.classList.toggle(name, on);
}
