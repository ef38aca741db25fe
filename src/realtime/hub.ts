import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { Bus, RoomDelivery, UserDelivery } from '../bus/bus.js';
import type { DirectEvent, RoomEvent } from '../bus/events.js';
import type { AppError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import { CLOSE } from './close-codes.js';

/** One accepted socket of a signed-in user: a room's, or the home page's. */
export interface UserSocket {
  socket: WebSocket;
  /**
   * The TCP socket under `socket` (what the upgrade handed to ws). Corked while the hub
   * sends a burst of events, so they leave in one write instead of one per event.
   */
  transport?: Pick<Duplex, 'cork' | 'uncork'>;
  connId: string;
  userId: number;
  sessionId: string;
  /** Answered the last heartbeat ping. */
  alive: boolean;
}

/** One accepted socket in one room. */
export interface RoomClient extends UserSocket {
  roomId: number;
  /** While missed events are replayed, live events wait here (then are sent, without duplicates). */
  held: { raw: Buffer; keys: EventKeys }[] | null;
  /** What the client already has, so nothing is sent to it twice (see Position). */
  position: Position;
  /** When the membership was last confirmed; 0 forces a re-check (moderation changed it). */
  accessCheckedAt: number;
  /** Until when (epoch ms) the user may not chat, edit or react here; 0 when not muted. */
  mutedUntil: number;
  /** The highest read marker this socket has stored, so a repeated `read` costs nothing. */
  readUpTo: number;
}

/**
 * What a client already has. By sequence number (`?since=`): every timeline change up to
 * `upTo`, raised by the replay to the last number it sent. By message id (`?after=`, and
 * sockets that gave neither with upTo 0): every message up to `upTo`, and the ids the
 * replay sent — live messages are not deduplicated by "highest id sent", because
 * processes publish in commit order, not id order.
 */
export type Position = { by: 'seq'; upTo: number } | { by: 'id'; upTo: number; replayed?: Set<number> };

/** What identifies an event for deduplication: its message id and its sequence number. */
interface EventKeys {
  id: number | null;
  seq: number | null;
}

export interface HubOptions {
  bus: Bus;
  logger: Logger;
  /** A socket whose unsent data passes this many bytes is dropped instead of buffered. */
  maxBufferedBytes: number;
}

/**
 * Keeps this process's joined sockets per room and per user, and is the only code that
 * sends to them, pings them or closes them (the connection code refuses a socket before
 * it joins). Subscribes a room on the bus while it has sockets here, a user while they
 * have sockets here, and acts on delivered events for its own sockets: send, close a
 * kicked user's sockets, drop cached access, note a mute.
 */
export class RoomHub {
  private readonly rooms = new Map<number, Set<RoomClient>>();
  private readonly users = new Map<number, Set<UserSocket>>();
  /** The last presence list this process's sockets were sent, per room. */
  private readonly presenceSent = new Map<number, Buffer>();
  /** Transports corked during this tick; uncorked together when the tick's work is done. */
  private readonly corked = new Set<Pick<Duplex, 'cork' | 'uncork'>>();

  constructor(private readonly options: HubOptions) {
    options.bus.onRoomEvent((delivery) => this.deliver(delivery));
    options.bus.onUserEvent((delivery) => this.deliverToUser(delivery));
    options.bus.onControl((message) => {
      if (message.type === 'session_ended') this.closeSession(message.sessionId);
    });
    // Pub/sub does not keep what was published while this process was not listening; a
    // reconnecting client replays it from the database (?after), so nothing is lost.
    options.bus.onResumed(() => this.closeAll(CLOSE.reconnect, 'reconnect to catch up'));
  }

  /** A room socket: its room's events, and its user's. */
  async join(client: RoomClient): Promise<void> {
    const { bus } = this.options;
    await Promise.all([this.joinUser(client), joinGroup(this.rooms, client.roomId, client, () => bus.subscribe(client.roomId))]);
  }

  /** A socket that gets its user's events only (the home page's); room sockets join through `join`. */
  async joinUser(client: UserSocket): Promise<void> {
    client.socket.on('pong', () => {
      client.alive = true;
    });
    await joinGroup(this.users, client.userId, client, () => this.options.bus.subscribeUser(client.userId));
  }

  async leave(client: RoomClient): Promise<void> {
    if (leaveGroup(this.rooms, client.roomId, client)) {
      this.presenceSent.delete(client.roomId);
      await this.options.bus.unsubscribe(client.roomId);
    }
    await this.leaveUser(client);
  }

  async leaveUser(client: UserSocket): Promise<void> {
    if (leaveGroup(this.users, client.userId, client)) await this.options.bus.unsubscribeUser(client.userId);
  }

  /** Every room socket of this process. */
  allClients(): RoomClient[] {
    return [...this.rooms.values()].flatMap((clients) => [...clients]);
  }

  /** Every socket of this process, room sockets and home sockets. */
  allSockets(): UserSocket[] {
    return [...this.users.values()].flatMap((sockets) => [...sockets]);
  }

  /** Sends one user's event to every socket of theirs here. */
  deliverToUser({ userId, raw }: UserDelivery): void {
    for (const client of this.users.get(userId) ?? []) this.sendNow(client, raw);
  }

  /** Acts on one room event for this process's sockets; called by the bus, or directly by tests. */
  deliver({ roomId, raw, event }: RoomDelivery): void {
    const clients = this.rooms.get(roomId);
    if (!clients) return;
    if (event.event === 'presence') this.presenceSent.set(roomId, raw);
    const keys = keysOf(event);
    for (const client of clients) {
      if (this.closesClient(client, event)) continue;
      if (event.event === 'typing' && event.user.id === client.userId) continue;
      if (affectsAccess(event, client.userId)) client.accessCheckedAt = 0;
      if (event.event === 'member_muted' && event.userId === client.userId) client.mutedUntil = Date.parse(event.until);
      if (event.event === 'member_unmuted' && event.userId === client.userId) client.mutedUntil = 0;
      this.sendRaw(client, raw, keys);
    }
  }

  /** Sends the room's sockets here the current presence list, unless it is what they last got. */
  correctPresence(roomId: number, online: number[]): void {
    const raw = Buffer.from(JSON.stringify({ event: 'presence', online } satisfies RoomEvent));
    if (this.presenceSent.get(roomId)?.equals(raw)) return;
    this.deliver({ roomId, raw, event: { event: 'presence', online } });
  }

  /** Sends an event to one socket only (ack, error, replayed history). */
  sendDirect(client: UserSocket, event: DirectEvent | RoomEvent): void {
    this.sendNow(client, Buffer.from(JSON.stringify(event)));
  }

  /** Answers one socket with an error event (a refused frame, a failure while handling it). */
  sendError(client: UserSocket, error: AppError): void {
    this.sendDirect(client, { event: 'error', code: error.code, message: error.message });
  }

  /** Sends one missed event during a replay, ahead of the held live events. */
  sendReplayed(client: RoomClient, event: RoomEvent): void {
    const { id, seq } = keysOf(event);
    const { position } = client;
    if (position.by === 'id' && id !== null) (position.replayed ??= new Set()).add(id);
    if (position.by === 'seq' && seq !== null) position.upTo = Math.max(position.upTo, seq);
    this.sendNow(client, Buffer.from(JSON.stringify(event)));
  }

  /** Ends a replay: sends the live events held meanwhile, skipping those already replayed. */
  releaseHeld(client: RoomClient): void {
    const held = client.held ?? [];
    client.held = null;
    for (const { raw, keys } of held) this.sendRaw(client, raw, keys);
  }

  close(client: UserSocket, code: number, reason: string): void {
    client.socket.close(code, reason);
  }

  closeSession(sessionId: string): void {
    for (const client of this.allSockets()) {
      if (client.sessionId === sessionId) this.close(client, CLOSE.notLoggedIn, 'logged out');
    }
  }

  closeAll(code: number, reason: string): void {
    for (const client of this.allSockets()) this.close(client, code, reason);
  }

  /** Drops sockets that did not answer the last ping, and pings the others. */
  heartbeat(): void {
    for (const client of this.allSockets()) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  /** A kicked or departed member's sockets, and every socket of a deleted room, close (4403) after the event. */
  private closesClient(client: RoomClient, event: RoomEvent): boolean {
    const reason = closeReason(event, client.userId);
    if (!reason) return false;
    this.sendNow(client, Buffer.from(JSON.stringify(event)));
    this.close(client, CLOSE.noAccess, reason);
    return true;
  }

  private sendRaw(client: RoomClient, raw: Buffer, keys: EventKeys): void {
    if (client.held) {
      client.held.push({ raw, keys });
      return;
    }
    if (alreadyHas(client.position, keys)) return;
    this.sendNow(client, raw);
  }

  private sendNow(client: UserSocket, raw: Buffer): void {
    const { socket } = client;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.options.logger.warn({ userId: client.userId }, 'dropping a slow WebSocket consumer');
      socket.terminate();
      return;
    }
    this.cork(client);
    // A text frame of these bytes as they are: no copy, no encoding per socket.
    socket.send(raw, { binary: false });
  }

  /**
   * Holds a socket's writes until this tick's events are all sent (the bus delivers a burst
   * in one tick), then lets them out in one write: one system call per socket per burst.
   */
  private cork(client: UserSocket): void {
    const { transport } = client;
    if (!transport || this.corked.has(transport)) return;
    transport.cork();
    this.corked.add(transport);
    if (this.corked.size === 1) process.nextTick(() => this.uncorkAll());
  }

  private uncorkAll(): void {
    for (const transport of this.corked) transport.uncork();
    this.corked.clear();
  }
}

/**
 * Adds a socket to its group (a room's, a user's); the group's first socket subscribes its
 * channel. Not subscribed: the group is forgotten, so the next socket tries again.
 */
async function joinGroup<T>(groups: Map<number, Set<T>>, key: number, member: T, subscribe: () => Promise<void>): Promise<void> {
  let group = groups.get(key);
  if (!group) {
    group = new Set();
    groups.set(key, group);
    try {
      await subscribe();
    } catch (error) {
      if (group.size === 0) groups.delete(key);
      throw error;
    }
  }
  group.add(member);
}

/** Takes a socket out of its group; true when that emptied it (its channel can go). */
function leaveGroup<T>(groups: Map<number, Set<T>>, key: number, member: T): boolean {
  const group = groups.get(key);
  if (!group?.delete(member) || group.size > 0) return false;
  groups.delete(key);
  return true;
}

function closeReason(event: RoomEvent, userId: number): string | null {
  if (event.event === 'room_deleted') return 'room deleted';
  if (event.event === 'member_kicked' && event.userId === userId) return 'kicked';
  if (event.event === 'member_left' && event.userId === userId) return 'left the room';
  return null;
}

function keysOf(event: RoomEvent): EventKeys {
  const isMessage = event.event === 'chat' || event.event === 'image' || event.event === 'system';
  return { id: isMessage ? event.id : null, seq: 'seq' in event ? event.seq : null };
}

function alreadyHas(position: Position, { id, seq }: EventKeys): boolean {
  if (position.by === 'seq') return seq !== null && seq <= position.upTo;
  return id !== null && (id <= position.upTo || position.replayed?.has(id) === true);
}

function affectsAccess(event: RoomEvent, userId: number): boolean {
  switch (event.event) {
    case 'member_unbanned':
      return event.userId === userId;
    case 'owner_changed':
      return event.ownerId === userId || event.previousOwnerId === userId;
    default:
      return false;
  }
}
