import { excerpt } from '../attention/mention-notices.js';
import type { UserBus } from '../bus/bus.js';
import type { ChatAuthor, MessageNotice } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import type { Logger } from '../logging/logger.js';
import { whoToNotify, type Announcement, type NotifiableMember } from './decide.js';
import type { PushSender } from './push-sender.js';
import type { RoomListeners } from './room-listeners.js';

/** Which users have a socket open on any process (src/realtime/socket-cap.ts answers it). */
export interface OnlineUsers {
  openAmong(userIds: readonly number[]): Promise<Set<number>>;
}

export interface NotifierDeps {
  db: Database;
  bus: UserBus;
  online: OnlineUsers;
  /** null when Web Push is not configured. */
  push: PushSender | null;
  listeners: RoomListeners;
  logger: Logger;
}

/**
 * Notifies the members concerned of a stored message: reads who they are (one indexed
 * query; nothing at all for a message that mentions nobody in a room where nobody chose
 * "all"), asks who has a page open, decides (decide.ts), then tells the open pages through
 * the user bus and pushes to the others. Pushes run in the background: a slow push service
 * never holds up the chat.
 */
export function createNotifier({ db, bus, online, push, listeners, logger }: NotifierDeps) {
  async function concernedMembers(roomId: number, { mentions, isNew }: Announcement): Promise<NotifiableMember[]> {
    const everyMessage = isNew && (await listeners.any(roomId));
    if (!everyMessage && mentions.length === 0) return [];
    const rows = await db.roomMember.findMany({
      where: { roomId, isBanned: false, OR: [...(everyMessage ? [{ notifyLevel: 'all' as const }] : []), { userId: { in: [...mentions] } }] },
      select: { userId: true, notifyLevel: true, user: { select: { notifySound: true, notifyBrowser: true } } },
    });
    return rows.map(({ userId, notifyLevel, user }) => ({ userId, level: notifyLevel, sound: user.notifySound, browser: user.notifyBrowser }));
  }

  return async function announce(roomId: number, message: { id: number; user: ChatAuthor; text: string }, scope: { mentions: readonly number[]; isNew: boolean }): Promise<void> {
    const announcement = { authorId: message.user.id, ...scope };
    const members = await concernedMembers(roomId, announcement);
    if (members.length === 0) return;
    const deliveries = whoToNotify(announcement, members, await online.openAmong(members.map((member) => member.userId)));
    if (deliveries.length === 0) return;
    // Read now: the room may have been renamed, or deleted a moment ago (then nobody hears of it).
    const room = await db.room.findUnique({ where: { id: roomId }, select: { slug: true, name: true } });
    if (!room) return;
    const base = { room: room.slug, room_name: room.name, id: message.id, user: message.user, excerpt: excerpt(message.text) };
    const published: Promise<void>[] = [];
    for (const delivery of deliveries) {
      const notice: MessageNotice = { ...base, reason: delivery.reason };
      if (delivery.via === 'page') published.push(bus.toUser(delivery.userId, { event: 'notify', ...notice, sound: delivery.sound, popup: delivery.popup }));
      else if (push) void push.deliver(delivery.userId, roomId, notice).catch((error: unknown) => logger.warn({ err: error, userId: delivery.userId }, 'Web Push delivery failed'));
    }
    await Promise.all(published);
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
