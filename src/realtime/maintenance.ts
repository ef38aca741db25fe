import type { Store } from 'express-session';
import { loadSession, sessionUserId } from '../accounts/session.js';
import type { Bus } from '../bus/bus.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { CLOSE } from './close-codes.js';
import type { RoomClient, RoomHub } from './hub.js';
import type { PresenceAnnouncer } from './presence-announcer.js';
import type { PresenceStore } from './presence.js';
import type { RealtimeRooms } from './rooms-port.js';
import type { SocketCap } from './socket-cap.js';

export interface MaintenanceDeps {
  hub: RoomHub;
  bus: Bus;
  presence: PresenceStore;
  announcer: PresenceAnnouncer;
  sockets: SocketCap;
  rooms: RealtimeRooms;
  sessionStore: Store;
  config: Config['realtime'];
  logger: Logger;
}

/**
 * The periodic work of the socket layer: heartbeat (drop sockets that stopped answering),
 * session re-check (a socket must not outlive its login), presence and socket-cap refresh
 * and sweep (users and sockets of a dead process drop out) with one last_active_at write
 * per refresh.
 * Returns a stop function for shutdown.
 */
export function startMaintenance(deps: MaintenanceDeps): () => void {
  const run = (what: string, task: () => Promise<void>) => () => {
    task().catch((error: unknown) => deps.logger.error({ err: error }, `WebSocket ${what} failed`));
  };
  const timers = [
    setInterval(run('heartbeat', async () => deps.hub.heartbeat()), deps.config.pingIntervalMs),
    setInterval(run('session check', () => checkSessions(deps)), deps.config.sessionCheckMs),
    setInterval(run('presence refresh', () => refreshPresence(deps)), Math.max(50, deps.config.presenceTtlMs / 3)),
  ];
  for (const timer of timers) timer.unref();
  return () => timers.forEach(clearInterval);
}

async function checkSessions({ hub, sessionStore }: MaintenanceDeps): Promise<void> {
  for (const [sessionId, clients] of groupBy(hub.allSockets(), (client) => client.sessionId)) {
    const userId = sessionUserId(await loadSession(sessionStore, sessionId));
    for (const client of clients) {
      if (userId !== client.userId) hub.close(client, CLOSE.notLoggedIn, 'session ended');
    }
  }
}

async function refreshPresence({ hub, presence, announcer, sockets, bus, rooms }: MaintenanceDeps): Promise<void> {
  // Sent at once from this snapshot, so it reaches Redis before the removal of any socket
  // that closes later (see socket-cap.ts).
  const counted = sockets.refresh(hub.allSockets());
  try {
    for (const [roomId, clients] of groupBy(hub.allClients(), (client: RoomClient) => client.roomId)) {
      await presence.refresh(roomId, clients);
      await rooms.touchActivity(roomId, [...new Set(clients.map((client) => client.userId))]);
      const gone = await presence.sweep(roomId);
      for (const userId of gone) await bus.toRoom(roomId, { event: 'user_left', userId });
      if (gone.length > 0) announcer.announce(roomId);
      // Presence lists from two processes can arrive in either order; this corrects a
      // stale last one for the local sockets within one refresh.
      else hub.correctPresence(roomId, await presence.online(roomId));
    }
  } finally {
    // Awaited even when the loop failed: with Redis down both fail, and a rejection left
    // unawaited would end the process (unhandled rejection).
    await counted;
  }
}

/** Map.groupBy arrives in Node 21; this runs on 20. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
