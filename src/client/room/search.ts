import * as z from 'zod/mini';
import { messageEventSchema, type MessageEvent } from '../../bus/events.js';
import { matchRanges } from '../../messages/search-text.js';
import { byId, find } from '../shared/dom.js';
import { getJson } from '../shared/http.js';
import { status, type RoomContext } from './context.js';
import { createMessageView, type NameOf } from './message-view.js';
import { createTimelineJump } from './timeline-jump.js';
import type { Timeline } from './timeline.js';

/** `GET /rooms/<slug>/search/` (see docs/protocol.md). */
const resultsSchema = z.object({ messages: z.array(messageEventSchema), nextBefore: z.nullable(z.number()) });

const QUERY_MAX = 100;

/**
 * Search in the room's history: the panel's form asks the server, the hits are listed
 * newest first with the same message markup as the timeline and the query marked, "더
 * 보기" pages further back, and choosing a hit shows it in the timeline (loaded with its
 * neighbours when the page does not have it). User text goes in as text nodes and <mark>
 * elements only.
 */
export function setUpSearch(context: RoomContext, timeline: Pick<Timeline, 'list' | 'itemOf' | 'olderButton'>, nameOf: NameOf): void {
  const panel = byId('search-panel');
  const form = byId<HTMLFormElement>('search-form');
  const input = byId<HTMLInputElement>('search-input');
  const output = byId('search-output');
  const statusLine = byId('search-status');
  const results = byId<HTMLOListElement>('search-results');
  const more = byId<HTMLButtonElement>('search-more');
  const view = createMessageView(context.myId, nameOf);
  const jump = createTimelineJump(context, timeline, nameOf, (text) => status.notice(text));
  let current: { query: string; nextBefore: number | null; found: number } | null = null;
  // Answers to an earlier query that arrive late are dropped.
  let asked = 0;

  panel.hidden = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (query === '') return show('검색어를 입력해 주세요.');
    if ([...query].length > QUERY_MAX) return show(`검색어는 ${QUERY_MAX}자 이하로 입력해 주세요.`);
    results.replaceChildren();
    current = { query, nextBefore: null, found: 0 };
    void load(query);
  });

  more.addEventListener('click', () => {
    if (current?.nextBefore) void load(current.query, current.nextBefore);
  });

  byId('search-close').addEventListener('click', () => {
    asked += 1;
    current = null;
    output.hidden = true;
    results.replaceChildren();
    input.focus();
  });

  results.addEventListener('click', (event) => {
    const hit = event.target instanceof Element ? event.target.closest<HTMLElement>('li[data-id]') : null;
    if (hit) void choose(hit);
  });
  results.addEventListener('keydown', (event) => {
    const hit = event.target instanceof HTMLElement && event.target.matches('li[data-id]') ? event.target : null;
    if (hit && event.key === 'Enter') void choose(hit);
  });

  async function load(query: string, before?: number): Promise<void> {
    const ticket = (asked += 1);
    more.hidden = true;
    show(before === undefined ? '검색 중…' : statusLine.textContent);
    const answer = await getJson(`${context.basePath}/search/?q=${encodeURIComponent(query)}${before === undefined ? '' : `&before=${before}`}`);
    if (ticket !== asked || !current) return;
    if (!answer.ok) return show(answer.error);
    const page = resultsSchema.safeParse(answer);
    if (!page.success) return show('검색 결과를 불러오지 못했습니다.');
    results.append(...page.data.messages.map((message) => renderHit(message, query)));
    current.found += page.data.messages.length;
    current.nextBefore = page.data.nextBefore;
    more.hidden = current.nextBefore === null;
    show(current.found === 0 ? '검색 결과가 없습니다.' : `검색 결과 ${current.found}개${current.nextBefore === null ? '' : ' (더 있음)'}`);
  }

  /** A hit with the timeline's markup, the query marked in its text; it leads to the message. */
  function renderHit(message: MessageEvent, query: string): HTMLLIElement {
    const item = view.render(message);
    item.classList.add('search-hit');
    item.setAttribute('role', 'button');
    item.title = '대화에서 보기';
    const text = find(item, '.text');
    if (text) highlight(text, text.textContent, query);
    return item;
  }

  async function choose(hit: HTMLElement): Promise<void> {
    const problem = await jump.jumpTo(Number(hit.dataset.id));
    if (problem) status.notice(problem);
  }

  function show(text: string | null): void {
    output.hidden = false;
    statusLine.textContent = text ?? '';
  }
}

/** Sets `element`'s content to `text` with each occurrence of `query` in a <mark>. */
function highlight(element: HTMLElement, text: string, query: string): void {
  const parts: Node[] = [];
  let at = 0;
  for (const [start, end] of matchRanges(text, query)) {
    if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    parts.push(mark);
    at = end;
  }
  if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
  element.replaceChildren(...parts);
}
