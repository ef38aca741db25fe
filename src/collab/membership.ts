import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import type { RoomService } from './room-service.js';

/** Until when (epoch ms) a member may not chat, edit, react or upload; 0 when they may. */
interface Standing {
  mutedUntil: number;
}

/**
 * The membership questions an open socket asks: may this user open the room, are they
 * still a member (and muted until when), and "they were here" (one write per presence
 * refresh, not per message).
 */
export function createMembership({ db, rooms }: { db: Database; rooms: RoomService }) {
  return {
    /** The room this user may open now, and until when they are muted; rejects with an AppError (404 or 403) otherwise. */
    async access(slug: string, userId: number): Promise<{ roomId: number } & Standing> {
      const { room, membership } = await rooms.checkRoomAccess({ slug, userId });
      return { roomId: room.id, mutedUntil: membership.mutedUntil?.getTime() ?? 0 };
    },

    /** While the user is still a member and not banned: until when they are muted. */
    async standing(roomId: number, userId: number): Promise<Standing | null> {
      const membership = await db.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { isBanned: true, mutedUntil: true } });
      return membership && !membership.isBanned ? { mutedUntil: membership.mutedUntil?.getTime() ?? 0 } : null;
    },

    /**
     * The owner may remove anyone's messages; a moderator those of ordinary members (and of
     * people no longer members), and is refused FORBIDDEN for the owner's and moderators'.
     */
    async mayRemoveMessageOf(roomId: number, actorId: number, authorId: number): Promise<boolean> {
      if (actorId === authorId) return true;
      const rows = await db.roomMember.findMany({ where: { roomId, userId: { in: [actorId, authorId] } }, select: { userId: true, role: true, isBanned: true } });
      const actor = rows.find((row) => row.userId === actorId);
      const authorRole = rows.find((row) => row.userId === authorId)?.role ?? 'member';
      if (!actor || actor.isBanned || actor.role === 'member') return false;
      if (actor.role === 'moderator' && authorRole !== 'member') throw appError('FORBIDDEN', { why: 'staff-target' });
      return true;
    },

    async touchActivity(roomId: number, userIds: readonly number[]): Promise<void> {
      if (userIds.length === 0) return;
      await db.roomMember.updateMany({ where: { roomId, userId: { in: [...userIds] } }, data: { lastActiveAt: new Date() } });
    },
  };
}
