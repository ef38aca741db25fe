import type { AuthorCache } from '../accounts/authors.js';
import type { ChatEvent, MessageEvent, SystemKind } from '../bus/events.js';
import { clampPageSize } from '../db/paging.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import { Prisma } from '../generated/prisma/client.js';
import type { ChatWriter } from './chat-writer.js';
import { mentionsIn } from './mention-data.js';
import { messageSelect, messageWithReactionsSelect, toMessageEvent, toTimelineEntry } from './message-events.js';
import { createMessageSearch } from './search.js';
import { replaceGrams } from './search-index.js';
import { nextSeq } from './sequence.js';

type Tx = Prisma.TransactionClient;

export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_PAGE_MAX = 100;
/** Messages on each side of the one a search result jumps to. */
export const AROUND_COUNT = 25;

export interface HistoryPage {
  /** Newest first, each with its state now (see toTimelineEntry). */
  messages: MessageEvent[];
  /** Pass as `before` for the next older page; null when this page reaches the start. */
  nextBefore: number | null;
}

export interface AroundPage extends HistoryPage {
  /** The newest id answered when newer messages remain (page forward from it); else null. */
  nextAfter: number | null;
}

/**
 * The one home of messages: storing chat, images and system lines (each numbered in the
 * room's sequence), paging history, replaying what a reconnecting socket missed by id,
 * searching (search.ts).
 * Changes to existing messages live in message-changes.ts, replay by sequence in
 * replay.ts. Room access is checked by the callers.
 */
export interface MessageStoreDeps {
  db: Database;
  /** The chat write path (group commit over a plain driver). */
  writer: ChatWriter;
  authors: AuthorCache;
}

export function createMessageStore({ db, writer, authors }: MessageStoreDeps) {
  /**
   * Stores a chat message with the members it mentions, once per (user, clientId): a
   * repeated clientId stores nothing and answers the first message's id and number with
   * `duplicate: true`.
   */
  async function postChat(input: { roomId: number; userId: number; text: string; clientId: string | null }): Promise<{ event: ChatEvent; duplicate: boolean }> {
    const mentions = await mentionsIn(db, input.roomId, input.text, input.userId);
    const [written, user] = await Promise.all([writer.write({ ...input, mentions }), authors.get(input.userId)]);
    if (!user) throw appError('MEMBER_NOT_FOUND');
    const event: ChatEvent = {
      event: 'chat',
      id: written.id,
      seq: written.seq,
      user,
      message: input.text,
      ...(mentions.length > 0 ? { mentions } : {}),
      ts: written.createdAt.toISOString(),
    };
    return { event, duplicate: written.duplicate };
  }

  /**
   * Stores a message whose image files (keys in the media store) are already written; the
   * caption is its text. `width` and `height` are the image's own size.
   */
  async function postImage(input: { roomId: number; userId: number; image: string; thumbnail: string; width: number; height: number; caption: string | null }): Promise<MessageEvent> {
    const { roomId, userId, image, thumbnail, width, height, caption } = input;
    const data = { roomId, userId, image, thumbnail, imageWidth: width, imageHeight: height, content: caption };
    const message = await numbered(roomId, async (tx, seq) => {
      const created = await tx.message.create({ data: { ...data, seq }, select: messageSelect });
      await replaceGrams(tx, { roomId, seq, from: null, to: caption });
      return created;
    });
    return toMessageEvent(message);
  }

  /**
   * One page of a room's history, newest first: authors and reactions loaded by the same
   * call (a fixed number of queries, however long the page). The cursor is the message id:
   * ids only grow, so paging never skips or repeats a message while new ones arrive.
   */
  async function page({ roomId, viewerId, before, limit = HISTORY_PAGE_SIZE }: { roomId: number; viewerId: number; before?: number | undefined; limit?: number }): Promise<HistoryPage> {
    const take = clampPageSize(limit, 1, HISTORY_PAGE_MAX);
    // One extra row says whether an older page exists.
    const rows = await db.message.findMany({
      where: { roomId, ...(before === undefined ? {} : { id: { lt: before } }) },
      orderBy: { id: 'desc' },
      take: take + 1,
      select: messageWithReactionsSelect,
    });
    const messages = rows.slice(0, take);
    const last = messages.at(-1);
    return { messages: messages.map((message) => toTimelineEntry(message, viewerId)), nextBefore: rows.length > take && last ? last.id : null };
  }

  /**
   * Message `id` of the room with up to `count` older and `count` newer ones, newest first
   * (a search result shown in its place). `nextBefore` pages further back as in page();
   * `nextAfter`, when newer messages remain, is the newest id answered. Not this room's:
   * MESSAGE_NOT_FOUND.
   */
  async function around({ roomId, viewerId, id, count = AROUND_COUNT }: { roomId: number; viewerId: number; id: number; count?: number }): Promise<AroundPage> {
    const [olderAndIt, newer] = await Promise.all([
      db.message.findMany({ where: { roomId, id: { lte: id } }, orderBy: { id: 'desc' }, take: count + 2, select: messageWithReactionsSelect }),
      db.message.findMany({ where: { roomId, id: { gt: id } }, orderBy: { id: 'asc' }, take: count + 1, select: messageWithReactionsSelect }),
    ]);
    if (olderAndIt[0]?.id !== id) throw appError('MESSAGE_NOT_FOUND');
    const older = olderAndIt.slice(0, count + 1);
    const shownNewer = newer.slice(0, count).reverse();
    return {
      messages: [...shownNewer, ...older].map((message) => toTimelineEntry(message, viewerId)),
      nextBefore: olderAndIt.length > count + 1 ? (older.at(-1)?.id ?? null) : null,
      nextAfter: newer.length > count ? (shownNewer[0]?.id ?? null) : null,
    };
  }

  /** Up to `limit` messages with an id above `afterId`, oldest first, as they are now (`?after=` replay). */
  async function missedSince(roomId: number, afterId: number, limit: number, viewerId: number): Promise<MessageEvent[]> {
    const rows = await db.message.findMany({ where: { roomId, id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit, select: messageWithReactionsSelect });
    return rows.map((message) => toTimelineEntry(message, viewerId));
  }

  /** Runs `work` with the room's next sequence number, in one transaction holding the room's row lock. */
  function numbered<T>(roomId: number, work: (tx: Tx, seq: number) => Promise<T>): Promise<T> {
    return db.$transaction(async (tx) => work(tx, await nextSeq(tx, roomId)), { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted });
  }

  return { postChat, postImage, page, around, missedSince, search: createMessageSearch({ db }).search };
}

export type MessageStore = ReturnType<typeof createMessageStore>;

/**
 * Stores a system line (join, leave, kick…) inside a transaction that already holds the
 * room's row lock (moderation, entry), numbered in the room's sequence.
 */
export async function postSystemMessage(tx: Tx, { roomId, kind, userId, targetId = null }: { roomId: number; kind: SystemKind; userId: number; targetId?: number | null }): Promise<MessageEvent> {
  const seq = await nextSeq(tx, roomId);
  return toMessageEvent(await tx.message.create({ data: { roomId, userId, systemKind: kind, targetId, seq }, select: messageSelect }));
}

