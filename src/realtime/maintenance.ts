import type { Store } from 'express-session';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { LiveClient } from './connection.js';
import type { Fanout } from './fanout.js';
import { CLOSE, type RoomHub } from './hub.js';
import type { PresenceStore } from './presence.js';
import type { RealtimeRooms } from './rooms-port.js';

export interface MaintenanceDeps {
  hub: RoomHub;
  fanout: Fanout;
  presence: PresenceStore;
  rooms: RealtimeRooms;
  sessionStore: Store;
  config: Config['realtime'];
  logger: Logger;
}

/**
 * The periodic work of the socket layer: heartbeat (drop sockets that stopped answering),
 * session re-check (a socket must not outlive its login), presence refresh and sweep
 * (users of a dead process drop out) with one last_active_at write per refresh.
 * Returns a stop function for shutdown.
 */
export function startMaintenance(deps: MaintenanceDeps): () => void {
  const run = (what: string, task: () => Promise<void>) => () => {
    task().catch((error: unknown) => deps.logger.error({ err: error }, `WebSocket ${what} failed`));
  };
  const timers = [
    setInterval(run('heartbeat', async () => heartbeat(deps.hub)), deps.config.pingIntervalMs),
    setInterval(run('session check', () => checkSessions(deps)), deps.config.sessionCheckMs),
    setInterval(run('presence refresh', () => refreshPresence(deps)), Math.max(50, deps.config.presenceTtlMs / 3)),
  ];
  for (const timer of timers) timer.unref();
  return () => timers.forEach(clearInterval);
}

function heartbeat(hub: RoomHub): void {
  for (const client of hub.allClients() as LiveClient[]) {
    if (!client.alive) {
      client.socket.terminate();
      continue;
    }
    client.alive = false;
    client.socket.ping();
  }
}

async function checkSessions({ hub, sessionStore }: MaintenanceDeps): Promise<void> {
  const bySession = groupBy(hub.allClients(), (client) => client.sessionId);
  for (const [sessionId, clients] of bySession) {
    const session = await new Promise<{ passport?: { user?: unknown } } | null | undefined>((resolve, reject) => {
      sessionStore.get(sessionId, (error: unknown, data) => (error ? reject(error) : resolve(data as { passport?: { user?: unknown } } | null)));
    });
    for (const client of clients) {
      if (session?.passport?.user !== client.userId) client.socket.close(CLOSE.notLoggedIn, 'session ended');
    }
  }
}

async function refreshPresence({ hub, presence, fanout, rooms }: MaintenanceDeps): Promise<void> {
  const byRoom = groupBy(hub.allClients(), (client) => client.roomId);
  for (const [roomId, clients] of byRoom) {
    await presence.refresh(roomId, clients);
    await rooms.touchActivity(roomId, [...new Set(clients.map((client) => client.userId))]);
    const gone = await presence.sweep(roomId);
    for (const userId of gone) await fanout.toRoom(roomId, { event: 'user_left', userId });
    const online = await presence.online(roomId);
    if (gone.length > 0) await fanout.toRoom(roomId, { event: 'presence', online });
    // Presence lists from two processes can arrive in either order; this corrects a
    // stale last one for the local sockets within one refresh.
    else hub.correctPresence(roomId, online);
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
