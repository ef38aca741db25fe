import type { Database } from '../db/prisma.js';
import type { MemberRole } from '../generated/prisma/client.js';
import { toChatAuthor, authorSelect } from './room-data.js';
import type { ChatAuthor } from '../realtime/events.js';

export interface RoomPageMember {
  user: ChatAuthor;
  role: MemberRole;
  isBanned: boolean;
  lastActiveAt: Date | null;
}

/** Members for the room page: owner first, then by join time; banned ones listed apart by the view. */
export async function listRoomMembers(db: Database, roomId: number): Promise<RoomPageMember[]> {
  const rows = await db.roomMember.findMany({
    where: { roomId },
    orderBy: [{ role: 'asc' }, { joinedAt: 'asc' }, { id: 'asc' }],
    select: { role: true, isBanned: true, lastActiveAt: true, user: { select: authorSelect } },
  });
  return rows.map((row) => ({ user: toChatAuthor(row.user), role: row.role, isBanned: row.isBanned, lastActiveAt: row.lastActiveAt }));
}
