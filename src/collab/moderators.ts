import type { RoomBus } from '../bus/bus.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import { createTargetAction, MODERATORS_MAX, type TargetInput } from './staff.js';

/**
 * The owner appoints moderators (부방장), up to MODERATORS_MAX per room, and dismisses
 * them: `POST /rooms/<slug>/moderators/` and `…/moderators/remove/`. The count is taken
 * under the room's row lock, so concurrent appointments never pass the limit. The room
 * hears `role_changed`.
 */
export function createModeratorService({ db, bus }: { db: Database; bus: RoomBus }) {
  const onTarget = createTargetAction({ db, bus });

  const appoint = (input: TargetInput) =>
    onTarget(input, {
      action: 'appoint',
      who: 'owner',
      line: null,
      apply: async (tx, { room }, target) => {
        if (target.userId === input.actorId) throw appError('CANNOT_APPOINT_SELF');
        if (target.isBanned) throw appError('MEMBER_NOT_FOUND');
        if (target.role === 'moderator') throw appError('ALREADY_MODERATOR');
        const moderators = await tx.roomMember.count({ where: { roomId: room.id, role: 'moderator' } });
        if (moderators >= MODERATORS_MAX) throw appError('MODERATOR_LIMIT', { max: MODERATORS_MAX });
        await tx.roomMember.update({ where: { id: target.id }, data: { role: 'moderator' } });
      },
      event: { event: 'role_changed', userId: input.userId, role: 'moderator' },
    });

  const dismiss = (input: TargetInput) =>
    onTarget(input, {
      action: 'dismiss',
      who: 'owner',
      line: null,
      apply: async (tx, _lock, target) => {
        if (target.role !== 'moderator') throw appError('NOT_MODERATOR');
        await tx.roomMember.update({ where: { id: target.id }, data: { role: 'member' } });
      },
      event: { event: 'role_changed', userId: input.userId, role: 'member' },
    });

  return { appoint, dismiss };
}

export type ModeratorService = ReturnType<typeof createModeratorService>;
