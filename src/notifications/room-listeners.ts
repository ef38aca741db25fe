import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/prisma.js';

/** How long a process trusts its answer to "does anyone in this room hear every message?". */
const LISTENERS_TTL_MS = 10_000;
/** Rooms remembered at most; beyond, the memory starts over (each answer costs one small query). */
const MAX_ROOMS = 10_000;

/**
 * Whether any member of a room chose to hear every message: a per-process answer, kept for
 * 10 s, so the chat path of a room where nobody did (most rooms) reads nothing for a message
 * that mentions nobody. Only a negative filter: whenever there may be someone to tell, the
 * notifier reads the members themselves (current levels, bans). A level change is announced
 * to every process (`changed`), which forgets the room at once; the 10 s bound what a lost
 * announcement could cost.
 */
export function createRoomListeners({ db, bus, now = Date.now }: { db: Database; bus: Pick<Bus, 'onControl' | 'toProcesses'>; now?: () => number }) {
  const rooms = new Map<number, { any: boolean; until: number }>();
  bus.onControl((message) => {
    if (message.type === 'notify_levels_changed') rooms.delete(message.roomId);
  });
  return {
    async any(roomId: number): Promise<boolean> {
      const known = rooms.get(roomId);
      if (known && known.until > now()) return known.any;
      const listener = await db.roomMember.findFirst({ where: { roomId, notifyLevel: 'all', isBanned: false }, select: { id: true } });
      if (rooms.size >= MAX_ROOMS) rooms.clear();
      rooms.set(roomId, { any: listener !== null, until: now() + LISTENERS_TTL_MS });
      return listener !== null;
    },
    /** A member's level in the room changed: every process forgets the room. */
    async changed(roomId: number): Promise<void> {
      rooms.delete(roomId);
      await bus.toProcesses({ type: 'notify_levels_changed', roomId });
    },
  };
}

export type RoomListeners = ReturnType<typeof createRoomListeners>;
