import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { closeRedis } from '../redis/connections.js';
import type { Bus } from './bus.js';
import { CONTROL_CHANNEL } from './channels.js';
import { createPubSubBus } from './pubsub-bus.js';

export interface RedisBusDeps {
  publisher: Redis;
  /** Makes the dedicated subscriber connection; called once, when something first listens. */
  connectSubscriber: () => Redis;
  logger: Logger;
}

/**
 * The bus over one Redis: PUBLISH on the command connection, SUBSCRIBE (room, user and
 * control channels) on one dedicated subscriber connection per process. ioredis
 * re-subscribes its channels after a reconnect; every reconnect after the first is
 * reported as resumed.
 */
export function createRedisBus({ publisher, connectSubscriber, logger }: RedisBusDeps): Bus {
  return createPubSubBus(
    {
      publish: (channel, payload) => publisher.publish(channel, payload),
      publishControl: (payload) => publisher.publish(CONTROL_CHANNEL, payload),
      listen(deliver, resumed) {
        const connection = connectSubscriber();
        connection.on('messageBuffer', deliver);
        let connectedBefore = false;
        // On every (re)connect; also covers a first subscribe that failed while Redis was down.
        connection.on('ready', () => {
          connection.subscribe(CONTROL_CHANNEL).catch((error: unknown) => logger.error({ err: error }, 'could not subscribe the control channel'));
          if (connectedBefore) resumed();
          connectedBefore = true;
        });
        connection.connect().catch((error: unknown) => logger.error({ err: error }, 'Redis subscriber could not connect; retrying'));
        return {
          subscribe: (channel) => connection.subscribe(channel),
          unsubscribe: (channel) => connection.unsubscribe(channel),
          close: () => closeRedis(connection),
        };
      },
    },
    logger,
  );
}
