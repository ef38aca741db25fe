import type { Database } from '../db/prisma.js';
import type { MemberRole, Prisma } from '../generated/prisma/client.js';
import { authorSelect, roomSelect, toRoomView, type Author, type RoomView } from './room-data.js';

type RoomRow = Prisma.RoomGetPayload<{ select: typeof roomSelect }>;

export const HOME_LIST_LIMIT = 50;
export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_PAGE_MAX = 100;

export interface RoomListItem extends RoomView {
  /** Non-banned members, the owner included: the number capacity is checked against. */
  memberCount: number;
}

export interface MyRoomListItem extends RoomListItem {
  role: MemberRole;
}

export interface HistoryMessage {
  id: number;
  content: string | null;
  image: string | null;
  createdAt: Date;
  user: Author;
}

export interface HistoryPage {
  /** Newest first. */
  messages: HistoryMessage[];
  /** Pass as `before` for the next older page; null when this page reaches the start. */
  nextBefore: number | null;
}

const messageSelect = {
  id: true,
  content: true,
  image: true,
  createdAt: true,
  user: { select: authorSelect },
} satisfies Prisma.MessageSelect;

/** Read-only queries of the home page and the room history. */
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
    const take = clamp(limit, 1, HOME_LIST_LIMIT);
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

  /**
   * One page of a room's history, newest first, with each author loaded by the same
   * call (a fixed number of queries, however long the page). The cursor is the message
   * id: ids only grow, so paging never skips or repeats a message while new ones arrive.
   * Access to the room is checked by the caller (checkRoomAccess).
   */
  async function listMessages({
    roomId,
    before,
    limit = HISTORY_PAGE_SIZE,
  }: {
    roomId: number;
    before?: number | undefined;
    limit?: number;
  }): Promise<HistoryPage> {
    const take = clamp(limit, 1, HISTORY_PAGE_MAX);
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

  return { listHomeRooms, listMessages };
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

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return max;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
