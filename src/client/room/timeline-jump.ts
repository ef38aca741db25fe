import * as z from 'zod/mini';
import { messageEventSchema, type MessageEvent } from '../../bus/events.js';
import { byId } from '../shared/dom.js';
import { getJson } from '../shared/http.js';
import type { RoomContext } from './context.js';
import { createMessageView, type NameOf } from './message-view.js';
import { regroup } from './grouping.js';
import type { Timeline } from './timeline.js';

/** `GET /rooms/<slug>/messages/?around=<id>` and `?before=<id>` (see docs/protocol.md). */
const aroundSchema = z.object({ messages: z.array(messageEventSchema), nextBefore: z.nullable(z.number()), nextAfter: z.nullable(z.number()) });
const olderSchema = z.object({ messages: z.array(messageEventSchema), nextBefore: z.nullable(z.number()) });

/** Whether a loaded run of messages may not reach what the page shows next to it. */
interface Edges {
  olderOpen: boolean;
  newerOpen: boolean;
}

/**
 * Brings any message of the room into the timeline and shows it: one the page has is
 * scrolled to; another is loaded with its neighbours (`?around=`) and put in its place,
 * so the timeline stays in id order and live messages keep arriving at its end. Where a
 * loaded run does not join what the page had, a gap line says so; pressing it loads the
 * messages in between (`?before=`), 50 at a time, until the two sides meet.
 */
export function createTimelineJump(context: RoomContext, timeline: Pick<Timeline, 'list' | 'itemOf' | 'olderButton'>, nameOf: NameOf, notice: (text: string) => void) {
  const { list } = timeline;
  const view = createMessageView(context.myId, nameOf);
  const gapTemplate = byId<HTMLTemplateElement>('timeline-gap-template');

  /** The page's messages in order (pending ones, without an id yet, left out). */
  const shown = () => [...list.querySelectorAll<HTMLElement>(':scope > li[data-id]')].filter((item) => item.dataset.id);
  const idOf = (item: HTMLElement) => Number(item.dataset.id);

  /**
   * Puts a loaded run of consecutive messages in its places and keeps the gap lines true:
   * none inside the run, one at an edge that may not join its neighbour on the page.
   */
  function insertRun(messages: MessageEvent[], edges: Edges, alsoInRun: number[] = []): void {
    const run = new Set([...messages.map((message) => message.id), ...alsoInRun]);
    const added = new Set<number>();
    for (const message of [...messages].sort((a, b) => a.id - b.id)) {
      if (timeline.itemOf(message.id)) continue;
      const later = shown().find((item) => idOf(item) > message.id) ?? null;
      list.insertBefore(view.render(message), later);
      added.add(message.id);
    }
    const items = shown();
    items.forEach((item, index) => {
      const previous = items[index - 1];
      if (!previous) return;
      const [older, newer] = [idOf(previous), idOf(item)];
      // An edge the page already had keeps what it knew about its neighbour.
      if (run.has(older) && run.has(newer)) setGap(previous, item, false);
      else if (added.has(older) && !run.has(newer) && edges.newerOpen) setGap(previous, item, true);
      else if (!run.has(older) && added.has(newer) && edges.olderOpen) setGap(previous, item, true);
    });
    // The room's first message is on the page: there is nothing older to load.
    const first = items[0];
    if (first && added.has(idOf(first)) && !edges.olderOpen && timeline.olderButton) timeline.olderButton.hidden = true;
    regroup(list);
  }

  /** One gap line between two neighbouring messages, or none. */
  function setGap(older: HTMLElement, newer: HTMLElement, wanted: boolean): void {
    const gaps: Element[] = [];
    for (let node = older.nextElementSibling; node && node !== newer; node = node.nextElementSibling) if (node.matches('.timeline-gap')) gaps.push(node);
    if (!wanted) return gaps.forEach((gap) => gap.remove());
    if (gaps.length > 0) return;
    const gap = gapTemplate.content.firstElementChild?.cloneNode(true);
    if (gap instanceof HTMLElement) list.insertBefore(gap, newer);
  }

  list.addEventListener('click', (event) => {
    const gap = event.target instanceof Element ? event.target.closest<HTMLElement>('.timeline-gap') : null;
    if (!gap || gap.dataset.loading) return;
    gap.dataset.loading = 'true';
    void fillGap(gap).then((problem) => {
      delete gap.dataset.loading;
      if (problem) notice(problem);
    });
  });

  /** Loads the messages just older than the one after the gap line; answers a problem in Korean, or null. */
  async function fillGap(gap: HTMLElement): Promise<string | null> {
    const newer = gap.nextElementSibling;
    if (!(newer instanceof HTMLElement) || !newer.dataset.id) return null;
    const answer = await getJson(`${context.basePath}/messages/?before=${newer.dataset.id}`);
    if (!answer.ok) return answer.error;
    const page = olderSchema.safeParse(answer);
    if (!page.success) return '메시지를 불러오지 못했습니다.';
    insertRun(page.data.messages, { olderOpen: page.data.nextBefore !== null, newerOpen: false }, [idOf(newer)]);
    return null;
  }

  /**
   * Scrolls to message `id` (loading it first when the page lacks it) and highlights it
   * briefly: for a search hit, a reply's quote and a link to a message (`#m-<id>`).
   */
  async function jumpTo(id: number): Promise<void> {
    const problem = await bringIn(id);
    if (problem) notice(problem);
  }

  /** Shows message `id`; answers a problem in Korean, or null. */
  async function bringIn(id: number): Promise<string | null> {
    if (!timeline.itemOf(id)) {
      const answer = await getJson(`${context.basePath}/messages/?around=${id}`);
      if (!answer.ok) return answer.error;
      const around = aroundSchema.safeParse(answer);
      if (!around.success) return '메시지를 불러오지 못했습니다.';
      insertRun(around.data.messages, { olderOpen: around.data.nextBefore !== null, newerOpen: around.data.nextAfter !== null });
    }
    const item = timeline.itemOf(id);
    if (!item) return '메시지를 찾을 수 없습니다.';
    item.scrollIntoView({ block: 'center' });
    item.focus({ preventScroll: true });
    item.classList.remove('found');
    // Restart the highlight's animation when the same message is chosen again.
    void item.offsetWidth;
    item.classList.add('found');
    item.addEventListener('animationend', () => item.classList.remove('found'), { once: true });
    return null;
  }

  return { jumpTo };
}

export type TimelineJump = ReturnType<typeof createTimelineJump>;
