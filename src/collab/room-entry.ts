import bcrypt from 'bcrypt';
import type { Database } from '../db/prisma.js';
import type { RoomMember } from '../generated/prisma/client.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { authorSelect, toChatAuthor, type Author } from '../accounts/authors.js';
import type { RoomBus } from '../bus/bus.js';
import type { MessageEvent } from '../bus/events.js';
import { postSystemMessage } from '../messages/message-store.js';
import { appError } from '../errors/catalogue.js';
import type { RoomAccessService } from './room-access.js';
import { inTransaction, lockRoom, type RoomView, type Tx } from './room-data.js';
import { ROOM_PASSWORD_MAX_BYTES } from './schemas.js';

/** Room-password guesses allowed per user and room, and per room over all users, in one window. */
export const ROOM_PASSWORD_GUESS_LIMIT = 5;
export const ROOM_PASSWORD_ROOM_GUESS_LIMIT = 30;
export const ROOM_PASSWORD_GUESS_WINDOW_SECONDS = 10 * 60;

export interface EnteredRoom {
  room: RoomView;
  membership: RoomMember;
  /** True when this call created the membership (and announced it). */
  joined: boolean;
}

interface EntryDeps {
  db: Database;
  bus: RoomBus;
  rateLimiter: RateLimiter;
  access: Pick<RoomAccessService, 'findRoomFor'>;
}

/** The rate-limit key of one user's guesses at one room's password. */
export const roomPasswordKey = (roomId: number, userId: number) => `room-password:room:${roomId}:user:${userId}`;
/** Every user's guesses at one room's password together: throwaway accounts do not multiply them. */
const roomGuessesKey = (roomId: number) => `room-password:room:${roomId}`;

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
export function createRoomEntry({ db, bus, rateLimiter, access }: EntryDeps) {
  async function enterRoom({ slug, userId, password, invite }: { slug: string; userId: number; password?: string | null; invite?: string | null }): Promise<EnteredRoom> {
    const { room, passwordHash, membership: existing } = await access.findRoomFor(slug, userId, invite);
    if (existing?.isBanned) throw appError('BANNED');
    if (existing) return { room, membership: existing, joined: false };

    if (passwordHash !== null) await checkRoomPassword(room.id, userId, password ?? '', passwordHash);

    const outcome = await inTransaction(db, (tx) => joinUnderLock(tx, room.id, userId));
    if (outcome.joined) {
      await bus.toRoom(room.id, outcome.joined.line);
      await bus.toRoom(room.id, { event: 'member_joined', user: toChatAuthor(outcome.joined.author), role: outcome.membership.role });
    }
    return { room, membership: outcome.membership, joined: outcome.joined !== null };
  }

  /** Counts the guess (for the user, and for the room) before bcrypt runs; a right password clears both. */
  async function checkRoomPassword(roomId: number, userId: number, password: string, hash: string): Promise<void> {
    const keys = [
      { key: roomPasswordKey(roomId, userId), limit: ROOM_PASSWORD_GUESS_LIMIT },
      { key: roomGuessesKey(roomId), limit: ROOM_PASSWORD_ROOM_GUESS_LIMIT },
    ];
    for (const { key, limit } of keys) {
      const attempt = await rateLimiter.hit(key, limit, ROOM_PASSWORD_GUESS_WINDOW_SECONDS);
      if (!attempt.allowed) throw appError('TOO_MANY_ATTEMPTS', { of: 'room-password', seconds: attempt.retryAfterSeconds }, { retryAfterSeconds: attempt.retryAfterSeconds });
    }
    if (!(await passwordMatches(password, hash))) throw appError('WRONG_PASSWORD');
    await Promise.all(keys.map(({ key }) => rateLimiter.reset(key)));
  }

  return { enterRoom };
}

/** bcrypt reads only 72 bytes: a longer guess could match on its prefix, so refuse it. */
async function passwordMatches(password: string, hash: string): Promise<boolean> {
  if (Buffer.byteLength(password, 'utf8') > ROOM_PASSWORD_MAX_BYTES) return false;
  return bcrypt.compare(password, hash);
}

/**
 * Membership decision under the room lock: re-checks what may have changed since. A new
 * member gets their join line in the timeline in the same transaction.
 */
async function joinUnderLock(tx: Tx, roomId: number, userId: number): Promise<{ membership: RoomMember; joined: { author: Author; line: MessageEvent } | null }> {
  const room = await lockRoom(tx, { id: roomId });
  if (!room) throw appError('ROOM_NOT_FOUND');
  const existing = await tx.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } } });
  if (existing?.isBanned) throw appError('BANNED');
  if (existing) return { membership: existing, joined: null };
  const present = await tx.roomMember.count({ where: { roomId, isBanned: false } });
  if (present >= room.capacity) throw appError('ROOM_FULL');
  // A new member has read everything before their arrival: their marker starts at their join line.
  const line = await postSystemMessage(tx, { roomId, kind: 'join', userId });
  const { user, ...membership } = await tx.roomMember.create({
    data: { roomId, userId, lastReadId: line.id },
    include: { user: { select: authorSelect } },
  });
  return { membership, joined: { author: user, line } };
}
