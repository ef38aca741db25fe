import type { RequestHandler } from 'express';
import type { Store } from 'express-session';
import { Cluster } from 'ioredis';
import { createAuthorCache } from './accounts/authors.js';
import { createAttention, type Attention } from './attention/attention.js';
import { createSessionParser, createSessionStore } from './accounts/session.js';
import type { Bus } from './bus/bus.js';
import type { ChatAuthor } from './bus/events.js';
import { createLocalBus } from './bus/local-bus.js';
import { createRedisBus } from './bus/redis-bus.js';
import { createRedisClusterBus } from './bus/redis-cluster-bus.js';
import { createCollab, type Collab } from './collab/collab.js';
import { roomSettingsOf } from './collab/room-settings.js';
import type { Config } from './config/config.js';
import type { Database } from './db/prisma.js';
import { createSqlPool, type SqlPool } from './db/sql-pool.js';
import { appError } from './errors/catalogue.js';
import type { Logger } from './logging/logger.js';
import { createMediaAccess, type MediaAccess } from './media/media-access.js';
import { createMediaStore } from './media/create-store.js';
import { createMediaFiles, type MediaFiles } from './media/media-files.js';
import { createChatWriter } from './messages/chat-writer.js';
import { createMessageChanges, type MessageChanges } from './messages/message-changes.js';
import { createMessageStore, type MessageStore } from './messages/message-store.js';
import { createReplay, type Replay } from './messages/replay.js';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './ratelimit/rate-limiter.js';
import { createNotifications, type Notifications } from './notifications/notifications.js';
import type { RealtimeAttention, RealtimeRooms } from './realtime/rooms-port.js';
import { createMemorySocketCap, createRedisSocketCap, type SocketCap } from './realtime/socket-cap.js';
import { connectClusterSubscriber, createSubscriber, type RedisConnection } from './redis/connections.js';

/** Everything one process shares between its HTTP routes and its sockets. */
export interface AppDeps {
  config: Config;
  db: Database;
  /** A plain driver pool for the chat write path; closed at shutdown. */
  sqlPool: SqlPool;
  /** The command connection to Redis or a Redis Cluster; null in single-process (in-memory) mode. */
  redis: RedisConnection | null;
  logger: Logger;
  /** The session middleware and its store, shared with the WebSocket layer. */
  sessionParser: RequestHandler;
  sessionStore: Store;
  rateLimiter: RateLimiter;
  /** Room events and cross-process messages (Redis pub/sub, or in-process). */
  bus: Bus;
  messages: MessageStore;
  /** Edits, deletions and reactions of stored messages. */
  changes: MessageChanges;
  /** What a reconnecting socket missed, by sequence number. */
  replay: Replay;
  files: MediaFiles;
  mediaAccess: MediaAccess;
  collab: Collab;
  /** Read markers, unread counts, mention notices. */
  attention: Attention;
  /** Notification settings, push subscriptions, and who hears of a message. */
  notifications: Notifications;
  /** Open sockets per user on every process: the socket cap, and who has a page open. */
  sockets: SocketCap;
  /** The rooms domain as the socket layer asks it (src/realtime/rooms-port.ts). */
  realtimeRooms: RealtimeRooms;
  /** Read markers, mentions and notifications as the socket layer asks them. */
  realtimeAttention: RealtimeAttention;
}

/**
 * The shared pieces built from the connections: Redis-backed when Redis is configured
 * (shared by every process), in-memory otherwise.
 */
export function createAppDeps(base: { config: Config; db: Database; redis: RedisConnection | null; logger: Logger }): AppDeps {
  const { config, db, redis, logger } = base;
  const sessionStore = createSessionStore(redis);
  const rateLimiter = redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter();
  const bus = createBus(redis, logger);
  const sqlPool = createSqlPool(config.db.url);
  const authors = createAuthorCache(db);
  const messages = createMessageStore({ db, writer: createChatWriter({ pool: sqlPool }), authors });
  const files = createMediaFiles({ store: createMediaStore(config.media), logger });
  const presenceTtlMs = config.realtime.presenceTtlMs;
  const sockets = redis ? createRedisSocketCap(redis, presenceTtlMs) : createMemorySocketCap(presenceTtlMs);
  const attention = createAttention({ db, bus });
  const notifications = createNotifications({ db, bus, online: sockets, rateLimiter, config: config.notifications, logger });
  // Who hears of a stored message (mention notices, then notifications): for chat over the
  // sockets and for images. An image's failure to notify is logged, never a failed upload.
  const announce: RealtimeAttention['announce'] = async (roomId, message, scope) => {
    await attention.notifyMentions(roomId, message, scope.mentions);
    await notifications.announce(roomId, message, scope);
  };
  const announceImage = (roomId: number, message: { id: number; user: ChatAuthor; text: string }) =>
    announce(roomId, message, { mentions: [], isNew: true }).catch((error: unknown) => logger.warn({ err: error, roomId }, 'notifying of an image failed'));
  const collab = createCollab({ db, bus, messages, files, rateLimiter, bcryptCost: config.auth.bcryptCost, uploadLimits: config.media.upload, announce: announceImage });
  return {
    ...base,
    sqlPool,
    sessionStore,
    sessionParser: createSessionParser(config, sessionStore),
    rateLimiter,
    bus,
    messages,
    changes: createMessageChanges({ db, editWindowMs: config.messages.editWindowSeconds * 1000, files }),
    replay: createReplay({ db }),
    files,
    mediaAccess: createMediaAccess({ db, bus }),
    collab,
    attention,
    notifications,
    sockets,
    realtimeAttention: { markRead: attention.markRead, announce },
    realtimeRooms: {
      ...collab.membership,
      state: async (roomId) => ({ notice: await collab.notices.current(roomId), room: await roomSettingsOf(db, roomId) }),
      async author(userId) {
        const author = await authors.get(userId);
        if (!author) throw appError('MEMBER_NOT_FOUND');
        return author;
      },
    },
  };
}

/** Pub/sub over a Redis Cluster (sharded), over one Redis, or within this process. */
function createBus(redis: RedisConnection | null, logger: Logger): Bus {
  if (redis === null) return createLocalBus();
  if (redis instanceof Cluster) {
    return createRedisClusterBus({ publisher: redis, connectNode: (node) => connectClusterSubscriber(redis, node, logger), logger });
  }
  return createRedisBus({ publisher: redis, connectSubscriber: () => createSubscriber(redis, logger), logger });
}
