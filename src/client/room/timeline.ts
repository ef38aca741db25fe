import * as z from 'zod/mini';
import { messageEventSchema, type MessageEvent, type RoomEvent } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';
import { getJson } from '../shared/http.js';
import type { RoomContext } from './context.js';
import { regroup } from './grouping.js';
import { createMessageView, formatTime, type ShownMessage } from './message-view.js';

/** `GET /rooms/<slug>/messages/` (see docs/protocol.md). */
const historyPageSchema = z.object({ messages: z.array(messageEventSchema), nextBefore: z.nullable(z.number()) });

type Change = Extract<RoomEvent, { event: 'edit' | 'delete' | 'reaction' }>;

/** Older history loads when the reader scrolls this close to the top (px). */
const OLDER_MARGIN = 400;

/**
 * The chat timeline: appends delivered messages once, shows pending ones, applies edits,
 * deletions and reactions, and pages older history in as the reader scrolls up, keeping
 * what they look at in place. Messages arriving while they read further up are counted on
 * the "새 메시지 N개" button instead of pulling the page down.
 */
export function createTimeline(context: RoomContext, nameOf: (userId: number) => string | undefined, onOlder: (messages: readonly MessageEvent[]) => void) {
  const list = byId<HTMLOListElement>('messages');
  const view = createMessageView(context.myId, nameOf);
  const olderButton = document.getElementById('load-older');
  const newMessages = byId<HTMLButtonElement>('new-messages');
  let lastId = Number(byId('room').dataset.lastId || 0);
  let unseen = 0;
  let loadingOlder: Promise<string | null> | null = null;

  const itemOf = (id: number) => find(list, `li[data-id="${id}"]`);
  const nearBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const scrollToEnd = () => {
    list.scrollTop = list.scrollHeight;
    countUnseen(0);
  };
  const countUnseen = (count: number) => {
    unseen = count;
    newMessages.hidden = count === 0;
    newMessages.textContent = `새 메시지 ${count}개 ↓`;
  };

  /** Adds a delivered message at the end (once), following it when the reader is at the end. */
  function append(message: MessageEvent): void {
    const shown = itemOf(message.id);
    if (shown) {
      // The viewer's own message, shown since its ack: the room's copy has what the server added (mentions).
      if (shown.dataset.provisional) {
        shown.replaceWith(view.render(message));
        regroup(list);
      }
      return;
    }
    const follow = nearBottom() || (message.event !== 'system' && message.user.id === context.myId);
    list.append(view.render(message));
    regroup(list);
    lastId = Math.max(lastId, message.id);
    if (follow) scrollToEnd();
    else if (message.event !== 'system') countUnseen(unseen + 1);
  }

  /** Shows a message that is still on its way; the outbox replaces or marks it. */
  function appendPending(message: ShownMessage): HTMLLIElement {
    const item = view.render(message);
    item.classList.add('pending');
    list.append(item);
    regroup(list);
    scrollToEnd();
    return item;
  }

  /** A pending message the server stored as `id`: it becomes that message, unless the room's copy is here already. */
  function delivered(item: HTMLLIElement, id: number): void {
    lastId = Math.max(lastId, id);
    if (itemOf(id)) {
      item.remove();
      return regroup(list);
    }
    item.dataset.id = String(id);
    item.dataset.provisional = 'true';
    item.classList.remove('pending', 'failed');
    find(item, '.delivery')?.replaceChildren();
  }

  /** An edit, a deletion or a reaction, applied to the message when this page shows it. */
  function change(event: Change): void {
    if (event.event === 'delete') view.markQuotesDeleted(list, event.id);
    const item = itemOf(event.id);
    if (!item) return;
    if (event.event === 'edit') return view.edit(item, event.message, event.edited_at, event.mentions ?? []);
    if (event.event === 'delete') {
      view.markDeleted(item);
      return regroup(list);
    }
    const mine = new Set(view.mineOf(item));
    if (event.user.id === context.myId) {
      if (event.on) mine.add(event.emoji);
      else mine.delete(event.emoji);
    }
    view.setReactions(item, event.reactions, [...mine]);
  }

  /** The page of history before the oldest message shown, once at a time; an answer in Korean when it fails. */
  function loadOlder(): Promise<string | null> {
    loadingOlder ??= fetchOlder().finally(() => (loadingOlder = null));
    return loadingOlder;
  }

  async function fetchOlder(): Promise<string | null> {
    const first = find(list, 'li[data-id]:not([data-id=""])');
    const answer = await getJson(`${context.basePath}/messages/?before=${first?.dataset.id ?? ''}`);
    if (!answer.ok) return answer.error;
    const page = historyPageSchema.safeParse(answer);
    if (!page.success) return '이전 메시지를 불러오지 못했습니다.';
    // The first shown message stays where it is on screen while older ones go above it.
    const anchor = find(list, 'li[data-ts]');
    const before = anchor?.getBoundingClientRect().top ?? 0;
    // The page comes newest first.
    const older = page.data.messages.filter((message) => !itemOf(message.id)).map((message) => view.render(message));
    list.prepend(...older.reverse());
    onOlder(page.data.messages);
    if (page.data.nextBefore === null) reachedStart();
    regroup(list);
    if (anchor) list.scrollTop += anchor.getBoundingClientRect().top - before;
    return null;
  }

  /** The whole history is shown: the button goes, a line marks the start. */
  function reachedStart(): void {
    if (olderButton) olderButton.hidden = true;
    const edge = document.createElement('li');
    edge.className = 'history-edge';
    edge.textContent = '대화의 시작입니다';
    list.prepend(edge);
  }

  const hasOlder = () => Boolean(olderButton && !olderButton.hidden);
  list.addEventListener('scroll', () => {
    if (nearBottom()) countUnseen(0);
    if (list.scrollTop < OLDER_MARGIN && hasOlder()) void loadOlder();
  });
  newMessages.addEventListener('click', () => {
    list.scrollTo({ top: list.scrollHeight });
    countUnseen(0);
  });

  for (const time of list.querySelectorAll<HTMLTimeElement>('time[datetime]')) time.textContent = formatTime(time.dateTime);
  regroup(list);
  // The page opens where the reader stopped: the "unread" line at the top, else the end.
  const divider = document.getElementById('unread-divider');
  if (divider) list.scrollTop += divider.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
  else scrollToEnd();

  return {
    list,
    append,
    appendPending,
    delivered,
    change,
    loadOlder,
    olderButton,
    hasOlder,
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
