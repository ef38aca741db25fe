import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { Bus } from '../bus/bus.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { appError, muted, rateLimited } from '../errors/catalogue.js';
import type { Logger } from '../logging/logger.js';
import type { MessageChanges } from '../messages/message-changes.js';
import type { MessageStore } from '../messages/message-store.js';
import type { Replay } from '../messages/replay.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { CLOSE } from './close-codes.js';
import { FrameInbox } from './frame-inbox.js';
import { parseFrame } from './frames.js';
import type { RoomClient, RoomHub } from './hub.js';
import type { PresenceAnnouncer } from './presence-announcer.js';
import type { PresenceStore } from './presence.js';
import type { RealtimeAttention, RealtimeRooms } from './rooms-port.js';
import type { SocketCap } from './socket-cap.js';

export const MAX_REPLAY = 200;
/**
 * Frames one socket may have handled per second, and save up for a burst (docs/protocol.md,
 * Limits): 20, or what the chat limit allows one user per second and a little more (typing
 * and reactions), whichever is higher; the burst is twice the rate. A deployment that
 * raises CHAT_RATE_LIMIT raises this with it.
 */
export function frameRate({ limit, windowSeconds }: Config['realtime']['chatRate']): { perSecond: number; burst: number } {
  const perSecond = Math.max(20, Math.ceil(limit / windowSeconds) + 10);
  return { perSecond, burst: perSecond * 2 };
}
/** Frames received and not yet handled; one more is a flood and closes the socket with 1008. */
export const MAX_QUEUED_FRAMES = 50;
const ACCESS_RECHECK_MS = 30_000;
const TYPING_INTERVAL_MS = 2_000;

export interface ConnectionDeps {
  hub: RoomHub;
  attention: RealtimeAttention;
  bus: Bus;
  rooms: RealtimeRooms;
  messages: Pick<MessageStore, 'postChat' | 'missedSince'>;
  changes: MessageChanges;
  replay: Pick<Replay, 'since'>;
  presence: PresenceStore;
  announcer: PresenceAnnouncer;
  sockets: SocketCap;
  rateLimiter: RateLimiter;
  config: Config['realtime'];
  logger: Logger;
}

/** What the upgrade learned from the request and its session. */
export interface UpgradeContext {
  slug: string;
  userId: number | null;
  sessionId: string;
  /**
   * Where the client says it is: `?since=<seq>` (every timeline change up to that number),
   * or `?after=<id>` (every message up to that id; `from` null when it gave neither).
   */
  resume: { by: 'seq'; from: number } | { by: 'id'; from: number | null };
}

/** How far a socket got, so leaving undoes exactly that. */
interface Setup {
  /** Its presence entry was sent to the store (a refused socket never appears). */
  entered: boolean;
}

/**
 * Runs one accepted socket: authorises it (refusing it with 4001/4403/4429 before it
 * joins), hands it to the hub, checks access again now that this process hears the room,
 * replays what it missed, then handles its frames. A failed frame is logged and answered
 * with an error event; a failure before the socket is set up rejects, and the upgrade
 * closes the socket with 1011.
 */
