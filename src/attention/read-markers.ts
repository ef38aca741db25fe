import type { UserBus } from '../bus/bus.js';
import type { Database } from '../db/prisma.js';
import { Prisma } from '../generated/prisma/client.js';
import { UNREAD_COUNTED } from './unread-text.js';

export interface RoomUnread {
  slug: string;
  /** Others' messages (not system lines, not deleted) after the read marker, up to UNREAD_COUNTED. */
  unread: number;
  /** Of those, the ones that mention the user. */
  mentions: number;
}

/**
 * Read markers: one per member (room_members.last_read_id), moved forward only, when the
 * page says the newest message was seen — one write per reading, never one per message
 * per member. Unread counts are computed from the marker when asked.
 */
export function createReadMarkers({ db, bus }: { db: Database; bus: UserBus }) {
  /**
   * Moves the user's marker in the room up to message `id` (at most the room's newest) and
   * tells their other sockets. Answers the marker as it is now; `moved` false when it was
   * already there or further (nothing written, nothing sent).
   */
  async function markRead({ roomId, userId, id }: { roomId: number; userId: number; id: number }): Promise<{ marker: number; moved: boolean }> {
    const [room] = await db.$queryRaw<{ slug: string; newest: number | null }[]>`
      SELECT r.slug, (SELECT MAX(m.id) FROM messages AS m WHERE m.room_id = r.id) AS newest FROM rooms AS r WHERE r.id = ${roomId}`;
    const marker = Math.min(id, Number(room?.newest ?? 0));
    const { count } = await db.roomMember.updateMany({ where: { roomId, userId, isBanned: false, lastReadId: { lt: marker } }, data: { lastReadId: marker } });
    if (count > 0 && room) {
      await bus.toUser(userId, { event: 'read', room: room.slug, id: marker });
      return { marker, moved: true };
    }
    const current = await db.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { lastReadId: true } });
    return { marker: current?.lastReadId ?? 0, moved: false };
  }

  /**
   * The user's rooms (not banned) with their unread and mention counts: two queries
   * whatever the number of rooms. Each room's count reads at most UNREAD_COUNTED rows of
   * its (room_id, id) index, so a room left unread for a year costs no more than that.
   */
  async function unreadCounts(userId: number): Promise<RoomUnread[]> {
    const memberships = await db.roomMember.findMany({
      where: { userId, isBanned: false },
      orderBy: [{ joinedAt: 'desc' }, { id: 'desc' }],
      select: { roomId: true, lastReadId: true, room: { select: { slug: true } } },
    });
    if (memberships.length === 0) return [];
    const perRoom = memberships.map(
      ({ roomId, lastReadId }) => Prisma.sql`(SELECT ${roomId} AS room_id, COUNT(*) AS unread FROM (
        SELECT 1 FROM messages WHERE room_id = ${roomId} AND id > ${lastReadId} AND user_id <> ${userId} AND system_kind IS NULL AND deleted_at IS NULL
        LIMIT ${UNREAD_COUNTED}) AS counted)`,
    );
    const [unread, mentions] = await Promise.all([
      db.$queryRaw<{ room_id: number; unread: bigint | number }[]>(Prisma.join(perRoom, ' UNION ALL ')),
      db.$queryRaw<{ room_id: number; mentions: bigint | number }[]>`
        SELECT m.room_id, COUNT(*) AS mentions
        FROM message_mentions AS mm
        JOIN messages AS m ON m.id = mm.message_id
        JOIN room_members AS rm ON rm.room_id = m.room_id AND rm.user_id = mm.user_id
        WHERE mm.user_id = ${userId} AND mm.message_id > rm.last_read_id AND rm.is_banned = 0 AND m.deleted_at IS NULL
        GROUP BY m.room_id`,
    ]);
    const unreadOf = new Map(unread.map((row) => [Number(row.room_id), Number(row.unread)]));
    const mentionsOf = new Map(mentions.map((row) => [Number(row.room_id), Number(row.mentions)]));
    return memberships.map(({ roomId, room }) => ({ slug: room.slug, unread: unreadOf.get(roomId) ?? 0, mentions: mentionsOf.get(roomId) ?? 0 }));
  }

  return { markRead, unreadCounts };
}

export type ReadMarkers = ReturnType<typeof createReadMarkers>;
