import { authorSelect, toChatAuthor } from '../accounts/authors.js';
import type { RoomBus } from '../bus/bus.js';
import type { Notice } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import type { Prisma } from '../generated/prisma/client.js';
import { inTransaction, type Tx } from './room-data.js';
import { lockAsStaff, writeLog } from './staff.js';

const noticeSelect = { text: true, messageId: true, pinnedAt: true, pinnedBy: { select: authorSelect } } satisfies Prisma.RoomNoticeSelect;
type NoticeRow = Prisma.RoomNoticeGetPayload<{ select: typeof noticeSelect }>;

const toNotice = (row: NoticeRow): Notice => ({
  text: row.text,
  message_id: row.messageId,
  by: row.pinnedBy ? toChatAuthor(row.pinnedBy) : null,
  at: row.pinnedAt.toISOString(),
});

/** What to pin: a message of the room (its text is copied) or a text written for it. */
export type NoticeSource = { messageId: number } | { text: string };

/**
 * The room's one notice (공지), pinned by the owner or a moderator (`POST …/notice/`) and
 * cleared by them (`…/notice/clear/`), under the room's row lock like every staff action,
 * logged, and announced to the room with `notice` after the commit. A pinned message's
 * text is copied: editing or deleting the message later leaves the notice as pinned.
 */
export function createNoticeService({ db, bus }: { db: Database; bus: RoomBus }) {
  async function pin({ slug, actorId, source }: { slug: string; actorId: number; source: NoticeSource }): Promise<Notice> {
    const { roomId, notice } = await inTransaction(db, async (tx) => {
      const { room, actor } = await lockAsStaff(tx, slug, actorId, null, 'staff');
      const { text, messageId } = await noticeText(tx, room.id, source);
      const data = { text, messageId, pinnedById: actorId, pinnedAt: new Date() };
      const row = await tx.roomNotice.upsert({ where: { roomId: room.id }, create: { roomId: room.id, ...data }, update: data, select: noticeSelect });
      await writeLog(tx, room, actor, null, 'notice');
      return { roomId: room.id, notice: toNotice(row) };
    });
    await bus.toRoom(roomId, { event: 'notice', notice });
    return notice;
  }

  async function clear({ slug, actorId }: { slug: string; actorId: number }): Promise<void> {
    const roomId = await inTransaction(db, async (tx) => {
      const { room, actor } = await lockAsStaff(tx, slug, actorId, null, 'staff');
      await tx.roomNotice.deleteMany({ where: { roomId: room.id } });
      await writeLog(tx, room, actor, null, 'notice_clear');
      return room.id;
    });
    await bus.toRoom(roomId, { event: 'notice', notice: null });
  }

  /** The room's notice now, for its page; null when none is pinned. */
  async function current(roomId: number): Promise<Notice | null> {
    const row = await db.roomNotice.findUnique({ where: { roomId }, select: noticeSelect });
    return row ? toNotice(row) : null;
  }

  return { pin, clear, current };
}

/** A pinned message must be the room's, live and not a system line, and have text (NOTICE_NO_TEXT for a bare image). */
async function noticeText(tx: Tx, roomId: number, source: NoticeSource): Promise<{ text: string; messageId: number | null }> {
  if ('text' in source) return { text: source.text, messageId: null };
  const message = await tx.message.findFirst({ where: { id: source.messageId, roomId, deletedAt: null, systemKind: null }, select: { content: true } });
  if (!message) throw appError('MESSAGE_NOT_FOUND');
  if (!message.content) throw appError('NOTICE_NO_TEXT');
  return { text: message.content, messageId: source.messageId };
}

export type NoticeService = ReturnType<typeof createNoticeService>;
