import type { Server } from 'node:http';
import type { AppDeps } from '../app.js';
import { CLOSE, RoomHub } from './hub.js';
import { startMaintenance } from './maintenance.js';
import { createMemoryPresence, createRedisPresence } from './presence.js';
import { attachWebSockets } from './upgrade.js';

/** Unsent bytes a socket may accumulate before it is dropped as a slow consumer. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Starts the WebSocket side of one process on its HTTP server. Returns what shutdown
 * needs: close every socket (1001, so clients reconnect elsewhere) and stop the timers.
 */
export function startRealtime(server: Server, deps: AppDeps) {
  const { config, logger, fanout } = deps;
  const rooms = deps.collab.realtimeRooms;
  const hub = new RoomHub({ fanout, logger, maxBufferedBytes: MAX_BUFFERED_BYTES });
  const presence = deps.redis ? createRedisPresence(deps.redis, config.realtime.presenceTtlMs) : createMemoryPresence(config.realtime.presenceTtlMs);
  const connectionDeps = { hub, fanout, rooms, presence, rateLimiter: deps.rateLimiter, config: config.realtime, logger };
  const wss = attachWebSockets(server, {
    ...connectionDeps,
    sessionParser: deps.sessionParser,
    allowedOrigins: config.http.allowedOrigins,
    trustProxy: config.http.trustProxyHops > 0,
  });
  const stopMaintenance = startMaintenance({ ...connectionDeps, sessionStore: deps.sessionStore });
  return {
    hub,
    stop(): void {
      stopMaintenance();
      hub.closeAll(CLOSE.goingAway, 'server shutting down');
      wss.close();
    },
  };
}
