import { authorSelect, toChatAuthor } from '../accounts/authors.js';
import { REACTION_EMOJI, type MessageEvent, type ReplyQuote, type SystemEvent } from '../bus/events.js';
import type { Prisma } from '../generated/prisma/client.js';
import { REPLY_EXCERPT_MAX } from './limits.js';

/** The columns every reader of messages needs, authors included (one query each, no N+1). */
export const messageSelect = {
  id: true,
  seq: true,
  content: true,
  image: true,
  thumbnail: true,
  imageWidth: true,
  imageHeight: true,
  systemKind: true,
  editedAt: true,
  deletedAt: true,
  createdAt: true,
  user: { select: authorSelect },
  target: { select: authorSelect },
} satisfies Prisma.MessageSelect;

/** What a reply shows of the message it answers. */
export const quotedSelect = { id: true, content: true, image: true, deletedAt: true, user: { select: authorSelect } } satisfies Prisma.MessageSelect;
export type QuotedMessage = Prisma.MessageGetPayload<{ select: typeof quotedSelect }>;

/** The same with reactions, mentions and the answered message, for history and replay (the state of each message now). */
export const messageWithReactionsSelect = {
  ...messageSelect,
  reactions: { select: { emoji: true, userId: true } },
  mentions: { select: { userId: true } },
  replyTo: { select: quotedSelect },
} satisfies Prisma.MessageSelect;

export type StoredMessage = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;
export type StoredMessageWithReactions = Prisma.MessageGetPayload<{ select: typeof messageWithReactionsSelect }>;

/** Where a stored image path is served (see src/media/media-routes.ts). */
export const mediaUrl = (path: string) => `/media/${path.split('/').map(encodeURIComponent).join('/')}`;

/**
 * A stored message as every client receives it live: `system` for a room line, `image`
 * when it has one, else `chat`.
 */
export function toMessageEvent(message: StoredMessage): MessageEvent {
  const base = { id: message.id, seq: message.seq, user: toChatAuthor(message.user), ts: message.createdAt.toISOString() };
  if (message.systemKind) return toSystemEvent(message, message.systemKind);
  if (message.deletedAt) return { event: 'chat', ...base, deleted: true };
  if (message.image) return { event: 'image', ...base, ...imageFields(message, message.image), ...(message.content ? { message: message.content } : {}) };
  return { event: 'chat', ...base, message: message.content ?? '' };
}

/**
 * Where the image and its thumbnail are served, and the image's size. Images stored
 * before thumbnails existed show the image itself as their thumbnail, size unknown (null).
 */
function imageFields(message: StoredMessage, image: string) {
  return {
    url: mediaUrl(image),
    thumb_url: mediaUrl(message.thumbnail ?? image),
    width: message.imageWidth,
    height: message.imageHeight,
  };
}

function toSystemEvent(message: StoredMessage, kind: NonNullable<StoredMessage['systemKind']>): SystemEvent {
  return {
    event: 'system',
    id: message.id,
    seq: message.seq,
    kind,
    user: toChatAuthor(message.user),
    target: message.target ? toChatAuthor(message.target) : null,
    ts: message.createdAt.toISOString(),
  };
}

/**
 * A message as history and replay show it: its event plus its state now (edited, deleted,
 * reactions with counts, and which are the viewer's own; a chat's mentions).
 */
export function toTimelineEntry(message: StoredMessageWithReactions, viewerId: number): MessageEvent {
  const event = toMessageEvent(message);
  if (event.event === 'system') return event;
  return {
    ...event,
    ...(event.event === 'chat' && !message.deletedAt ? { mentions: message.mentions.map((mention) => mention.userId) } : {}),
    ...(message.replyTo && !message.deletedAt ? { reply_to: toReplyQuote(message.replyTo) } : {}),
    edited_at: message.editedAt?.toISOString() ?? null,
    deleted: message.deletedAt !== null,
    reactions: reactionCounts(message.reactions),
    mine: REACTION_EMOJI.filter((emoji) => message.reactions.some((reaction) => reaction.userId === viewerId && reaction.emoji === emoji)),
  };
}

/** A reply's quote of the message it answers, as that message is now: a deleted one shows as deleted, without text. */
export function toReplyQuote(quoted: QuotedMessage): ReplyQuote {
  const base = { id: quoted.id, user: toChatAuthor(quoted.user) };
  if (quoted.deletedAt) return { ...base, excerpt: '', deleted: true };
  const excerpt = [...(quoted.content ?? '')].slice(0, REPLY_EXCERPT_MAX).join('');
  return { ...base, excerpt, ...(quoted.image ? { image: true } : {}) };
}

/** emoji → count, in the fixed order of REACTION_EMOJI, without zeros. */
export function reactionCounts(reactions: readonly { emoji: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const emoji of REACTION_EMOJI) {
    const count = reactions.filter((reaction) => reaction.emoji === emoji).length;
    if (count > 0) counts[emoji] = count;
  }
  return counts;
}
