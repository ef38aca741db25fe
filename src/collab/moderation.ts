import type { Database } from '../db/prisma.js';
import type { ProcessBus, RoomBus } from '../bus/bus.js';
import { appError } from '../errors/catalogue.js';
import type { MediaFiles } from '../media/media-files.js';
import { postSystemMessage } from '../messages/message-store.js';
import { newInviteToken } from './invitations.js';
import { assertVisible, inTransaction, lockMembers, lockRoom, type LockedRoom, type Tx } from './room-data.js';
import { createTargetAction, lockAsStaff, writeLog, type TargetInput } from './staff.js';

/**
 * Staff controls (kick, unban, mute, unmute: the owner and moderators; transfer, delete,
 * a new invitation: the owner alone) and leaving a room. Every rule is checked on the
 * server inside one transaction that locks the room row first and then the member rows
 * involved, so two moderators' actions (or two tabs of one owner) run one after the other
 * and each sees the other's result. Each action writes a ModerationLog row naming the
 * actor's role in the same transaction and publishes its room event only after the commit.
 */
export interface ModerationDeps {
  db: Database;
  bus: RoomBus & ProcessBus;
  files: Pick<MediaFiles, 'removeRoom'>;
  now?: () => Date;
}

export function createModerationService({ db, bus, files, now = () => new Date() }: ModerationDeps) {
  const onTarget = createTargetAction({ db, bus });
  /** Someone lost access: every process drops what it cached about their access (media). */
  const revoke = (roomId: number, userId: number | null) => bus.toProcesses({ type: 'access_revoked', roomId, userId });

  /** After a room's deletion is committed: tell its sockets, every process, and remove its files. */
  async function roomGone(roomId: number): Promise<void> {
    await bus.toRoom(roomId, { event: 'room_deleted' });
    await revoke(roomId, null);
    await files.removeRoom(roomId);
  }

  /** Bans a member: the row stays with `isBanned`, so they cannot enter again. A kicked moderator is a moderator no more. */
  async function kick(input: TargetInput): Promise<void> {
    const { roomId } = await onTarget(input, {
      action: 'kick',
      who: 'staff',
      line: 'kick',
      apply: async (tx, _lock, target) => {
        if (target.userId === input.actorId) throw appError('CANNOT_KICK_SELF');
        if (target.isBanned) throw appError('ALREADY_BANNED');
        await tx.roomMember.update({ where: { id: target.id }, data: { isBanned: true, role: 'member' } });
      },
      event: { event: 'member_kicked', userId: input.userId, by: input.actorId },
    });
    await revoke(roomId, input.userId);
  }

  /**
   * Lifts a ban by deleting the banned row: the user is no longer a member and enters
   * again like anyone else (password and capacity apply), so an unban can never push a
   * room over its capacity.
   */
  const unban = (input: TargetInput) =>
    onTarget(input, {
      action: 'unban',
      who: 'staff',
      line: 'unban',
      apply: async (tx, _lock, target) => {
        if (!target.isBanned) throw appError('NOT_BANNED');
        await tx.roomMember.delete({ where: { id: target.id } });
      },
      event: { event: 'member_unbanned', userId: input.userId, by: input.actorId },
    });

  /**
   * Hands ownership to another non-banned member (a moderator too): the owner is demoted
   * before the target is promoted, which the one-owner unique index requires. Of
   * concurrent transfers only the first to get the lock succeeds; the others find their
   * actor no longer owner.
   */
  const transfer = (input: TargetInput) =>
    onTarget(input, {
      action: 'transfer',
      who: 'owner',
      line: 'transfer',
      apply: async (tx, { room }, target) => {
        if (target.userId === input.actorId) throw appError('CANNOT_TRANSFER_TO_SELF');
        if (target.isBanned) throw appError('TARGET_BANNED');
        await tx.roomMember.update({ where: { roomId_userId: { roomId: room.id, userId: input.actorId } }, data: { role: 'member' } });
        await tx.roomMember.update({ where: { id: target.id }, data: { role: 'owner' } });
      },
      event: { event: 'owner_changed', ownerId: input.userId, previousOwnerId: input.actorId },
    });

  /**
   * Mutes a member for `minutes` (a new mute replaces the one running): they keep reading,
   * but chat, edits, reactions and uploads are refused until then (checked where each is
   * handled, against room_members.muted_until).
   */
  const mute = ({ minutes, ...input }: TargetInput & { minutes: number }) => {
    const until = new Date(now().getTime() + minutes * 60_000);
    return onTarget(input, {
      action: 'mute',
      who: 'staff',
      line: 'mute',
      apply: async (tx, _lock, target) => {
        if (target.userId === input.actorId) throw appError('CANNOT_MUTE_SELF');
        if (target.isBanned) throw appError('MEMBER_NOT_FOUND');
        await tx.roomMember.update({ where: { id: target.id }, data: { mutedUntil: until } });
      },
      event: { event: 'member_muted', userId: input.userId, until: until.toISOString(), by: input.actorId },
    });
  };

  /** Ends a member's mute early. */
  const unmute = (input: TargetInput) =>
    onTarget(input, {
      action: 'unmute',
      who: 'staff',
      line: null,
      apply: async (tx, _lock, target) => {
        if (target.isBanned || !target.mutedUntil || target.mutedUntil <= now()) throw appError('NOT_MUTED');
        await tx.roomMember.update({ where: { id: target.id }, data: { mutedUntil: null } });
      },
      event: { event: 'member_unmuted', userId: input.userId, by: input.actorId },
    });

  /**
   * A member leaves (their row is deleted). The owner must hand ownership over first,
   * unless nobody else (not banned) is left: then the room goes with them. A banned user
   * cannot "leave", which would erase their ban.
   */
  async function leave({ slug, userId }: { slug: string; userId: number }): Promise<{ roomDeleted: boolean }> {
    const outcome = await inTransaction(db, async (tx) => {
      const room = await lockRoom(tx, { slug });
      if (!room) throw appError('ROOM_NOT_FOUND');
      const me = (await lockMembers(tx, room.id, [userId])).get(userId);
      assertVisible(room, me);
      if (!me) throw appError('MEMBER_NOT_FOUND');
      if (me.isBanned) throw appError('BANNED');
      if (me.role !== 'owner') {
        await tx.roomMember.delete({ where: { id: me.id } });
        await writeLog(tx, room, me, null, 'leave');
        return { room, line: await postSystemMessage(tx, { roomId: room.id, kind: 'leave', userId }) };
      }
      const others = await tx.roomMember.count({ where: { roomId: room.id, isBanned: false, userId: { not: userId } } });
      if (others > 0) throw appError('OWNER_MUST_TRANSFER');
      await removeRoom(tx, room, me.userId);
      return { room, line: null };
    });
    if (!outcome.line) {
      await roomGone(outcome.room.id);
      return { roomDeleted: true };
    }
    await bus.toRoom(outcome.room.id, outcome.line);
    await bus.toRoom(outcome.room.id, { event: 'member_left', userId });
    await revoke(outcome.room.id, userId);
    return { roomDeleted: false };
  }

  /** Deletes the room with its members, messages and files; its log rows stay (see schema). */
  async function deleteRoom({ slug, actorId }: { slug: string; actorId: number }): Promise<void> {
    const room = await inTransaction(db, async (tx) => {
      const { room } = await lockAsStaff(tx, slug, actorId, null, 'owner');
      await removeRoom(tx, room, actorId);
      return room;
    });
    await roomGone(room.id);
  }

  /** A new invitation link for the room; the previous one stops working at once. */
  async function renewInvite({ slug, actorId }: { slug: string; actorId: number }): Promise<string> {
    return inTransaction(db, async (tx) => {
      const { room } = await lockAsStaff(tx, slug, actorId, null, 'owner');
      const token = newInviteToken();
      await tx.room.update({ where: { id: room.id }, data: { inviteToken: token } });
      return token;
    });
  }

  return { kick, unban, transfer, mute, unmute, leave, deleteRoom, renewInvite };
}

async function removeRoom(tx: Tx, room: LockedRoom, ownerId: number): Promise<void> {
  await writeLog(tx, room, { userId: ownerId, role: 'owner' }, null, 'delete_room');
  await tx.room.delete({ where: { id: room.id } });
}
