import type { Database } from '../db/prisma.js';
import type { NotifyLevel } from './decide.js';
import type { RoomListeners } from './room-listeners.js';

/** A user's own switches, the same on every device. */
export interface UserSwitches {
  /** A short sound for mentions. */
  sound: boolean;
  /** Browser notifications (and Web Push). */
  browser: boolean;
}

/** Notification settings, stored server-side: per user (users.notify_*) and per room membership. */
export function createNotificationSettings({ db, listeners }: { db: Database; listeners: RoomListeners }) {
  return {
    async switches(userId: number): Promise<UserSwitches> {
      const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { notifySound: true, notifyBrowser: true } });
      return { sound: user.notifySound, browser: user.notifyBrowser };
    },

    /** Changes the switches given, leaves the others. */
    async setSwitches(userId: number, change: Partial<UserSwitches>): Promise<UserSwitches> {
      const user = await db.user.update({
        where: { id: userId },
        data: { notifySound: change.sound, notifyBrowser: change.browser },
        select: { notifySound: true, notifyBrowser: true },
      });
      return { sound: user.notifySound, browser: user.notifyBrowser };
    },

    /** The member's level in the room (checked to be a member by the caller). */
    async roomLevel(roomId: number, userId: number): Promise<NotifyLevel> {
      const member = await db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId, userId } }, select: { notifyLevel: true } });
      return member.notifyLevel;
    },

    async setRoomLevel(roomId: number, userId: number, level: NotifyLevel): Promise<NotifyLevel> {
      await db.roomMember.update({ where: { roomId_userId: { roomId, userId } }, data: { notifyLevel: level } });
      await listeners.changed(roomId);
      return level;
    },
  };
}

export type NotificationSettings = ReturnType<typeof createNotificationSettings>;
