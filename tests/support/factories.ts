import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/prisma.js';

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