export async function runConnection(socket: WebSocket, context: UpgradeContext, deps: ConnectionDeps, transport?: RoomClient['transport']): Promise<void> {
  const { hub, rooms, sockets, logger } = deps;
  if (context.userId === null) return socket.close(CLOSE.notLoggedIn, 'login required');
  const userId = context.userId;
  // Whatever is set up by then is undone when the socket closes, even during the awaits below.
  const teardown: { closed: boolean; undo: (() => void) | null } = { closed: false, undo: null };
  socket.once('close', () => {
    teardown.closed = true;
    teardown.undo?.();
  });
  // ws reads frames from the start: those that arrive during the checks below would be
  // dropped unheard. They wait here (bounded like the inbox) until the inbox exists.
  const early: { data: RawData; isBinary: boolean }[] = [];
  const holdEarly = (data: RawData, isBinary: boolean) => {
    if (early.length >= MAX_QUEUED_FRAMES) return socket.close(CLOSE.policyViolation, 'too many frames');
    early.push({ data, isBinary });
  };
  socket.on('message', holdEarly);
  const access = await rooms.access(context.slug, userId).catch((error: unknown) => {
    if (error instanceof AppError) return error;
    throw error;
  });
  if (access instanceof AppError) return socket.close(CLOSE.noAccess, access.code);

  const client: RoomClient = {
    socket,
    ...(transport ? { transport } : {}),
    connId: randomUUID(),
    roomId: access.roomId,
    userId,
    sessionId: context.sessionId,
    held: context.resume.from === null ? null : [],
    position: context.resume.by === 'seq' ? { by: 'seq', upTo: context.resume.from } : { by: 'id', upTo: context.resume.from ?? 0 },
    accessCheckedAt: Date.now(),
    mutedUntil: access.mutedUntil,
    readUpTo: 0,
    alive: true,
  };
  if (!(await sockets.tryAdd(userId, client.connId))) return socket.close(CLOSE.tooManySockets, 'too many sockets');
  const setup: Setup = { entered: false };
  teardown.undo = () => void leave(client, setup, deps).catch((error: unknown) => logger.error({ err: error }, 'WebSocket cleanup failed'));
  if (teardown.closed) teardown.undo();
  // Frames wait (bounded) until the socket is set up.
  const inbox = frameInbox(client, deps);
  socket.off('message', holdEarly);
  socket.on('message', (data: RawData, isBinary: boolean) => inbox.push({ data, isBinary }));
  for (const frame of early) inbox.push(frame);

  await hub.join(client);
  if (socket.readyState !== socket.OPEN) return;
  // Access was checked before this process subscribed to the room: a kick (or a mute)
  // published in between reached no one here. Now that events reach this socket, ask again.
  if (!(await confirmStanding(client, rooms))) return hub.close(client, CLOSE.noAccess, 'no access');
  if (socket.readyState !== socket.OPEN) return;
  inbox.start();
  setup.entered = true;
  await arrive(client, deps);
  const { resume } = context;
  if (resume.from !== null) await replay(client, { by: resume.by, from: resume.from }, deps);
}

async function arrive(client: RoomClient, { presence, bus, rooms, announcer }: ConnectionDeps): Promise<void> {
  const firstSocket = await presence.enter(client.roomId, client.userId, client.connId);
  if (firstSocket) await bus.toRoom(client.roomId, { event: 'user_joined', user: await rooms.author(client.userId) });
  announcer.announce(client.roomId);
}

async function leave(client: RoomClient, setup: Setup, { hub, sockets, presence, bus, announcer }: ConnectionDeps): Promise<void> {
  // Sent before the hub forgets the socket, so no later refresh can count it again.
  const released = sockets.remove(client.userId, client.connId);
  await hub.leave(client);
  await released;
  if (!setup.entered) return;
  const lastSocket = await presence.exit(client.roomId, client.userId, client.connId);
  if (!lastSocket) return;
  await bus.toRoom(client.roomId, { event: 'user_left', userId: client.userId });
  announcer.announce(client.roomId);
}

/**
 * Sends what the client missed (bounded), then the room's notice and settings as they are
 * now (their changes are not numbered), then the live events held meanwhile.
 */
async function replay(client: RoomClient, resume: { by: 'seq' | 'id'; from: number }, { hub, messages, replay: changes, rooms }: ConnectionDeps): Promise<void> {
  const [missed, state] = await Promise.all([
    resume.by === 'seq'
      ? changes.since({ roomId: client.roomId, since: resume.from, limit: MAX_REPLAY, viewerId: client.userId })
      : messages.missedSince(client.roomId, resume.from, MAX_REPLAY + 1, client.userId),
    rooms.state(client.roomId),
  ]);
  if (missed === 'resync' || missed.length > MAX_REPLAY) {
    hub.sendDirect(client, { event: 'resync' });
  } else {
    for (const event of missed) hub.sendReplayed(client, event);
  }
  hub.sendDirect(client, { event: 'notice', notice: state.notice });
  hub.sendDirect(client, { event: 'room_updated', room: state.room });
  hub.releaseHeld(client);
}

/**
 * The socket's frame queue: rate and queue limits in this process, before any frame
 * reaches Redis or the database (docs/protocol.md, Limits).
 */
function frameInbox(client: RoomClient, deps: ConnectionDeps): FrameInbox<{ data: RawData; isBinary: boolean }> {
  const { hub, logger } = deps;
  const handle = frameHandler(client, deps, () => inbox.isStopped);
  const inbox = new FrameInbox<{ data: RawData; isBinary: boolean }>({
    maxQueued: MAX_QUEUED_FRAMES,
    ratePerSecond: frameRate(deps.config.chatRate).perSecond,
    burst: frameRate(deps.config.chatRate).burst,
    handle: ({ data, isBinary }) => handle(data, isBinary),
    // The one place a frame's failure becomes an error event: a refusal keeps its code.
    onError: (error) => {
      if (error instanceof AppError) return hub.sendError(client, error);
      logger.error({ err: error, userId: client.userId, roomId: client.roomId }, 'WebSocket frame failed');
      hub.sendError(client, appError('INTERNAL'));
    },
    onRateLimited: () => hub.sendError(client, rateLimited('frames', 1)),
    onOverflow: () => {
      logger.warn({ userId: client.userId, roomId: client.roomId }, 'closing a WebSocket that floods frames');
      hub.close(client, CLOSE.policyViolation, 'too many frames');
    },
  });
  return inbox;
}

