import bcrypt from 'bcrypt';
import type { Database } from '../db/prisma.js';
import type { RoomMember } from '../generated/prisma/client.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { authorSelect, toChatAuthor, type Author } from '../accounts/authors.js';
import type { RoomBus } from '../bus/bus.js';
import type { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';
import { inTransaction, lockRoom, roomSelect, toRoomView, type RoomView, type Tx } from './room-data.js';
import { roomPreview, type RoomPreview } from './room-page.js';
import { ROOM_PASSWORD_MAX_BYTES } from './schemas.js';

/** Wrong room-password guesses allowed per user and room in one window. */
export const ROOM_PASSWORD_GUESS_LIMIT = 5;
export const ROOM_PASSWORD_GUESS_WINDOW_SECONDS = 10 * 60;

export interface EnteredRoom {
  room: RoomView;
  membership: RoomMember;
  /** True when this call created the membership (and announced it). */
  joined: boolean;
}

export interface RoomAccess {
  room: RoomView;
  membership: RoomMember;
}

export type RoomOpening = { access: RoomAccess } | { preview: RoomPreview; refusal: AppError };

interface EntryDeps {
  db: Database;
  bus: RoomBus;
  rateLimiter: RateLimiter;
}

/** The rate-limit key of one user's guesses at one room's password. */
export const roomPasswordKey = (roomId: number, userId: number) => `room-password:room:${roomId}:user:${userId}`;

/**
 * The original's `can_enter` plus "ensure membership", for `POST /rooms/<slug>/enter`.
 *
 * Order: a banned user is refused first (whatever password they give); a current member
 * comes back in without the password and without a capacity check, because they were
 * admitted once and still count toward capacity; anyone else must give the password
 * (guesses are rate limited before bcrypt runs) and find a free place. The capacity
 * check and the insert run under the room's row lock, so concurrent entries cannot
 * overfill it.
 */
export function createRoomEntry({ db, bus, rateLimiter }: EntryDeps) {
  async function enterRoom({ slug, userId, password }: { slug: string; userId: number; password?: string | null }): Promise<EnteredRoom> {
    const { room, passwordHash, membership: existing } = await findRoomFor(slug, userId);
    if (existing?.isBanned) throw appError('BANNED');
    if (existing) return { room, membership: existing, joined: false };

    if (passwordHash !== null) await checkRoomPassword(room.id, userId, password ?? '', passwordHash);

    const outcome = await inTransaction(db, (tx) => joinUnderLock(tx, room.id, userId));
    if (outcome.author) {
      await bus.toRoom(room.id, { event: 'member_joined', user: toChatAuthor(outcome.author), role: outcome.membership.role });
    }
    return { room, membership: outcome.membership, joined: outcome.author !== null };
  }

  /** Counts the guess before bcrypt runs; a right password clears the count. */
  async function checkRoomPassword(roomId: number, userId: number, password: string, hash: string): Promise<void> {
    const key = roomPasswordKey(roomId, userId);
    const attempt = await rateLimiter.hit(key, ROOM_PASSWORD_GUESS_LIMIT, ROOM_PASSWORD_GUESS_WINDOW_SECONDS);
    if (!attempt.allowed) throw appError('TOO_MANY_ATTEMPTS', { of: 'room-password', seconds: attempt.retryAfterSeconds }, { retryAfterSeconds: attempt.retryAfterSeconds });
    if (!(await passwordMatches(password, hash))) throw appError('WRONG_PASSWORD');
    await rateLimiter.reset(key);
  }

  /**
   * Who may open the room page, its history and its socket: a non-banned member. The
   * enter step always makes one, so membership is the grant; unlike the original's
   * session flag it cannot outlive a leave, a kick or an unban. Private rooms follow the
   * same rule: they are unlisted, and their slug works as an invitation link.
   */
  async function checkRoomAccess({ slug, userId }: { slug: string; userId: number }): Promise<RoomAccess> {
    const { room, membership } = await findRoomFor(slug, userId);
    if (membership?.isBanned) throw appError('BANNED');
    if (!membership) throw appError('NO_ACCESS');
    return { room, membership };
  }

  /**
   * The room page for this user: a member gets in; someone who followed a link to a room
   * they have not entered gets its preview and enter form instead (`refusal` says why).
   */
  async function openRoom({ slug, userId }: { slug: string; userId: number }): Promise<RoomOpening> {
    const { room, membership } = await findRoomFor(slug, userId);
    if (membership?.isBanned) throw appError('BANNED');
    if (membership) return { access: { room, membership } };
    const preview = await roomPreview(db, slug);
    if (!preview) throw appError('ROOM_NOT_FOUND');
    return { preview, refusal: appError('NO_ACCESS') };
  }

  /** The room by slug with this user's membership row (if any); ROOM_NOT_FOUND when there is no such room. */
  async function findRoomFor(slug: string, userId: number): Promise<{ room: RoomView; passwordHash: string | null; membership: RoomMember | undefined }> {
    const row = await db.room.findUnique({ where: { slug }, select: { ...roomSelect, members: { where: { userId } } } });
    if (!row) throw appError('ROOM_NOT_FOUND');
    const { members, ...roomRow } = row;
    return { room: toRoomView(roomRow), passwordHash: roomRow.passwordHash, membership: members[0] };
  }

  return { enterRoom, checkRoomAccess, openRoom };
}

/** bcrypt reads only 72 bytes: a longer guess could match on its prefix, so refuse it. */
async function passwordMatches(password: string, hash: string): Promise<boolean> {
  if (Buffer.byteLength(password, 'utf8') > ROOM_PASSWORD_MAX_BYTES) return false;
  return bcrypt.compare(password, hash);
}

/** Membership decision under the room lock: re-checks what may have changed since. */
async function joinUnderLock(tx: Tx, roomId: number, userId: number): Promise<{ membership: RoomMember; author: Author | null }> {
  const room = await lockRoom(tx, { id: roomId });
  if (!room) throw appError('ROOM_NOT_FOUND');
  const existing = await tx.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } } });
  if (existing?.isBanned) throw appError('BANNED');
  if (existing) return { membership: existing, author: null };
  const present = await tx.roomMember.count({ where: { roomId, isBanned: false } });
  if (present >= room.capacity) throw appError('ROOM_FULL');
  const { user, ...membership } = await tx.roomMember.create({
    data: { roomId, userId },
    include: { user: { select: authorSelect } },
  });
  return { membership, author: user };
}
