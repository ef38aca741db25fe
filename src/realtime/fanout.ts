import type { RoomBus, RoomEvent } from './events.js';

/** Messages between server processes that are not room events: scopes to act on locally. */
export type ControlMessage = { type: 'session_ended'; sessionId: string };

export interface RoomDelivery {
  roomId: number;
  /** The event serialized once per process; every local socket gets these same bytes. */
  raw: string;
  event: RoomEvent;
}

/**
 * The bus as the WebSocket hub sees it: publish to every process, and receive the rooms
 * this process has sockets in. Two implementations: Redis pub/sub and in-process.
 */
export interface Fanout extends RoomBus {
  subscribe(roomId: number): Promise<void>;
  unsubscribe(roomId: number): Promise<void>;
  onRoomEvent(handler: (delivery: RoomDelivery) => void): void;
  toProcesses(message: ControlMessage): Promise<void>;
  onControl(handler: (message: ControlMessage) => void): void;
  /**
   * Called when listening resumes after the connection to the other processes was lost:
   * whatever was published meanwhile never arrived here.
   */
  onResumed(handler: () => void): void;
  close(): Promise<void>;
}

/** Redis channel of a room's events (the original's Channels group name). */
export const roomChannel = (roomId: number) => `room_${roomId}`;
export const CONTROL_CHANNEL = 'codingline:control';

/** Reads a room id back from its channel name; null for anything else. */
export function roomIdOfChannel(channel: string): number | null {
  const match = /^room_(\d+)$/.exec(channel);
  return match ? Number(match[1]) : null;
}

/** Single-process fan-out (no Redis configured), like Channels' InMemoryChannelLayer. */
export function createLocalFanout(): Fanout {
  const subscribed = new Set<number>();
  const roomHandlers: ((delivery: RoomDelivery) => void)[] = [];
  const controlHandlers: ((message: ControlMessage) => void)[] = [];
  return {
    async toRoom(roomId, event) {
      if (!subscribed.has(roomId)) return;
      const delivery = { roomId, raw: JSON.stringify(event), event };
      for (const handler of roomHandlers) handler(delivery);
    },
    async subscribe(roomId) {
      subscribed.add(roomId);
    },
    async unsubscribe(roomId) {
      subscribed.delete(roomId);
    },
    onRoomEvent(handler) {
      roomHandlers.push(handler);
    },
    async toProcesses(message) {
      for (const handler of controlHandlers) handler(message);
    },
    onControl(handler) {
      controlHandlers.push(handler);
    },
    // In one process nothing can be missed.
    onResumed() {},
    async close() {
      subscribed.clear();
    },
  };
}