/**
 * The handler of one socket's frames, with the socket's own typing throttle. `cutOff`
 * says the socket was closed for flooding: a frame still under way then stores nothing.
 */
function frameHandler(client: RoomClient, deps: ConnectionDeps, cutOff: () => boolean) {
  const { hub, rooms, bus, messages, changes, attention, rateLimiter, config } = deps;
  let lastTypingAt = 0;
  return async (data: RawData, isBinary: boolean): Promise<void> => {
    const frame = parseFrame(data, isBinary);
    if (frame.action === 'ignore') return;
    if (frame.action === 'invalid') return hub.sendError(client, frame.error);
    if (frame.action === 'typing') {
      if (Date.now() - lastTypingAt < TYPING_INTERVAL_MS) return;
      lastTypingAt = Date.now();
      return bus.toRoom(client.roomId, { event: 'typing', user: await rooms.author(client.userId) });
    }
    if (frame.action === 'read') return markRead(client, frame.id, deps);
    // A muted member still reads and may delete what they wrote; the rest waits.
    if (frame.action !== 'delete' && Date.now() < client.mutedUntil) return hub.sendError(client, muted(client.mutedUntil));

    // Everything else changes the timeline: limited together, per user, on every process.
    const limit = await rateLimiter.hit(`chat:user:${client.userId}`, config.chatRate.limit, config.chatRate.windowSeconds);
    if (!limit.allowed) return hub.sendError(client, rateLimited('chat', limit.retryAfterSeconds));
    if (!(await stillAllowed(client, rooms))) return hub.close(client, CLOSE.noAccess, 'no access');
    if (cutOff()) return;
    const { roomId, userId } = client;
    // Stored first: an event is broadcast only once what it says is in the database.
    switch (frame.action) {
      case 'chat': {
        const { event, duplicate } = await messages.postChat({ roomId, userId, text: frame.message, clientId: frame.clientId, replyTo: frame.replyTo });
        if (!duplicate) await bus.toRoom(roomId, event);
        if (frame.clientId) hub.sendDirect(client, { event: 'ack', client_id: frame.clientId, id: event.id });
        if (!duplicate) await attention.announce(roomId, { id: event.id, user: event.user, text: frame.message }, { mentions: event.mentions ?? [], isNew: true });
        return;
      }
      case 'edit': {
        const { event, newMentions } = await changes.edit({ roomId, userId, id: frame.id, text: frame.message });
        await bus.toRoom(roomId, event);
        return attention.announce(roomId, { id: event.id, user: await rooms.author(userId), text: frame.message }, { mentions: newMentions, isNew: false });
      }
      case 'delete':
        return bus.toRoom(roomId, await changes.remove({ roomId, userId, id: frame.id, mayRemoveOthers: (authorId) => rooms.mayRemoveMessageOf(roomId, userId, authorId) }));
      case 'react':
        return bus.toRoom(roomId, await changes.react({ roomId, userId, id: frame.id, emoji: frame.emoji }));
    }
  };
}

/**
 * Moves the user's read marker; their sockets everywhere hear of it (src/attention). A
 * marker this socket already stored costs nothing: pages send one whenever they show the
 * newest message.
 */
async function markRead(client: RoomClient, id: number, { attention }: ConnectionDeps): Promise<void> {
  if (id <= client.readUpTo) return;
  const { marker } = await attention.markRead({ roomId: client.roomId, userId: client.userId, id });
  client.readUpTo = Math.max(client.readUpTo, marker, id);
}

/** Membership re-checked for inbound chat, cached briefly; moderation events reset the cache. */
async function stillAllowed(client: RoomClient, rooms: RealtimeRooms): Promise<boolean> {
  if (Date.now() - client.accessCheckedAt < ACCESS_RECHECK_MS) return true;
  return confirmStanding(client, rooms);
}

/** Asks whether the user is still a member; notes until when they are muted. */
async function confirmStanding(client: RoomClient, rooms: RealtimeRooms): Promise<boolean> {
  const standing = await rooms.standing(client.roomId, client.userId);
  if (!standing) return false;
  client.mutedUntil = standing.mutedUntil;
  client.accessCheckedAt = Date.now();
  return true;
}
