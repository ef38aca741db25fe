import type { Database } from '../db/prisma.js';
import { uniqueViolation } from '../db/errors.js';
import type { RealtimeRooms } from '../realtime/rooms-port.js';
import { collabErrors } from './errors.js';
import { toMessageEvent } from './message-events.js';
import { authorSelect, toChatAuthor } from './room-data.js';
import type { RoomService } from './room-service.js';

const storedMessageSelect = { id: true, content: true, image: true, createdAt: true, user: { select: authorSelect } } as const;

/** The rooms domain as the WebSocket layer needs it (src/realtime/rooms-port.ts). */
export function createRealtimeRooms({ db, rooms }: { db: Database; rooms: RoomService }): RealtimeRooms {
  return {
    async access(slug, userId) {
      const { room } = await rooms.checkRoomAccess({ slug, userId });
      return { roomId: room.id };
    },

    async stillAllowed(roomId, userId) {
      const membership = await db.roomMember.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { isBanned: true } });
      return membership !== null && !membership.isBanned;
    },

    async author(userId) {
      const user = await db.user.findUnique({ where: { id: userId }, select: authorSelect });
      if (!user) throw collabErrors.memberNotFound();
      return toChatAuthor(user);
    },

    async postChat({ roomId, userId, text, clientId }) {
      try {
        const message = await db.message.create({ data: { roomId, userId, content: text, clientId }, select: storedMessageSelect });
        return { event: chatEvent(message), duplicate: false };
      } catch (error) {
        if (clientId === null || uniqueViolation(error) !== 'messages_user_id_client_id_key') throw error;
        // A resend: answer with the message stored the first time, store nothing.
        const first = await db.message.findUniqueOrThrow({ where: { userId_clientId: { userId, clientId } }, select: storedMessageSelect });
        return { event: chatEvent(first), duplicate: true };
      }
    },

    async missedSince(roomId, afterId, limit) {
      const messages = await db.message.findMany({
        where: { roomId, id: { gt: afterId } },
        orderBy: { id: 'asc' },
        take: limit,
        select: storedMessageSelect,
      });
      return messages.map(toMessageEvent);
    },

    async touchActivity(roomId, userIds) {
      if (userIds.length === 0) return;
      await db.roomMember.updateMany({ where: { roomId, userId: { in: [...userIds] } }, data: { lastActiveAt: new Date() } });
    },
  };
}

function chatEvent(message: Parameters<typeof toMessageEvent>[0]) {
  const event = toMessageEvent(message);
  if (event.event !== 'chat') throw new Error('a chat frame produced an image message');
  return event;
}
