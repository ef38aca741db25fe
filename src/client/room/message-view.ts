import type { ChatAuthor, MessageEvent, ReplyQuote, SystemEvent } from '../../bus/events.js';
import { avatarInitial, avatarTone } from '../../messages/avatar.js';
import { timelineBox } from '../../messages/image-box.js';
import { messageTextPieces } from '../../messages/message-text.js';
import { systemText } from '../../messages/system-text.js';
import { clockTime } from '../../messages/timeline-days.js';
import { byId, find } from '../shared/dom.js';

/** "오후 3:07", in the viewer's own time zone (the server renders Korean time first). */
export function formatTime(iso: string): string {
  return clockTime(new Date(iso));
}

/** A message as the timeline shows it; `id` 0 while it is only on its way (see outbox.ts). */
export type ShownMessage =
  | SystemEvent
  | (Pick<Exclude<MessageEvent, SystemEvent>, 'user' | 'ts'> & {
      event?: 'chat' | 'image';
      id: number;
      message?: string | undefined;
      mentions?: number[] | undefined;
      url?: string | undefined;
      thumb_url?: string | undefined;
      width?: number | null | undefined;
      height?: number | null | undefined;
      edited_at?: string | null | undefined;
      deleted?: boolean | undefined;
      reactions?: Record<string, number> | undefined;
      mine?: string[] | undefined;
      reply_to?: ReplyQuote | undefined;
    });

/** A member's name as the member list shows it (undefined: not a member now). */
export type NameOf = (userId: number) => string | undefined;

/**
 * Builds and updates one message's markup. Every element comes from a `<template>` the
 * server renders from the same partial as its own messages, so markup exists once.
 * Mentions are highlighted with the members' names as the member list shows them (`nameOf`).
 */
