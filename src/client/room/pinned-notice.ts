import type { Notice } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';
import { postJson } from '../shared/http.js';
import type { RoomContext } from './context.js';

/**
 * The room's notice (공지) pinned at the top of the page: `notice` events replace or hide it
 * on every open page; staff pin a message from its menu (`POST …/notice/` with `message_id`).
 */
export function createPinnedNotice(context: RoomContext, problem: (text: string) => void) {
  const section = byId('pinned-notice');

  function show(notice: Notice | null): void {
    section.hidden = notice === null;
    if (!notice) return;
    const text = find(section, '.pinned-text');
    const author = find(section, '.pinned-author');
    const details = find<HTMLDetailsElement>(section, 'details');
    // A new notice opens even where the last one was folded away; the same one (sent again on a reconnect) stays as the reader left it.
    if (details && text?.textContent !== notice.text) details.open = true;
    if (text) text.textContent = notice.text;
    if (author) author.textContent = notice.by?.name ?? '';
  }

  async function pinMessage(id: number): Promise<void> {
    const answer = await postJson(`${context.basePath}/notice/`, { message_id: id });
    if (!answer.ok) problem(answer.error);
  }

  return { show, pinMessage };
}
