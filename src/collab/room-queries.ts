import { clampPageSize } from '../db/paging.js';
import type { Database } from '../db/prisma.js';
import { toChatAuthor } from '../accounts/authors.js';
import { excerpt } from '../attention/mention-notices.js';
import { Prisma, type MemberRole } from '../generated/prisma/client.js';
import { roomSelect, toRoomView, type RoomRow, type RoomView } from './room-data.js';

export const HOME_LIST_LIMIT = 50;

export interface RoomListItem extends RoomView {
  /** Non-banned members, the owner included: the number capacity is checked against. */
  memberCount: number;
  tags: string[];
}

/** A room's latest chat message (not deleted, not a system line) as the home list shows it. */
export interface LastMessage {
  author: string;
  /** Its first characters; an image without a caption has none (the page says 사진). */
  excerpt: string;
  image: boolean;
  at: Date;
}

export interface MyRoomListItem extends RoomListItem {
  role: MemberRole;
  /** Only in my rooms: members alone may read a room's messages. */
  last: LastMessage | null;
}

/** Read-only queries of the home page. */
export function createRoomQueries({ db }: { db: Database }) {
  /**
   * The home page's two lists, in six queries whatever their length: rooms I belong to
   * (not banned; the most recently joined first; each with its last message) and public rooms I am not in (newest
   * first; rooms I was banned from are left out too). Private rooms appear only to their
   * members. `q` finds rooms whose name, topic or one of whose tags contains it
   * (case-insensitive by the columns' collation); `tag` keeps the rooms with that tag.
   */
  async function listHomeRooms({
    userId,
    q,
    tag,
    limit = HOME_LIST_LIMIT,
  }: {
    userId: number;
    q?: string | undefined;
    tag?: string | undefined;
    limit?: number;
  }): Promise<{ mine: MyRoomListItem[]; public: RoomListItem[] }> {
    const take = clampPageSize(limit, 1, HOME_LIST_LIMIT);
    const search = q?.trim();
    const like = search ? escapeLike(search) : '';
    const byName: Prisma.RoomWhereInput = {
      ...(search ? { OR: [{ name: { contains: like } }, { topic: { contains: like } }, { tags: { some: { tag: { contains: like } } } }] } : {}),
      ...(tag ? { tags: { some: { tag } } } : {}),
    };
    const [mine, open] = await Promise.all([
      db.roomMember.findMany({
        where: { userId, isBanned: false, room: byName },
        orderBy: [{ joinedAt: 'desc' }, { id: 'desc' }],
        take,
        select: { role: true, room: { select: roomSelect } },
      }),
      db.room.findMany({
        where: { ...byName, isPrivate: false, members: { none: { userId } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
        select: roomSelect,
      }),
    ]);
    const roomIds = [...mine.map(({ room }) => room.id), ...open.map((room) => room.id)];
    const [counts, tags, lasts] = await Promise.all([countMembers(db, roomIds), tagsOf(db, roomIds), lastMessagesOf(db, mine.map(({ room }) => room.id))]);
    const withCount = (room: RoomRow): RoomListItem => ({ ...toRoomView(room), memberCount: counts.get(room.id) ?? 0, tags: tags.get(room.id) ?? [] });
    return {
      mine: mine.map(({ role, room }) => ({ ...withCount(room), role, last: lasts.get(room.id) ?? null })),
      public: open.map(withCount),
    };
  }

  return { listHomeRooms };
}

/**
 * Non-banned members per listed room, in one grouped query over those rooms only
 * (Prisma's relation `_count` would group the whole table in a derived table).
 */
async function countMembers(db: Database, roomIds: number[]): Promise<Map<number, number>> {
  if (roomIds.length === 0) return new Map();
  const groups = await db.roomMember.groupBy({
    by: ['roomId'],
    where: { roomId: { in: [...new Set(roomIds)] }, isBanned: false },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.roomId, group._count._all]));
}

/** The listed rooms' tags, in one query. */
export async function tagsOf(db: Database, roomIds: number[]): Promise<Map<number, string[]>> {
  const byRoom = new Map<number, string[]>();
  if (roomIds.length === 0) return byRoom;
  const rows = await db.roomTag.findMany({ where: { roomId: { in: [...new Set(roomIds)] } }, select: { roomId: true, tag: true }, orderBy: { tag: 'asc' } });
  for (const row of rows) byRoom.set(row.roomId, [...(byRoom.get(row.roomId) ?? []), row.tag]);
  return byRoom;
}

/**
 * Each listed room's latest message that is neither deleted nor a system line, with its
 * author, in one query: per room, a subquery walks the (room_id, id) index backwards and
 * stops at the first such message.
 */
async function lastMessagesOf(db: Database, roomIds: number[]): Promise<Map<number, LastMessage>> {
  if (roomIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ roomId: number; content: string | null; image: string | null; createdAt: Date; userId: number; username: string; displayName: string | null; avatar: string | null }[]>`
    SELECT latest.room_id AS roomId, m.content, m.image, m.created_at AS createdAt, u.id AS userId, u.username, u.display_name AS displayName, u.avatar
    FROM (
      SELECT r.id AS room_id, (
        SELECT n.id FROM messages AS n
        WHERE n.room_id = r.id AND n.deleted_at IS NULL AND n.system_kind IS NULL
        ORDER BY n.id DESC LIMIT 1
      ) AS message_id
      FROM rooms AS r WHERE r.id IN (${Prisma.join([...new Set(roomIds)])})
    ) AS latest
    JOIN messages AS m ON m.id = latest.message_id
    JOIN users AS u ON u.id = m.user_id`;
  return new Map(
    rows.map(({ roomId, content, image, createdAt, userId, username, displayName, avatar }) => [
      Number(roomId),
      { author: toChatAuthor({ id: userId, username, displayName, avatar }).name, excerpt: excerpt(content ?? ''), image: image !== null, at: createdAt },
    ]),
  );
}

/** Prisma puts `contains` into LIKE as is: a typed `%` or `_` must match only itself. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

export type RoomQueries = ReturnType<typeof createRoomQueries>;
