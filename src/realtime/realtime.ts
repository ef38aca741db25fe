import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import type { Store } from 'express-session';
import type { Bus } from '../bus/bus.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { MessageChanges } from '../messages/message-changes.js';
import type { MessageStore } from '../messages/message-store.js';
import type { Replay } from '../messages/replay.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import type { RedisClient } from '../redis/connections.js';
import { CLOSE } from './close-codes.js';
import { RoomHub } from './hub.js';
import { startMaintenance } from './maintenance.js';
import { PresenceAnnouncer } from './presence-announcer.js';
import { createMemoryPresence, createRedisPresence } from './presence.js';
import type { RealtimeAttention, RealtimeRooms } from './rooms-port.js';
import { createMemorySocketCap, createRedisSocketCap } from './socket-cap.js';
import { attachWebSockets } from './upgrade.js';

/** Unsent bytes a socket may accumulate before it is dropped as a slow consumer. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface RealtimeDeps {
  config: Config;
  logger: Logger;
  /** null in single-process mode: presence and the socket cap in memory. */
  redis: RedisClient | null;
  bus: Bus;
  rooms: RealtimeRooms;
  attention: RealtimeAttention;
  messages: MessageStore;
  changes: MessageChanges;
  replay: Replay;
  rateLimiter: RateLimiter;
  sessionParser: RequestHandler;
  sessionStore: Store;
}

/**
 * Starts the WebSocket side of one process on its HTTP server. Returns what shutdown
 * needs: close every socket (1001, so clients reconnect elsewhere) and stop the timers.
 */
export function startRealtime(server: Server, deps: RealtimeDeps): { stop(): void } {
  const { config, logger, bus } = deps;
  const hub = new RoomHub({ bus, logger, maxBufferedBytes: MAX_BUFFERED_BYTES });
  const presenceTtlMs = config.realtime.presenceTtlMs;
  const presence = deps.redis ? createRedisPresence(deps.redis, presenceTtlMs) : createMemoryPresence(presenceTtlMs);
  const sockets = deps.redis ? createRedisSocketCap(deps.redis, presenceTtlMs) : createMemorySocketCap(presenceTtlMs);
  const announcer = new PresenceAnnouncer({ presence, bus, logger });
  const connectionDeps = { hub, bus, rooms: deps.rooms, attention: deps.attention, messages: deps.messages, changes: deps.changes, replay: deps.replay, presence, announcer, sockets, rateLimiter: deps.rateLimiter, config: config.realtime, logger };
  const wss = attachWebSockets(server, {
    ...connectionDeps,
    sessionParser: deps.sessionParser,
    allowedOrigins: config.http.allowedOrigins,
    trustProxyHops: config.http.trustProxyHops,
  });
  const stopMaintenance = startMaintenance({ ...connectionDeps, sessionStore: deps.sessionStore });
  return {
    stop(): void {
      stopMaintenance();
      announcer.stop();
      hub.closeAll(CLOSE.goingAway, 'server shutting down');
      wss.close();
    },
  };
}
