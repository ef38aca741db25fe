import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/prisma.js';

/** How long a "yes, a member" answer is reused; revocations drop it at once on every process. */
const ALLOWED_FOR_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Who may fetch a room's files: its current, non-banned members. One indexed lookup per
 * (user, room), reused briefly so a page of thumbnails costs one; a kick, a leave or a
 * room deletion drops the reuse on every process through the bus (`access_revoked`).
 */
export function createMediaAccess({ db, bus }: { db: Database; bus: Pick<Bus, 'onControl'> }) {
  const allowed = new Map<string, number>();
  const key = (userId: number, roomId: number) => `${userId}:${roomId}`;

  bus.onControl((message) => {
    if (message.type !== 'access_revoked') return;
    if (message.userId !== null) return void allowed.delete(key(message.userId, message.roomId));
    for (const entry of allowed.keys()) if (entry.endsWith(`:${message.roomId}`)) allowed.delete(entry);
  });

  return {
    async canView(userId: number, roomId: number): Promise<boolean> {
      const cached = allowed.get(key(userId, roomId));
      if (cached !== undefined && cached > Date.now()) return true;
      const membership = await db.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { isBanned: true } });
      const ok = membership !== null && !membership.isBanned;
      if (!ok) return false;
      if (allowed.size >= MAX_ENTRIES) allowed.clear();
      allowed.set(key(userId, roomId), Date.now() + ALLOWED_FOR_MS);
      return true;
    },
  };
}

export type MediaAccess = ReturnType<typeof createMediaAccess>;
