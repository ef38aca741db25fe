import { REPLY_EXCERPT_MAX } from '../../messages/limits.js';
import { byId, find } from '../shared/dom.js';
import type { TimelineJump } from './timeline-jump.js';
import type { Timeline } from './timeline.js';

/** A horizontal move this long (px), mostly sideways, is a swipe. */
const SWIPE_PX = 60;

/** The message a reply answers, as the composer and the pending copy show it. */
export interface ReplyTarget {
  id: number;
  user: { id: number; name: string; avatar: null };
  excerpt: string;
  image?: boolean;
}

/**
 * Replies (답장): started from a message's menu or by swiping it to the left on a touch
 * screen; the composer shows what is answered until it is sent or cancelled. A quote in the
 * timeline goes to the answered message, loading it when the page does not have it.
 */
export function createReplies({ timeline, jump }: { timeline: Timeline; jump: TimelineJump }) {
  const bar = byId('reply-bar');
  const input = byId<HTMLTextAreaElement>('chat-input');
  let target: ReplyTarget | null = null;

  function start(item: HTMLElement): void {
    const id = Number(item.dataset.id);
    if (!id || item.classList.contains('deleted')) return;
    const text = find(item, '.text')?.textContent ?? '';
    const image = find(item, '.image-link') !== null;
    target = { id, user: { id: Number(item.dataset.authorId), name: find(item, '.author')?.textContent ?? '', avatar: null }, excerpt: [...text].slice(0, REPLY_EXCERPT_MAX).join(''), ...(image ? { image } : {}) };
    const shown = find(bar, '.reply-bar-text');
    if (shown) shown.textContent = `${target.user.name}님에게 답장: ${target.excerpt || (image ? '사진' : '')}`;
    bar.hidden = false;
    input.focus();
  }

  function cancel(): void {
    target = null;
    bar.hidden = true;
  }

  byId('reply-cancel').addEventListener('click', cancel);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && target) cancel();
  });
  timeline.list.addEventListener('click', (event) => {
    const quote = event.target instanceof Element ? event.target.closest<HTMLElement>('.reply-quote') : null;
    if (quote?.dataset.replyTo) void jump.jumpTo(Number(quote.dataset.replyTo));
  });
  let touch: { x: number; y: number; item: HTMLElement } | null = null;
  timeline.list.addEventListener(
    'touchstart',
    (event) => {
      const item = event.target instanceof Element ? event.target.closest<HTMLElement>('li.message') : null;
      const point = event.touches[0];
      touch = item && point ? { x: point.clientX, y: point.clientY, item } : null;
    },
    { passive: true },
  );
  timeline.list.addEventListener('touchend', (event) => {
    const point = event.changedTouches[0];
    if (touch && point && touch.x - point.clientX > SWIPE_PX && Math.abs(point.clientY - touch.y) < SWIPE_PX / 2) start(touch.item);
    touch = null;
  });

  return {
    start,
    /** The reply being written, handed over once (the composer is then plain again). */
    take(): ReplyTarget | null {
      const taken = target;
      cancel();
      return taken;
    },
  };
}

export type Replies = ReturnType<typeof createReplies>;
