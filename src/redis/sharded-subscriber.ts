import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import type { RedisNode } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { closeRedis } from './connections.js';

interface Subscription {
  /** SSUBSCRIBE (a channel of one shard) or SUBSCRIBE (a channel every node hears). */
  kind: 'sharded' | 'classic';
  slot: number;
  /** The master (`host:port`) it is subscribed on; null until one is known and answered. */
  node: string | null;
}

export interface ShardedSubscriberDeps {
  /** The command client: its slot map, which ioredis keeps current, names each slot's master. */
  cluster: Cluster;
  /** Opens a subscriber connection to one master (reconnecting by itself). */
  connectNode: (node: RedisNode) => Redis;
  /** Every message, its channel and payload as bytes. */
  onMessage: (channel: Buffer, raw: Buffer) => void;
  /** Listening was interrupted and goes on again: whatever was published meanwhile was missed. */
  onResumed: () => void;
  logger: Logger;
}

export type ShardedSubscriber = ReturnType<typeof createShardedSubscriber>;

/**
 * Pub/sub on a Redis Cluster: each channel is subscribed on the master owning its slot,
 * over one subscriber connection per master that holds a subscribed channel, so a room's
 * messages travel only within its shard.
 *
 * Not ioredis's own `shardedSubscribers` (5.11): while a master is down it replaces that
 * master's subscriber in a tight loop (a whole core per process, measured) and announces
 * every attempt as ready. Here each connection reconnects with the usual backoff and
 * ioredis subscribes its channels again; a connection that is ready again, and a channel
 * whose slot moved to another master (failover, resharding: seen when ioredis refreshes the
 * slot map), are reported through onResumed.
 */
export function createShardedSubscriber(deps: ShardedSubscriberDeps) {
  const subscriptions = new Map<string, Subscription>();
  const connections = new Map<string, Redis>();
  const ownerOf = (slot: number) => deps.cluster.slots[slot]?.[0] ?? null;

  // Sharded and classic channels never share a connection: ioredis 5 takes a SUNSUBSCRIBE
  // reply counting no sharded channel left as leaving subscriber mode, and would then drop
  // the classic channel's messages.
  const connectionTo = ({ kind, node }: { kind: Subscription['kind']; node: string }): Redis => {
    const key = `${kind} ${node}`;
    const existing = connections.get(key);
    if (existing) return existing;
    const separator = node.lastIndexOf(':');
    const connection = deps.connectNode({ host: node.slice(0, separator), port: Number(node.slice(separator + 1)) });
    connection.on('smessageBuffer', deps.onMessage);
    connection.on('messageBuffer', deps.onMessage);
    let readyBefore = false;
    connection.on('ready', () => {
      // ioredis has sent this connection's subscriptions again by now.
      if (readyBefore) deps.onResumed();
      readyBefore = true;
    });
    connection.connect().catch((error: unknown) => deps.logger.error({ err: error, node }, 'Redis Cluster subscriber could not connect; retrying'));
    connections.set(key, connection);
    return connection;
  };

  const place = async (channel: string, subscription: Subscription): Promise<void> => {
    const node = ownerOf(subscription.slot);
    subscription.node = node;
    if (node === null) throw new Error(`no Redis Cluster master is known for slot ${subscription.slot}`);
    const connection = connectionTo({ kind: subscription.kind, node });
    try {
      await (subscription.kind === 'sharded' ? connection.ssubscribe(channel) : connection.subscribe(channel));
    } catch (error) {
      subscription.node = null;
      throw error;
    }
  };

  const leave = async (channel: string, { kind, node }: Subscription): Promise<void> => {
    const connection = node === null ? undefined : connections.get(`${kind} ${node}`);
    if (!connection) return;
    await (kind === 'sharded' ? connection.sunsubscribe(channel) : connection.unsubscribe(channel));
  };

  /** After a slot refresh: subscriptions not (or no longer) on their slot's master go there. */
  const follow = () => {
    let moved = false;
    for (const [channel, subscription] of subscriptions) {
      const owner = ownerOf(subscription.slot);
      if (owner === null || owner === subscription.node) continue;
      if (subscription.node !== null) {
        moved = true;
        leave(channel, subscription).catch(() => undefined);
      }
      place(channel, subscription).catch((error: unknown) => deps.logger.error({ err: error, channel }, 'could not subscribe a channel on its new master; retrying at the next slot refresh'));
    }
    if (!moved) return;
    const used = new Set([...subscriptions.values()].map(({ kind, node }) => `${kind} ${node}`));
    for (const [key, connection] of connections) {
      if (used.has(key)) continue;
      connections.delete(key);
      connection.disconnect();
    }
    deps.onResumed();
  };
  deps.cluster.on('refresh', follow);

  return {
    /** SSUBSCRIBE on the channel's master; rejects, forgetting the channel, when that fails. */
    async subscribe(channel: string): Promise<void> {
      const subscription: Subscription = { kind: 'sharded', slot: calculateSlot(channel), node: null };
      subscriptions.set(channel, subscription);
      try {
        await place(channel, subscription);
      } catch (error) {
        if (subscriptions.get(channel) === subscription) subscriptions.delete(channel);
        throw error;
      }
    },
    async unsubscribe(channel: string): Promise<void> {
      const subscription = subscriptions.get(channel);
      if (!subscription) return;
      subscriptions.delete(channel);
      await leave(channel, subscription);
    },
    /**
     * SUBSCRIBE a classic channel for good, on the master owning its slot (any node would
     * hear it; this one's reconnections are reported like the others'). Until that master
     * answers, it is tried again at every slot refresh.
     */
    subscribeAlways(channel: string): void {
      const subscription: Subscription = { kind: 'classic', slot: calculateSlot(channel), node: null };
      subscriptions.set(channel, subscription);
      place(channel, subscription).catch((error: unknown) => deps.logger.warn({ err: error, channel }, 'could not subscribe yet; retrying at the next slot refresh'));
    },
    async close(): Promise<void> {
      deps.cluster.off('refresh', follow);
      await Promise.all([...connections.values()].map(closeRedis));
      connections.clear();
    },
  };
}
