import * as z from 'zod/mini';
import { messageEventSchema, type MessageEvent } from '../../bus/events.js';
import { byId, find } from '../shared/dom.js';
import { getJson } from '../shared/http.js';
import type { RoomContext } from './context.js';

/** `GET /rooms/<slug>/messages/` (see docs/protocol.md). */
const historyPageSchema = z.object({ messages: z.array(messageEventSchema), nextBefore: z.nullable(z.number()) });

/** "오후 3:07", in the viewer's own time zone (the server renders Korean time first). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  const hours = date.getHours();
  const minutes = String(date.getMinutes()).padStart(2, '0');
  return `${hours < 12 ? '오전' : '오후'} ${hours % 12 || 12}:${minutes}`;
}

/** A message as the timeline shows it; `id` 0 while it is only on its way (see outbox.ts). */
export type ShownMessage = Pick<MessageEvent, 'user' | 'ts'> & { id: number; message?: string | undefined; url?: string | undefined };

/**
 * The chat timeline: messages built from the `<template id="message-template">` the
 * server renders from the same partial as its own messages, so markup exists once.
 */
export function createTimeline(context: RoomContext) {
  const list = byId<HTMLOListElement>('messages');
  const template = byId<HTMLTemplateElement>('message-template');
  const olderButton = document.getElementById('load-older');
  let lastId = Number(byId('room').dataset.lastId || 0);

  function render(message: ShownMessage): HTMLLIElement {
    const item = template.content.firstElementChild?.cloneNode(true);
    if (!(item instanceof HTMLLIElement)) throw new Error('#message-template must hold one <li>');
    item.classList.toggle('mine', message.user.id === context.myId);
    item.dataset.id = message.id === 0 ? '' : String(message.id);
    fill(item, '.author', (author) => (author.textContent = message.user.name));
    fill<HTMLTimeElement>(item, 'time', (time) => {
      time.dateTime = message.ts;
      time.textContent = formatTime(message.ts);
    });
    fill(item, '.text', (text) => (message.message ? (text.textContent = message.message) : text.remove()));
    fill<HTMLImageElement>(item, 'img', (image) => {
      if (!message.url) return image.remove();
      image.src = message.url;
      image.alt = `${message.user.name}님이 올린 이미지`;
    });
    return item;
  }

  const has = (id: number) => find(list, `li[data-id="${id}"]`) !== null;
  const nearBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const scrollToEnd = () => {
    list.scrollTop = list.scrollHeight;
  };

  /** Adds a delivered message at the end (once), following it when the reader is at the end. */
  function append(message: MessageEvent): void {
    if (has(message.id)) return;
    const follow = nearBottom() || message.user.id === context.myId;
    list.append(render(message));
    lastId = Math.max(lastId, message.id);
    if (follow) scrollToEnd();
  }

  /** Shows a message that is still on its way; the outbox replaces or marks it. */
  function appendPending(message: ShownMessage): HTMLLIElement {
    const item = render(message);
    item.classList.add('pending');
    list.append(item);
    scrollToEnd();
    return item;
  }

  async function loadOlder(): Promise<string | null> {
    const first = find(list, 'li[data-id]:not([data-id=""])');
    const answer = await getJson(`${context.basePath}/messages/?before=${first?.dataset.id ?? ''}`);
    if (!answer.ok) return answer.error;
    const page = historyPageSchema.safeParse(answer);
    if (!page.success) return '이전 메시지를 불러오지 못했습니다.';
    const { messages, nextBefore } = page.data;
    const height = list.scrollHeight;
    for (const message of messages) if (!has(message.id)) list.prepend(render(message));
    list.scrollTop += list.scrollHeight - height;
    if (nextBefore === null && olderButton) olderButton.hidden = true;
    return null;
  }

  for (const time of list.querySelectorAll<HTMLTimeElement>('time[datetime]')) time.textContent = formatTime(time.dateTime);
  scrollToEnd();

  return {
    append,
    appendPending,
    loadOlder,
    olderButton,
    /** The newest message id this page has, for `?after=` on reconnect. */
    lastId: () => lastId,
    seen(id: number): void {
      lastId = Math.max(lastId, id);
    },
  };
}

export type Timeline = ReturnType<typeof createTimeline>;

function fill<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string, apply: (element: T) => void): void {
  const element = find<T>(root, selector);
  if (element) apply(element);
}
