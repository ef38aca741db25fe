import type { Logger } from '../logging/logger.js';
import type { Bus, RoomDelivery, UserDelivery } from './bus.js';
import { CONTROL_CHANNEL, roomChannel, roomIdOfChannel, userChannel, userIdOfChannel } from './channels.js';
import { controlMessageSchema, type ControlMessage } from './control.js';
import { roomEventSchema, userEventSchema } from './events.js';

/**
 * What the two Redis buses differ in: a single Redis (redis-bus.ts) and a Redis Cluster
 * (redis-cluster-bus.ts) publish, subscribe and hear in their own way.
 */
export interface PubSub {
  /** A room's or a user's channel (sharded on a cluster). */
  publish(channel: string, payload: string): Promise<unknown>;
  publishControl(payload: string): Promise<unknown>;
  /**
   * Opens the subscriber, listening on the control channel: every message arrives at
   * `deliver` as bytes, and `resumed` is called when listening goes on after an interruption.
   */
  listen(deliver: (channel: Buffer, raw: Buffer) => void, resumed: () => void): Subscriptions;
}

export interface Subscriptions {
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The bus over Redis pub/sub: publishes on the command connection and listens on the
 * subscriber, opened when the socket layer starts listening (an HTTP-only process never
 * opens it). A room's channel is subscribed while this process has sockets in it, a user's
 * while it has sockets of theirs. What arrives is checked against the event schemas before
 * anything acts on it.
 */
export function createPubSubBus(pubsub: PubSub, logger: Logger): Bus {
  const roomHandlers: ((delivery: RoomDelivery) => void)[] = [];
  const userHandlers: ((delivery: UserDelivery) => void)[] = [];
  const controlHandlers: ((message: ControlMessage) => void)[] = [];
  const resumedHandlers: (() => void)[] = [];
  let subscriptions: Subscriptions | null = null;

  // Every delivery carries the bytes as they came: they go to every local socket without
  // being encoded again per socket.
  const dispatch = (channelBytes: Buffer, raw: Buffer) => {
    const channel = channelBytes.toString();
    if (channel === CONTROL_CHANNEL) {
      const message = controlMessageSchema.safeParse(parseJson(raw));
      if (!message.success) return logger.warn({ channel }, 'ignored a malformed control message');
      for (const handler of controlHandlers) handler(message.data);
      return;
    }
    const roomId = roomIdOfChannel(channel);
    if (roomId !== null) {
      const event = roomEventSchema.safeParse(parseJson(raw));
      if (!event.success) return logger.warn({ channel }, 'ignored a malformed room event');
      const delivery = { roomId, raw, event: event.data };
      for (const handler of roomHandlers) handler(delivery);
      return;
    }
    const userId = userIdOfChannel(channel);
    if (userId === null) return;
    const event = userEventSchema.safeParse(parseJson(raw));
    if (!event.success) return logger.warn({ channel }, 'ignored a malformed user event');
    const delivery = { userId, raw, event: event.data };
    for (const handler of userHandlers) handler(delivery);
  };
  const resumed = () => {
    for (const handler of resumedHandlers) handler();
  };
  const listening = (): Subscriptions => (subscriptions ??= pubsub.listen(dispatch, resumed));

  return {
    async toRoom(roomId, event) {
      await pubsub.publish(roomChannel(roomId), JSON.stringify(event));
    },
    async subscribe(roomId) {
      await listening().subscribe(roomChannel(roomId));
    },
    async unsubscribe(roomId) {
      await listening().unsubscribe(roomChannel(roomId));
    },
    onRoomEvent(handler) {
      listening();
      roomHandlers.push(handler);
    },
    async toUser(userId, event) {
      await pubsub.publish(userChannel(userId), JSON.stringify(event));
    },
    async subscribeUser(userId) {
      await listening().subscribe(userChannel(userId));
    },
    async unsubscribeUser(userId) {
      await listening().unsubscribe(userChannel(userId));
    },
    onUserEvent(handler) {
      listening();
      userHandlers.push(handler);
    },
    async toProcesses(message) {
      // This process acts at once (the request that caused it sees the effect); the others
      // when Redis delivers it, this one again then (every control message is idempotent).
      for (const handler of controlHandlers) handler(message);
      await pubsub.publishControl(JSON.stringify(message));
    },
    onControl(handler) {
      listening();
      controlHandlers.push(handler);
    },
    onResumed(handler) {
      resumedHandlers.push(handler);
    },
    async close() {
      await subscriptions?.close();
    },
  };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString()) as unknown;
  } catch {
    return undefined;
  }
}
