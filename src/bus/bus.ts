import type { ControlMessage } from './control.js';
import type { RoomEvent } from './events.js';

/** What routes and services publish to: a room's events reach its sockets on every process. */
export interface RoomBus {
  toRoom(roomId: number, event: RoomEvent): Promise<void>;
}

/** Scopes for every process to act on (e.g. close a logged-out session's sockets). */
export interface ProcessBus {
  toProcesses(message: ControlMessage): Promise<void>;
}

export interface RoomDelivery {
  roomId: number;
  /** The event's UTF-8 JSON, made once per process; every local socket is sent these same bytes. */
  raw: Buffer;
  event: RoomEvent;
}

/**
 * The whole bus, as the socket layer uses it: publish, and receive the rooms this process
 * has sockets in. Two implementations: Redis pub/sub (redis-bus.ts) and in-process
 * (local-bus.ts).
 */
export interface Bus extends RoomBus, ProcessBus {
  subscribe(roomId: number): Promise<void>;
  unsubscribe(roomId: number): Promise<void>;
  onRoomEvent(handler: (delivery: RoomDelivery) => void): void;
  onControl(handler: (message: ControlMessage) => void): void;
  /**
   * Called when listening resumes after the connection to the other processes was lost:
   * whatever was published meanwhile never arrived here.
   */
  onResumed(handler: () => void): void;
  close(): Promise<void>;
}
