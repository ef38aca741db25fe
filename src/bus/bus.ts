import type { ControlMessage } from './control.js';
import type { RoomEvent, UserEvent } from './events.js';

/** What routes and services publish to: a room's events reach its sockets on every process. */
export interface RoomBus {
  toRoom(roomId: number, event: RoomEvent): Promise<void>;
}

/** What publishes to one user: their events reach every socket of theirs, on every process. */
export interface UserBus {
  toUser(userId: number, event: UserEvent): Promise<void>;
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

export interface UserDelivery {
  userId: number;
  raw: Buffer;
  event: UserEvent;
}

/**
 * The whole bus, as the socket layer uses it: publish, and receive the rooms and users this
 * process has sockets of. Implementations: Redis pub/sub on one Redis (redis-bus.ts) or a Redis
 * Cluster (redis-cluster-bus.ts), both over pubsub-bus.ts, and in-process (local-bus.ts).
 */
export interface Bus extends RoomBus, UserBus, ProcessBus {
  subscribe(roomId: number): Promise<void>;
  unsubscribe(roomId: number): Promise<void>;
  onRoomEvent(handler: (delivery: RoomDelivery) => void): void;
  /** A user's channel is subscribed while this process has sockets of theirs. */
  subscribeUser(userId: number): Promise<void>;
  unsubscribeUser(userId: number): Promise<void>;
  onUserEvent(handler: (delivery: UserDelivery) => void): void;
  onControl(handler: (message: ControlMessage) => void): void;
  /**
   * Called when listening resumes after the connection to the other processes was lost:
   * whatever was published meanwhile never arrived here.
   */
  onResumed(handler: () => void): void;
  close(): Promise<void>;
}
