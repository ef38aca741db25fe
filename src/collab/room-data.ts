import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import { Prisma, type RoomMember } from '../generated/prisma/client.js';

// Shapes and locking shared by the collab services.

export type Tx = Prisma.TransactionClient;

/** What callers may see of a room: never the password hash, only whether there is one. */
export interface RoomView {
  id: number;
  name: string;
  slug: string;
  topic: string;
  capacity: number;
  isPrivate: boolean;
  hasPassword: boolean;
  createdById: number | null;
  createdAt: Date;
  /** The room's timeline sequence number now (see src/messages/sequence.ts). */
  lastSeq: number;
}

export const roomSelect = {
  id: true,
  name: true,
  slug: true,
  topic: true,
  capacity: true,
  isPrivate: true,
  passwordHash: true,
  createdById: true,
  createdAt: true,
  lastSeq: true,
} satisfies Prisma.RoomSelect;

export type RoomRow = Prisma.RoomGetPayload<{ select: typeof roomSelect }>;

export function toRoomView({ passwordHash, ...room }: RoomRow): RoomView {
  return { ...room, hasPassword: passwordHash !== null };
}

/**
 * Runs `work` in an interactive transaction at READ COMMITTED: once a `FOR UPDATE`
 * lock is granted, every later read sees what the previous lock holder committed, even
 * if something was read before the lock (REPEATABLE READ would keep that older
 * snapshot). The waits are generous because requests for one room queue on its lock.
 */
export function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(work, {
    isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
    maxWait: 10_000,
    timeout: 15_000,
  });
}

export interface LockedRoom {
  id: number;
  name: string;
  slug: string;
  capacity: number;
  isPrivate: boolean;
}

/** A private room does not exist for someone who is not in it: the same 404 as a missing room. */
export function assertVisible(room: { isPrivate: boolean }, membership: RoomMember | undefined): void {
  if (room.isPrivate && !membership) throw appError('ROOM_NOT_FOUND');
}

/**
 * Locks the room row until the transaction ends. Every membership change of a room
 * takes this lock first, so they run one at a time per room and cannot deadlock on
 * member rows. Prisma has no `FOR UPDATE`, hence raw SQL. Null when the room is gone.
 */
export async function lockRoom(tx: Tx, key: { id: number } | { slug: string }): Promise<LockedRoom | null> {
  const where = 'id' in key ? Prisma.sql`id = ${key.id}` : Prisma.sql`slug = ${key.slug}`;
  const rows = await tx.$queryRaw<LockedRoom[]>`SELECT id, name, slug, capacity, is_private AS isPrivate FROM rooms WHERE ${where} FOR UPDATE`;
  const row = rows[0];
  return row ? { id: Number(row.id), name: row.name, slug: row.slug, capacity: Number(row.capacity), isPrivate: Boolean(row.isPrivate) } : null;
}

/**
 * Locks the given users' membership rows of a room (taken after the room lock), then
 * reads them through the typed client. Users without a row are absent from the map.
 */
export async function lockMembers(tx: Tx, roomId: number, userIds: readonly number[]): Promise<Map<number, RoomMember>> {
  await tx.$queryRaw`SELECT id FROM room_members WHERE room_id = ${roomId} AND user_id IN (${Prisma.join(userIds)}) ORDER BY id FOR UPDATE`;
  const rows = await tx.roomMember.findMany({ where: { roomId, userId: { in: [...userIds] } } });
  return new Map(rows.map((row) => [row.userId, row]));
}
