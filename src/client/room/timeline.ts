import * as z from 'zod/mini';
import { messageEventSchema, type MessageEvent, type RoomEvent } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';
import { getJson } from '../shared/http.js';
import type { RoomContext } from './context.js';
import { createMessageView, formatTime, type ShownMessage } from './message-view.js';

/** `GET /rooms/<slug>/messages/` (see docs/protocol.md). */
const historyPageSchema = z.object({ messages: z.array(messageEventSchema), nextBefore: z.nullable(z.number()) });

type Change = Extract<RoomEvent, { event: 'edit' | 'delete' | 'reaction' }>;

/**
 * The chat timeline: appends delivered messages once, shows pending ones, applies edits,
 * deletions and reactions, and pages older history in.
 */
export function createTimeline(context: RoomContext, nameOf: (userId: number) => string | undefined) {
  const list = byId<HTMLOListElement>('messages');
  const view = createMessageView(context.myId, nameOf);
  const olderButton = document.getElementById('load-older');
  let lastId = Number(byId('room').dataset.lastId || 0);

  const itemOf = (id: number) => find(list, `li[data-id="${id}"]`);
  const nearBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const scrollToEnd = () => {
    list.scrollTop = list.scrollHeight;
  };

  /** Adds a delivered message at the end (once), following it when the reader is at the end. */
  function append(message: MessageEvent): void {
    if (itemOf(message.id)) return;
    const follow = nearBottom() || (message.event !== 'system' && message.user.id === context.myId);
    list.append(view.render(message));
    lastId = Math.max(lastId, message.id);
    if (follow) scrollToEnd();
  }

  /** Shows a message that is still on its way; the outbox replaces or marks it. */
  function appendPending(message: ShownMessage): HTMLLIElement {
    const item = view.render(message);
    item.classList.add('pending');
    list.append(item);
    scrollToEnd();
    return item;
  }

  /** An edit, a deletion or a reaction, applied to the message when this page shows it. */
  function change(event: Change): void {
    if (event.event === 'delete') view.markQuotesDeleted(list, event.id);
    const item = itemOf(event.id);
    if (!item) return;
    if (event.event === 'edit') return view.edit(item, event.message, event.edited_at, event.mentions ?? []);
    if (event.event === 'delete') return view.markDeleted(item);
    const mine = new Set(view.mineOf(item));
    if (event.user.id === context.myId) {
      if (event.on) mine.add(event.emoji);
      else mine.delete(event.emoji);
    }
    view.setReactions(item, event.reactions, [...mine]);
  }

  async function loadOlder(): Promise<string | null> {
    const first = find(list, 'li[data-id]:not([data-id=""])');
    const answer = await getJson(`${context.basePath}/messages/?before=${first?.dataset.id ?? ''}`);
    if (!answer.ok) return answer.error;
    const page = historyPageSchema.safeParse(answer);
    if (!page.success) return '이전 메시지를 불러오지 못했습니다.';
    const height = list.scrollHeight;
    for (const message of page.data.messages) if (!itemOf(message.id)) list.prepend(view.render(message));
    list.scrollTop += list.scrollHeight - height;
    if (page.data.nextBefore === null && olderButton) olderButton.hidden = true;
    return null;
  }

  for (const time of list.querySelectorAll<HTMLTimeElement>('time[datetime]')) time.textContent = formatTime(time.dateTime);
  // The page opens where the reader stopped: the "unread" line at the top, else the end.
  const divider = document.getElementById('unread-divider');
  if (divider) list.scrollTop += divider.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
  else scrollToEnd();

  return {
    list,
    append,
    appendPending,
    change,
    loadOlder,
    olderButton,
    itemOf,
    /** The newest message id this page has. */
    lastId: () => lastId,
    /** Whether the newest message is on screen (the reader is at the end). */
    showsNewest: nearBottom,
    seen(id: number): void {
      lastId = Math.max(lastId, id);
    },
  };
}

export type Timeline = ReturnType<typeof createTimeline>;