export function createMessageView(myId: number, nameOf: NameOf) {
  const templates = {
    message: byId<HTMLTemplateElement>('message-template'),
    system: byId<HTMLTemplateElement>('system-template'),
    reaction: byId<HTMLTemplateElement>('reaction-template'),
  };
  const clone = <T extends HTMLElement>(template: HTMLTemplateElement): T => template.content.firstElementChild?.cloneNode(true) as T;

  function render(message: ShownMessage): HTMLLIElement {
    if (message.event === 'system') return renderSystem(message);
    const item = clone<HTMLLIElement>(templates.message);
    item.classList.toggle('mine', message.user.id === myId);
    item.dataset.id = message.id === 0 ? '' : String(message.id);
    item.dataset.authorId = String(message.user.id);
    item.dataset.ts = message.ts;
    showAvatar(item, message.user);
    fill(item, '.author', (author) => (author.textContent = message.user.name));
    fill<HTMLTimeElement>(item, 'time', (time) => {
      time.dateTime = message.ts;
      time.textContent = formatTime(message.ts);
    });
    fill(item, '.reply-quote', (quote) => (message.reply_to && !message.deleted ? showQuote(quote, message.reply_to) : quote.remove()));
    fill(item, '.text', (text) => (message.message ? showText(item, text, message.message, message.mentions ?? []) : text.remove()));
    fill<HTMLAnchorElement>(item, '.image-link', (link) => (message.url ? showImage(link, message) : link.remove()));
    if (message.edited_at) markEdited(item, message.edited_at);
    if (message.deleted) markDeleted(item);
    else setReactions(item, message.reactions ?? {}, message.mine ?? []);
    return item;
  }

  /** The thumbnail in its reserved box, linking to the display image. */
  function showImage(link: HTMLAnchorElement, message: Exclude<ShownMessage, SystemEvent>): void {
    link.href = message.url ?? '';
    fill<HTMLImageElement>(link, 'img', (image) => {
      const box = timelineBox(message.width, message.height);
      if (box) {
        image.width = box.width;
        image.height = box.height;
      }
      image.src = message.thumb_url ?? message.url ?? '';
      image.alt = `${message.user.name}님이 올린 이미지`;
    });
  }

  function renderSystem(message: SystemEvent): HTMLLIElement {
    const item = clone<HTMLLIElement>(templates.system);
    item.dataset.id = String(message.id);
    item.dataset.ts = message.ts;
    fill(item, '.text', (text) => (text.textContent = systemText(message.kind, message.user, message.target)));
    fill<HTMLTimeElement>(item, 'time', (time) => {
      time.dateTime = message.ts;
      time.textContent = formatTime(message.ts);
    });
    return item;
  }

  /**
   * The text with its mentions as `.mention` spans (`.me` for the viewer's, and the message
   * marked) and its web links as links that open apart, as the server's partial renders them.
   */
  function showText(item: HTMLElement, paragraph: HTMLElement, text: string, mentions: readonly number[]): void {
    paragraph.replaceChildren(
      ...messageTextPieces(text, mentions, nameOf).map((piece) => {
        if (piece.href) return link(piece.text, piece.href);
        if (piece.userId === undefined) return piece.text;
        const mention = document.createElement('span');
        mention.className = piece.userId === myId ? 'mention me' : 'mention';
        mention.textContent = piece.text;
        return mention;
      }),
    );
    item.classList.toggle('mentions-me', mentions.includes(myId));
  }

  /** The new text and the "(수정됨)" mark, its time on hover. */
  function edit(item: HTMLElement, text: string, editedAt: string, mentions: readonly number[]): void {
    if (item.classList.contains('deleted')) return;
    let paragraph = find(item, '.text');
    if (!paragraph) {
      paragraph = document.createElement('p');
      paragraph.className = 'text';
      // A caption goes under its image.
      find(item, '.tombstone')?.before(paragraph);
    }
    showText(item, paragraph, text, mentions);
    markEdited(item, editedAt);
  }

  function markEdited(item: HTMLElement, editedAt: string): void {
    fill(item, '.edited', (mark) => {
      mark.hidden = false;
      mark.title = `${new Date(editedAt).toLocaleString('ko-KR')}에 수정됨`;
    });
  }

  /** A reply's quote: who wrote the answered message and its first characters, or that it was deleted. */
  function showQuote(quote: HTMLElement, reply: ReplyQuote): void {
    quote.dataset.replyTo = String(reply.id);
    fill(quote, '.quote-author', (author) => (author.textContent = reply.user.name));
    fill(quote, '.quote-text', (text) => (text.textContent = reply.excerpt || (reply.image ? '사진' : '')));
    if (reply.deleted) quoteDeleted(quote);
  }

  /** Every quote of message `id` in `root` now says it was deleted. */
  function markQuotesDeleted(root: HTMLElement, id: number): void {
    for (const quote of root.querySelectorAll<HTMLElement>(`.reply-quote[data-reply-to="${id}"]`)) quoteDeleted(quote);
  }

  /** A tombstone: text, image and reactions go. */
  function markDeleted(item: HTMLElement): void {
    item.classList.add('deleted');
    for (const gone of item.querySelectorAll('.text, .image-link, .reaction, .message-actions')) gone.remove();
    fill(item, '.tombstone', (tombstone) => (tombstone.hidden = false));
  }

  /** Shows the counts; `mine` (the viewer's own) highlighted. */
  function setReactions(item: HTMLElement, counts: Record<string, number>, mine: readonly string[]): void {
    const box = find(item, '.reactions');
    if (!box) return;
    box.replaceChildren(
      ...Object.entries(counts).map(([emoji, count]) => {
        const chip = clone<HTMLButtonElement>(templates.reaction);
        chip.dataset.emoji = emoji;
        chip.classList.toggle('mine', mine.includes(emoji));
        chip.setAttribute('aria-pressed', String(mine.includes(emoji)));
        fill(chip, '.emoji', (span) => (span.textContent = emoji));
        fill(chip, '.count', (span) => (span.textContent = String(count)));
        return chip;
      }),
    );
  }

  /** The emoji the viewer gave this message, as shown. */
  const mineOf = (item: HTMLElement) => [...item.querySelectorAll<HTMLElement>('.reaction.mine')].map((chip) => chip.dataset.emoji ?? '');

  return { render, edit, markDeleted, markQuotesDeleted, setReactions, mineOf };
}

export type MessageView = ReturnType<typeof createMessageView>;

function quoteDeleted(quote: HTMLElement): void {
  quote.classList.add('deleted');
  fill(quote, '.quote-text', (text) => (text.textContent = '삭제된 메시지입니다'));
}

/** The letter avatar of the template, or the person's picture. */
function showAvatar(item: HTMLElement, user: ChatAuthor): void {
  const avatar = find(item, '.avatar');
  if (!avatar) return;
  if (user.avatar) {
    const picture = document.createElement('img');
    picture.className = 'avatar';
    picture.src = user.avatar;
    picture.alt = '';
    avatar.replaceWith(picture);
    return;
  }
  avatar.textContent = avatarInitial(user.name);
  avatar.classList.add(avatarTone(user.id));
}

function link(text: string, href: string): HTMLAnchorElement {
  const anchor = document.createElement('a');
  anchor.className = 'link';
  anchor.href = href;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer nofollow ugc';
  anchor.textContent = text;
  return anchor;
}

function fill<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string, apply: (element: T) => void): void {
  const element = find<T>(root, selector);
  if (element) apply(element);
}
