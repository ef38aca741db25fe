import { authorSelect, toChatAuthor } from '../accounts/authors.js';
import type { ChatAuthor } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import type { MemberRole } from '../generated/prisma/client.js';

export interface RoomPageMember {
  user: ChatAuthor;
  role: MemberRole;
  isBanned: boolean;
  lastActiveAt: Date | null;
  /** Set while (or since) a mute; the page shows it when still in the future. */
  mutedUntil: Date | null;
}

/** Members for the room page: owner first, then by join time; banned ones listed apart by the view. */
export async function listRoomMembers(db: Database, roomId: number): Promise<RoomPageMember[]> {
  const rows = await db.roomMember.findMany({
    where: { roomId },
    orderBy: [{ role: 'asc' }, { joinedAt: 'asc' }, { id: 'asc' }],
    select: { role: true, isBanned: true, lastActiveAt: true, mutedUntil: true, user: { select: authorSelect } },
  });
  return rows.map(({ user, ...row }) => ({ ...row, user: toChatAuthor(user) }));
}

export interface RoomPreview {
  name: string;
  slug: string;
  topic: string;
  capacity: number;
  hasPassword: boolean;
  memberCount: number;
}

/** What someone outside a room may see before entering it (from a shared link). */
export async function roomPreview(db: Database, slug: string): Promise<RoomPreview | null> {
  const room = await db.room.findUnique({
    where: { slug },
    select: { name: true, slug: true, topic: true, capacity: true, passwordHash: true, _count: { select: { members: { where: { isBanned: false } } } } },
  });
  if (!room) return null;
  const { passwordHash, _count, ...rest } = room;
  return { ...rest, hasPassword: passwordHash !== null, memberCount: _count.members };
}
