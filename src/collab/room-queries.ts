import { clampPageSize } from '../db/paging.js';
import type { Database } from '../db/prisma.js';
import type { MemberRole, Prisma } from '../generated/prisma/client.js';
import { roomSelect, toRoomView, type RoomRow, type RoomView } from './room-data.js';

export const HOME_LIST_LIMIT = 50;

export interface RoomListItem extends RoomView {
  /** Non-banned members, the owner included: the number capacity is checked against. */
  memberCount: number;
}

export interface MyRoomListItem extends RoomListItem {
  role: MemberRole;
}

/** Read-only queries of the home page. */
export function createRoomQueries({ db }: { db: Database }) {
  /**
   * The home page's two lists, in four queries whatever their length: rooms I belong to
   * (not banned; the most recently joined first) and public rooms I am not in (newest
   * first; rooms I was banned from are left out too). Private rooms appear only to their
   * members. `q` filters by name (contains, case-insensitive by the column's collation).
   */
  async function listHomeRooms({
    userId,
    q,
    limit = HOME_LIST_LIMIT,
  }: {
    userId: number;
    q?: string | undefined;
    limit?: number;
  }): Promise<{ mine: MyRoomListItem[]; public: RoomListItem[] }> {
    const take = clampPageSize(limit, 1, HOME_LIST_LIMIT);
    const search = q?.trim();
    const byName: Prisma.RoomWhereInput = search ? { name: { contains: escapeLike(search) } } : {};
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
    const counts = await countMembers(db, [...mine.map(({ room }) => room.id), ...open.map((room) => room.id)]);
    const withCount = (room: RoomRow): RoomListItem => ({ ...toRoomView(room), memberCount: counts.get(room.id) ?? 0 });
    return {
      mine: mine.map(({ role, room }) => ({ ...withCount(room), role })),
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

/** Prisma puts `contains` into LIKE as is: a typed `%` or `_` must match only itself. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

export type RoomQueries = ReturnType<typeof createRoomQueries>;
