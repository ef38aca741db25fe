import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { closeRedis } from '../redis/connections.js';
import type { Bus, RoomDelivery, UserDelivery } from './bus.js';
import { CONTROL_CHANNEL, roomChannel, roomIdOfChannel, userChannel, userIdOfChannel } from './channels.js';
import { controlMessageSchema, type ControlMessage } from './control.js';
import { roomEventSchema, userEventSchema } from './events.js';

export interface RedisBusDeps {
  publisher: Redis;
  /** Makes the dedicated subscriber connection; called once, when something first listens. */
  connectSubscriber: () => Redis;
  logger: Logger;
}

/**
 * The bus over Redis pub/sub: publishes on the command connection and listens on one
 * dedicated subscriber connection per process, opened when the socket layer starts
 * listening (an HTTP-only process never opens it). A room's channel is subscribed while
 * this process has sockets in it, a user's while it has sockets of theirs; ioredis re-subscribes them after a reconnect. What
 * arrives is checked against the event schemas before anything acts on it.
 */
export function createRedisBus({ publisher, connectSubscriber, logger }: RedisBusDeps): Bus {
  const roomHandlers: ((delivery: RoomDelivery) => void)[] = [];
  const userHandlers: ((delivery: UserDelivery) => void)[] = [];
  const controlHandlers: ((message: ControlMessage) => void)[] = [];
  const resumedHandlers: (() => void)[] = [];
  let subscriber: Redis | null = null;
  let connectedBefore = false;

  const listening = (): Redis => {
    if (subscriber) return subscriber;
    const connection = connectSubscriber();
    subscriber = connection;
    // As bytes: they go to every local socket as they came, never encoded again per socket.
    connection.on('messageBuffer', (channel: Buffer, raw: Buffer) => dispatch(channel.toString(), raw));
    // On every (re)connect; also covers a first subscribe that failed while Redis was down.
    connection.on('ready', () => {
      connection.subscribe(CONTROL_CHANNEL).catch((error: unknown) => logger.error({ err: error }, 'could not subscribe the control channel'));
      if (connectedBefore) for (const handler of resumedHandlers) handler();
      connectedBefore = true;
    });
    connection.connect().catch((error: unknown) => logger.error({ err: error }, 'Redis subscriber could not connect; retrying'));
    return connection;
  };

  const dispatch = (channel: string, raw: Buffer) => {
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

  return {
    async toRoom(roomId, event) {
      await publisher.publish(roomChannel(roomId), JSON.stringify(event));
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
      await publisher.publish(userChannel(userId), JSON.stringify(event));
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
      await publisher.publish(CONTROL_CHANNEL, JSON.stringify(message));
    },
    onControl(handler) {
      listening();
      controlHandlers.push(handler);
    },
    onResumed(handler) {
      resumedHandlers.push(handler);
    },
    async close() {
      if (subscriber) await closeRedis(subscriber);
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
