import type { Database } from '../db/prisma.js';
import type { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';
import type { RoomMember } from '../generated/prisma/client.js';
import { inviteMatches } from './invitations.js';
import { assertVisible, roomSelect, toRoomView, type RoomView } from './room-data.js';
import { roomPreview, type RoomPreview } from './room-page.js';

export interface RoomAccess {
  room: RoomView;
  membership: RoomMember;
}

/** A room as one user finds it: with its secrets, for the entry checks only. */
export interface FoundRoom {
  room: RoomView;
  passwordHash: string | null;
  inviteToken: string | null;
  /** This user's membership row, banned or not; undefined for a non-member. */
  membership: RoomMember | undefined;
}

export type RoomOpening =
  /** `inviteToken`: the room's invitation, shown to its owner only (null for anyone else). */
  | { access: RoomAccess; inviteToken: string | null }
  | { preview: RoomPreview; refusal: AppError };

/**
 * Who may see a room. Access is a non-banned membership: the enter step makes one, so
 * membership is the grant, and unlike the original's session flag it cannot outlive a
 * leave, a kick or an unban. A private room does not exist for anyone who is neither a
 * member nor holding its current invitation: they get ROOM_NOT_FOUND, exactly as for a
 * missing room, with no preview.
 */
export function createRoomAccess({ db }: { db: Database }) {
  /** The room by slug with this user's membership; ROOM_NOT_FOUND when there is none, or it is private to them. */
  async function findRoomFor(slug: string, userId: number, invite?: string | null): Promise<FoundRoom> {
    // findFirst, not findUnique: Prisma batches concurrent findUnique calls into one query per
    // batch size and caches a plan for each size, so a crowd connecting at once grew the heap.
    const row = await db.room.findFirst({ where: { slug }, select: { ...roomSelect, inviteToken: true, members: { where: { userId } } } });
    if (!row) throw appError('ROOM_NOT_FOUND');
    const { members, inviteToken, ...roomRow } = row;
    const membership = members[0];
    if (!inviteMatches(invite, inviteToken)) assertVisible(row, membership);
    return { room: toRoomView(roomRow), passwordHash: roomRow.passwordHash, inviteToken, membership };
  }

  /** The room page, its history, uploads and socket: members only (403 BANNED / NO_ACCESS, or 404). */
  async function checkRoomAccess({ slug, userId }: { slug: string; userId: number }): Promise<RoomAccess> {
    const { room, membership } = await findRoomFor(slug, userId);
    if (membership?.isBanned) throw appError('BANNED');
    if (!membership) throw appError('NO_ACCESS');
    return { room, membership };
  }

  /**
   * The room page for this user: a member gets in; someone who followed a link to a
   * public room they have not entered gets its preview and enter form (`refusal` says why).
   */
  async function openRoom({ slug, userId }: { slug: string; userId: number }): Promise<RoomOpening> {
    const { room, membership, inviteToken } = await findRoomFor(slug, userId);
    if (membership?.isBanned) throw appError('BANNED');
    if (membership) return { access: { room, membership }, inviteToken: membership.role === 'owner' ? inviteToken : null };
    return { preview: await previewOrMissing(slug), refusal: appError('NO_ACCESS') };
  }

  /** The enter form's preview: for a public room, or a private one with its invitation; else null. */
  async function previewFor({ slug, userId, invite }: { slug: string; userId: number; invite?: string | null }): Promise<RoomPreview | null> {
    try {
      await findRoomFor(slug, userId, invite);
    } catch {
      return null;
    }
    return roomPreview(db, slug);
  }

  /**
   * `/invite/<token>`: the room it opens. A member goes straight in; anyone else gets the
   * enter form (password, capacity and bans still apply on entry). A token that is not
   * any room's current one is INVITE_INVALID.
   */
  async function openInvite({ token, userId }: { token: string; userId: number }): Promise<{ slug: string; member: boolean; preview: RoomPreview }> {
    const row = token ? await db.room.findUnique({ where: { inviteToken: token }, select: { slug: true, members: { where: { userId }, select: { isBanned: true } } } }) : null;
    if (!row) throw appError('INVITE_INVALID');
    const membership = row.members[0];
    if (membership?.isBanned) throw appError('BANNED');
    return { slug: row.slug, member: membership !== undefined, preview: await previewOrMissing(row.slug) };
  }

  async function previewOrMissing(slug: string): Promise<RoomPreview> {
    const preview = await roomPreview(db, slug);
    if (!preview) throw appError('ROOM_NOT_FOUND');
    return preview;
  }

  return { findRoomFor, checkRoomAccess, openRoom, previewFor, openInvite };
}

export type RoomAccessService = ReturnType<typeof createRoomAccess>;
