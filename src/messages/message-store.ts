import type { ChatEvent, MessageEvent } from '../bus/events.js';
import { uniqueViolation } from '../db/errors.js';
import { clampPageSize } from '../db/paging.js';
import type { Database } from '../db/prisma.js';
import { messageSelect, toMessageEvent, type StoredMessage } from './message-events.js';

export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_PAGE_MAX = 100;

export interface HistoryPage {
  /** Newest first. */
  messages: StoredMessage[];
  /** Pass as `before` for the next older page; null when this page reaches the start. */
  nextBefore: number | null;
}

/**
 * The one home of messages: storing chat and images, paging history, replaying what a
 * reconnecting socket missed. Room access is checked by the callers.
 */
export function createMessageStore({ db }: { db: Database }) {
  /**
   * Stores a chat message, once per (user, clientId): a repeated clientId returns the
   * first message with `duplicate: true` and stores nothing.
   */
  async function postChat({ roomId, userId, text, clientId }: { roomId: number; userId: number; text: string; clientId: string | null }): Promise<{ event: ChatEvent; duplicate: boolean }> {
    try {
      const message = await db.message.create({ data: { roomId, userId, content: text, clientId }, select: messageSelect });
      return { event: chatEvent(message), duplicate: false };
    } catch (error) {
      if (clientId === null || uniqueViolation(error) !== 'messages_user_id_client_id_key') throw error;
      // A resend: answer with the message stored the first time, store nothing.
      const first = await db.message.findUniqueOrThrow({ where: { userId_clientId: { userId, clientId } }, select: messageSelect });
      return { event: chatEvent(first), duplicate: true };
    }
  }

  /** Stores a message whose image file (`path`, relative to the media root) is already written. */
  async function postImage({ roomId, userId, path }: { roomId: number; userId: number; path: string }): Promise<MessageEvent> {
    const message = await db.message.create({ data: { roomId, userId, image: path }, select: messageSelect });
    return toMessageEvent(message);
  }

  /**
   * One page of a room's history, newest first, with each author loaded by the same
   * call (a fixed number of queries, however long the page). The cursor is the message
   * id: ids only grow, so paging never skips or repeats a message while new ones arrive.
   */
  async function page({ roomId, before, limit = HISTORY_PAGE_SIZE }: { roomId: number; before?: number | undefined; limit?: number }): Promise<HistoryPage> {
    const take = clampPageSize(limit, 1, HISTORY_PAGE_MAX);
    // One extra row says whether an older page exists.
    const rows = await db.message.findMany({
      where: { roomId, ...(before === undefined ? {} : { id: { lt: before } }) },
      orderBy: { id: 'desc' },
      take: take + 1,
      select: messageSelect,
    });
    const messages = rows.slice(0, take);
    const last = messages.at(-1);
    return { messages, nextBefore: rows.length > take && last ? last.id : null };
  }

  /** Up to `limit` messages with an id above `afterId`, oldest first, as events (a reconnect's replay). */
  async function missedSince(roomId: number, afterId: number, limit: number): Promise<MessageEvent[]> {
    const rows = await db.message.findMany({ where: { roomId, id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit, select: messageSelect });
    return rows.map(toMessageEvent);
  }

  return { postChat, postImage, page, missedSince };
}

export type MessageStore = ReturnType<typeof createMessageStore>;

function chatEvent(message: StoredMessage): ChatEvent {
  const event = toMessageEvent(message);
  if (event.event !== 'chat') throw new Error('a chat frame produced an image message');
  return event;
}
