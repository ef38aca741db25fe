import type { RoomBus } from '../bus/bus.js';
import type { RoomEvent, SystemKind } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import type { ModerationAction, RoomMember } from '../generated/prisma/client.js';
import { postSystemMessage } from '../messages/message-store.js';
import { assertVisible, inTransaction, lockMembers, lockRoom, type LockedRoom, type Tx } from './room-data.js';
import { isDatabaseId } from './schemas.js';

// The room's staff (운영진): its owner (방장) and up to MODERATORS_MAX moderators (부방장).
// Every staff action locks the room row first, then the member rows involved, and checks
// the rules on the rows as they are under the lock.

/** The most moderators a room may have (KakaoTalk open chat's limit). */
export const MODERATORS_MAX = 10;

/** Who may ask for an action: the owner alone, or the owner and the moderators. */
export type Staff = 'owner' | 'staff';

export interface StaffLock {
  room: LockedRoom;
  /** The actor's row (and the target's, when there is one), locked; absent users are missing. */
  members: Map<number, RoomMember>;
  actor: RoomMember;
}

/**
 * Locks the room, then the actor's and target's rows; refuses anyone who may not act:
 * a member (or a stranger) gets NOT_OWNER, a moderator asking for an owner-only action
 * FORBIDDEN. A private room stays invisible (ROOM_NOT_FOUND) to a non-member.
 */
export async function lockAsStaff(tx: Tx, slug: string, actorId: number, targetId: number | null, who: Staff): Promise<StaffLock> {
  const room = await lockRoom(tx, { slug });
  if (!room) throw appError('ROOM_NOT_FOUND');
  const members = await lockMembers(tx, room.id, targetId === null ? [actorId] : [actorId, targetId]);
  const actor = members.get(actorId);
  assertVisible(room, actor);
  // Staff are never banned: a kick demotes a moderator, and nobody may kick the owner.
  if (!actor || actor.isBanned || actor.role === 'member') throw appError('NOT_OWNER');
  if (actor.role === 'moderator' && who === 'owner') throw appError('FORBIDDEN', { why: 'owner-only' });
  return { room, members, actor };
}

/** A moderator acts on ordinary members only: never on the owner or another moderator. */
export function assertMayActOn(actor: RoomMember, target: RoomMember): void {
  if (actor.role === 'moderator' && target.userId !== actor.userId && target.role !== 'member') throw appError('FORBIDDEN', { why: 'staff-target' });
}

/** A moderation log row naming the actor's role; the room's slug and name are copied so the row still says which room it was. */
export async function writeLog(tx: Tx, room: LockedRoom, actor: Pick<RoomMember, 'userId' | 'role'>, targetId: number | null, action: ModerationAction): Promise<void> {
  await tx.moderationLog.create({
    data: { roomId: room.id, roomSlug: room.slug, roomName: room.name, actorId: actor.userId, actorRole: actor.role, targetId, action },
  });
}

export interface TargetInput {
  slug: string;
  /** The signed-in user asking; never taken from the request body. */
  actorId: number;
  /** `user_id` from the request body. */
  userId: number;
}

export interface TargetAction {
  action: ModerationAction;
  who: Staff;
  /** The timeline line the action leaves (kick, mute…), if any. */
  line: SystemKind | null;
  /** Checks the target as it is under the lock and changes it; throws an AppError to refuse. */
  apply: (tx: Tx, lock: StaffLock, target: RoomMember) => Promise<void>;
  event: RoomEvent;
}

/**
 * The common course of a staff action on one member: lock as staff, find the target, keep
 * a moderator off the owner and other moderators, let `apply` check and change the target,
 * log it, put its line in the timeline, commit, then publish the line and `event`.
 */
export function createTargetAction({ db, bus }: { db: Database; bus: RoomBus }) {
  return async function onTarget({ slug, actorId, userId }: TargetInput, { action, who, line, apply, event }: TargetAction): Promise<{ roomId: number }> {
    if (!isDatabaseId(userId)) throw appError('INVALID_USER_ID');
    const done = await inTransaction(db, async (tx) => {
      const lock = await lockAsStaff(tx, slug, actorId, userId, who);
      const target = lock.members.get(userId);
      if (!target) throw appError('MEMBER_NOT_FOUND');
      assertMayActOn(lock.actor, target);
      await apply(tx, lock, target);
      await writeLog(tx, lock.room, lock.actor, userId, action);
      const posted = line ? await postSystemMessage(tx, { roomId: lock.room.id, kind: line, userId: actorId, targetId: userId }) : null;
      return { roomId: lock.room.id, posted };
    });
    if (done.posted) await bus.toRoom(done.roomId, done.posted);
    await bus.toRoom(done.roomId, event);
    return { roomId: done.roomId };
  };
}

export type OnTarget = ReturnType<typeof createTargetAction>;
