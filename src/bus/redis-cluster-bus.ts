import type { Cluster, Redis } from 'ioredis';
import type { RedisNode } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { createShardedSubscriber } from '../redis/sharded-subscriber.js';
import type { Bus } from './bus.js';
import { CONTROL_CHANNEL } from './channels.js';
import { createPubSubBus } from './pubsub-bus.js';

export interface RedisClusterBusDeps {
  publisher: Cluster;
  /** Opens a subscriber connection to one master of the cluster. */
  connectNode: (node: RedisNode) => Redis;
  logger: Logger;
}

/**
 * The bus over a Redis Cluster. Room and user channels use sharded pub/sub (SPUBLISH,
 * SSUBSCRIBE): a room's (or a user's) events go only to the master owning its channel's
 * slot and its subscribers, so fan-out grows with the number of masters instead of
 * crossing every node. The control
 * channel stays classic PUBLISH/SUBSCRIBE, which every node relays to its subscribers:
 * few messages, for every process.
 */
export function createRedisClusterBus({ publisher, connectNode, logger }: RedisClusterBusDeps): Bus {
  return createPubSubBus(
    {
      publish: (channel, payload) => publisher.spublish(channel, payload),
      publishControl: (payload) => publisher.publish(CONTROL_CHANNEL, payload),
      listen(deliver, resumed) {
        const subscriber = createShardedSubscriber({ cluster: publisher, connectNode, onMessage: deliver, onResumed: resumed, logger });
        subscriber.subscribeAlways(CONTROL_CHANNEL);
        return subscriber;
      },
    },
    logger,
  );
}
