import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Bus } from '../../src/bus/bus.js';
import type { RoomEvent } from '../../src/bus/events.js';
import { createLocalBus } from '../../src/bus/local-bus.js';
import { loadConfig } from '../../src/config/config.js';
import { createMemoryRateLimiter } from '../../src/ratelimit/rate-limiter.js';
import { CLOSE } from '../../src/realtime/close-codes.js';
import { runConnection, type ConnectionDeps } from '../../src/realtime/connection.js';
import { RoomHub } from '../../src/realtime/hub.js';
import { PresenceAnnouncer } from '../../src/realtime/presence-announcer.js';
import { createMemoryPresence } from '../../src/realtime/presence.js';
import type { RealtimeRooms } from '../../src/realtime/rooms-port.js';
import { createMemorySocketCap } from '../../src/realtime/socket-cap.js';
import { silentLogger } from '../support/context.js';

const ROOM = 1;
const USER = 7;
const OWNER = 1;

/** The part of a ws socket the connection and the hub use; closing emits 'close' a tick later. */
class FakeSocket extends EventEmitter {
  readonly OPEN = WebSocket.OPEN;
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  closedWith: number | null = null;
  readonly sent: unknown[] = [];

  send(raw: string): void {
    this.sent.push(JSON.parse(raw));
  }
  close(code: number): void {
    if (this.readyState !== WebSocket.OPEN) return;
    this.closedWith = code;
    this.readyState = WebSocket.CLOSING;
    setImmediate(() => {
      this.readyState = WebSocket.CLOSED;
      this.emit('close', code);
    });
  }
  ping(): void {}
  terminate(): void {
    this.close(1006);
  }
}

/** A member whose ban can land at any moment, and a bus that records what was published. */
function world() {
  const state = { member: true };
  const published: RoomEvent[] = [];
  const bus: Bus = createLocalBus();
  const toRoom = bus.toRoom.bind(bus);
  bus.toRoom = async (roomId, event) => {
    published.push(event);
    await toRoom(roomId, event);
  };
  const rooms: RealtimeRooms = {
    access: async () => {
      if (!state.member) throw new Error('the access check ran after the kick');
      return { roomId: ROOM, mutedUntil: 0 };
    },
    standing: async () => (state.member ? { mutedUntil: 0 } : null),
    author: async (id) => ({ id, name: `user ${id}`, avatar: null }),
    touchActivity: async () => {},
    mayRemoveMessageOf: async () => false,
    state: async () => ({ notice: null, room: { name: '방', slug: 'room', topic: '', capacity: 10, has_password: false, is_private: false, tags: [] } }),
  };
  const presence = createMemoryPresence(30_000);
  const sockets = createMemorySocketCap(30_000, 1);
  const deps: ConnectionDeps = {
    hub: new RoomHub({ bus, logger: silentLogger, maxBufferedBytes: 1 << 20 }),
    bus,
    rooms,
    attention: { markRead: () => Promise.reject(new Error('no read markers here')), announce: async () => {} },
    messages: { postChat: () => Promise.reject(new Error('no chat here')), missedSince: async () => [] },
    changes: {
      edit: () => Promise.reject(new Error('no edits here')),
      remove: () => Promise.reject(new Error('no deletions here')),
      react: () => Promise.reject(new Error('no reactions here')),
    },
    replay: { since: async () => [] },
    presence,
    announcer: new PresenceAnnouncer({ presence, bus, logger: silentLogger }),
    sockets,
    rateLimiter: createMemoryRateLimiter(),
    config: loadConfig({ DATABASE_URL: 'mysql://app:secret@127.0.0.1:3306/codingline' }).realtime,
    logger: silentLogger,
  };
  return { state, published, bus, deps, presence, sockets };
}

const connect = (socket: FakeSocket, deps: ConnectionDeps) =>
  runConnection(socket as unknown as WebSocket, { slug: 'room', userId: USER, sessionId: 'session', resume: { by: 'id', from: null } }, deps);
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a kick that lands while the socket is being set up', () => {
  it('closes the socket with 4403 when the kick came after the access check but before this process subscribed', async () => {
    const { state, published, bus, deps, presence, sockets } = world();
    // The kick lands while the room's channel is being subscribed: its event is published
    // before this process listens, so the hub never hears it.
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = async (roomId) => {
      state.member = false;
      await bus.toRoom(roomId, { event: 'member_kicked', userId: USER, by: OWNER });
      await subscribe(roomId);
    };
    const socket = new FakeSocket();
    await connect(socket, deps);

    expect(socket.closedWith).toBe(CLOSE.noAccess);
    await settled();
    // Never announced, never listed, and its place under the socket cap is free again.
    expect(published.map((event) => event.event)).toEqual(['member_kicked']);
    expect(await presence.online(ROOM)).toEqual([]);
    expect(await sockets.tryAdd(USER, 'next-socket')).toBe(true);
  });

  it('keeps a socket whose membership still holds once the room is subscribed', async () => {
    const { published, deps, presence } = world();
    const socket = new FakeSocket();
    await connect(socket, deps);

    expect(socket.closedWith).toBeNull();
    await settled();
    expect(published.map((event) => event.event)).toEqual(['user_joined', 'presence']);
    expect(await presence.online(ROOM)).toEqual([USER]);
    socket.close(CLOSE.goingAway);
    await settled();
    await settled();
    expect(await presence.online(ROOM)).toEqual([]);
  });
});

describe('frames sent while the socket is being set up', () => {
  it('are handled once it is, none dropped while access is still being checked', async () => {
    const { published, deps } = world();
    const socket = new FakeSocket();
    const running = connect(socket, deps);
    // The client's first frame arrives at once, before the access check has answered.
    socket.emit('message', Buffer.from('{"action":"typing"}'), false);
    await running;
    await settled();

    expect(published.map((event) => event.event)).toContain('typing');
    socket.close(CLOSE.goingAway);
    await settled();
  });
});
