import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/prisma.js';
import type { SystemKind } from '../../src/generated/prisma/client.js';

/** A short unique suffix, so tests build their own rows and never collide. */
export const unique = () => randomUUID().replace(/-/g, '').slice(0, 12);

export function buildUser(db: Database, overrides: { email?: string; username?: string; displayName?: string | null; passwordHash?: string | null } = {}) {
  const id = unique();
  return db.user.create({
    data: {
      email: `user-${id}@example.com`,
      username: `user_${id}`,
      ...overrides,
    },
  });
}

/** A room with its owner membership, as the product always creates them together. */
export async function buildRoom(db: Database, ownerId: number, overrides: { name?: string; capacity?: number; isPrivate?: boolean; passwordHash?: string | null } = {}) {
  const id = unique();
  return db.room.create({
    data: {
      name: overrides.name ?? `방 ${id}`,
      slug: `room-${id}`,
      capacity: overrides.capacity ?? 10,
      isPrivate: overrides.isPrivate ?? false,
      passwordHash: overrides.passwordHash ?? null,
      createdById: ownerId,
      members: { create: { userId: ownerId, role: 'owner' } },
    },
  });
}

/**
 * Stores messages directly, numbered in the room's sequence as the app numbers them (one
 * transaction taking the next numbers under the room's row lock). Answers their ids in order.
 */
export async function storeMessages(
  db: Database,
  roomId: number,
  rows: { userId: number; content?: string | null; image?: string | null; systemKind?: SystemKind; createdAt?: Date }[],
): Promise<number[]> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE rooms SET last_seq = last_seq + ${rows.length} WHERE id = ${roomId}`;
    const [room] = await tx.$queryRaw<{ last: number }[]>`SELECT last_seq AS last FROM rooms WHERE id = ${roomId}`;
    const first = Number(room?.last) - rows.length + 1;
    const ids: number[] = [];
    for (const [index, row] of rows.entries()) {
      const created = await tx.message.create({ data: { roomId, seq: first + index, ...row }, select: { id: true } });
      ids.push(created.id);
    }
    return ids;
  });
}
