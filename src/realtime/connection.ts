import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { Config } from '../config/config.js';
import { AppError } from '../http/errors.js';
import type { Logger } from '../logging/logger.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import type { Fanout } from './fanout.js';
import { parseFrame } from './frames.js';
import { CLOSE, type RoomClient, type RoomHub } from './hub.js';
import type { PresenceStore } from './presence.js';
import type { RealtimeRooms } from './rooms-port.js';

export const MAX_REPLAY = 200;
export const MAX_SOCKETS_PER_USER = 8;
const ACCESS_RECHECK_MS = 30_000;
const TYPING_INTERVAL_MS = 2_000;

export interface ConnectionDeps {
  hub: RoomHub;
  fanout: Fanout;
  rooms: RealtimeRooms;
  presence: PresenceStore;
  rateLimiter: RateLimiter;
  config: Config['realtime'];
  logger: Logger;
}

/** What the upgrade learned from the request and its session. */
export interface UpgradeContext {
  slug: string;
  userId: number | null;
  sessionId: string;
  /** `?after=<id>`: the last message the client saw, for a replay of what it missed. */
  after: number | null;
}

export interface LiveClient extends RoomClient {
  alive: boolean;
  lastTypingAt: number;
}

/**
 * Runs one accepted socket: authorises it (closing with 4001/4403), joins its room,
 * replays what it missed, then handles its frames. Never throws: failures are logged
 * and, where it helps the client, answered with an error event.
 */
export async function runConnection(socket: WebSocket, context: UpgradeContext, deps: ConnectionDeps): Promise<void> {
  const { hub, rooms, logger } = deps;
  if (context.userId === null) return socket.close(CLOSE.notLoggedIn, 'login required');
  const userId = context.userId;
  let roomId: number;
  try {
    ({ roomId } = await rooms.access(context.slug, userId));
  } catch (error) {
    if (error instanceof AppError) return socket.close(CLOSE.noAccess, error.code);
    throw error;
  }
  if (hub.socketsOfUser(userId) >= MAX_SOCKETS_PER_USER) return socket.close(CLOSE.tooManySockets, 'too many sockets');

  const client: LiveClient = {
    socket,
    connId: randomUUID(),
    roomId,
    userId,
    sessionId: context.sessionId,
    held: context.after === null ? null : [],
    seenUpTo: context.after ?? 0,
    replayed: new Set(),
    accessCheckedAt: Date.now(),
    alive: true,
    lastTypingAt: 0,
  };
  socket.on('pong', () => {
    client.alive = true;
  });
  // One frame at a time: a user's messages are stored (and so numbered) in the order sent.
  let frames = Promise.resolve();
  socket.on('message', (data: RawData, isBinary: boolean) => {
    frames = frames.then(() =>
      handleFrame(client, data, isBinary, deps).catch((error: unknown) => {
        logger.error({ err: error, userId, roomId }, 'WebSocket frame failed');
        hub.sendDirect(client, { event: 'error', code: 'INTERNAL', message: '서버에 문제가 발생했습니다.' });
      }),
    );
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await hub.join(client);
  if (socket.readyState !== socket.OPEN) return leave(client, deps);
  closed.then(() => leave(client, deps)).catch((error: unknown) => logger.error({ err: error }, 'WebSocket cleanup failed'));

  await arrive(client, deps);
  if (context.after !== null) await replay(client, context.after, deps);
}

async function arrive(client: LiveClient, { presence, fanout, rooms }: ConnectionDeps): Promise<void> {
  const firstSocket = await presence.enter(client.roomId, client.userId, client.connId);
  if (firstSocket) await fanout.toRoom(client.roomId, { event: 'user_joined', user: await rooms.author(client.userId) });
  await fanout.toRoom(client.roomId, { event: 'presence', online: await presence.online(client.roomId) });
}

async function leave(client: LiveClient, { hub, presence, fanout }: ConnectionDeps): Promise<void> {
  await hub.leave(client);
  const lastSocket = await presence.exit(client.roomId, client.userId, client.connId);
  if (!lastSocket) return;
  await fanout.toRoom(client.roomId, { event: 'user_left', userId: client.userId });
  await fanout.toRoom(client.roomId, { event: 'presence', online: await presence.online(client.roomId) });
}

/** Sends what the client missed (bounded), then the live events held meanwhile. */
async function replay(client: LiveClient, after: number, { hub, rooms }: ConnectionDeps): Promise<void> {
  const missed = await rooms.missedSince(client.roomId, after, MAX_REPLAY + 1);
  if (missed.length > MAX_REPLAY) {
    hub.sendDirect(client, { event: 'resync' });
  } else {
    for (const event of missed) hub.sendReplayed(client, event);
  }
  hub.releaseHeld(client);
}

async function handleFrame(client: LiveClient, data: RawData, isBinary: boolean, deps: ConnectionDeps): Promise<void> {
  const { hub, rooms, fanout, rateLimiter, config } = deps;
  const frame = parseFrame(data, isBinary);
  if (frame.action === 'ignore') return;
  if (frame.action === 'invalid') return hub.sendDirect(client, { event: 'error', code: frame.code, message: frame.message });
  if (frame.action === 'typing') {
    if (Date.now() - client.lastTypingAt < TYPING_INTERVAL_MS) return;
    client.lastTypingAt = Date.now();
    return fanout.toRoom(client.roomId, { event: 'typing', user: await rooms.author(client.userId) });
  }

  const limit = await rateLimiter.hit(`chat:user:${client.userId}`, config.chatRate.limit, config.chatRate.windowSeconds);
  if (!limit.allowed) {
    return hub.sendDirect(client, { event: 'error', code: 'RATE_LIMITED', message: `메시지를 너무 빨리 보내고 있습니다. ${limit.retryAfterSeconds}초 후에 다시 시도해 주세요.` });
  }
  if (!(await stillAllowed(client, rooms))) return client.socket.close(CLOSE.noAccess, 'no access');
  // Stored first: a message is broadcast only once it exists in the database.
  const { event, duplicate } = await rooms.postChat({ roomId: client.roomId, userId: client.userId, text: frame.message, clientId: frame.clientId });
  if (!duplicate) await fanout.toRoom(client.roomId, event);
  if (frame.clientId) hub.sendDirect(client, { event: 'ack', client_id: frame.clientId, id: event.id });
}

/** Membership re-checked for inbound chat, cached briefly; moderation events reset the cache. */
async function stillAllowed(client: LiveClient, rooms: RealtimeRooms): Promise<boolean> {
  if (Date.now() - client.accessCheckedAt < ACCESS_RECHECK_MS) return true;
  const allowed = await rooms.stillAllowed(client.roomId, client.userId);
  if (allowed) client.accessCheckedAt = Date.now();
  return allowed;
}
