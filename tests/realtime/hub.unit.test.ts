import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ChatAuthor, RoomEvent } from '../../src/bus/events.js';
import { createLocalBus } from '../../src/bus/local-bus.js';
import { CLOSE } from '../../src/realtime/close-codes.js';
import { RoomHub, type RoomClient } from '../../src/realtime/hub.js';
import { silentLogger } from '../support/context.js';

const MAX_BUFFERED = 1000;

/** The part of a ws socket the hub uses, recording what it was asked to do. */
class FakeSocket {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  readonly sent: RoomEvent[] = [];
  closedWith: number | null = null;
  terminated = false;
  readonly OPEN = WebSocket.OPEN;

  send(raw: Buffer | string): void {
    this.sent.push(JSON.parse(raw.toString()) as RoomEvent);
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = WebSocket.CLOSING;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = WebSocket.CLOSED;
  }
  on(): void {}
}

let nextConn = 0;
function client(roomId: number, userId: number, options: { after?: number } = {}): { client: RoomClient; socket: FakeSocket } {
  const socket = new FakeSocket();
  nextConn += 1;
  return {
    socket,
    client: {
      socket: socket as unknown as WebSocket,
      connId: `conn-${nextConn}`,
      roomId,
      userId,
      sessionId: `sess-${userId}`,
      held: options.after === undefined ? null : [],
      position: { by: 'id', upTo: options.after ?? 0, replayed: new Set() },
      accessCheckedAt: Date.now(),
      mutedUntil: 0,
      readUpTo: 0,
      alive: true,
    },
  };
}

const author = (id: number): ChatAuthor => ({ id, name: `user ${id}`, avatar: null });
const chat = (id: number, userId = 1): RoomEvent => ({ event: 'chat', id, seq: id, user: author(userId), message: `m${id}`, ts: new Date(0).toISOString() });
const ids = (socket: FakeSocket) => socket.sent.flatMap((event) => (event.event === 'chat' ? [event.id] : []));

async function hubWith(...clients: RoomClient[]) {
  const bus = createLocalBus();
  const hub = new RoomHub({ bus, logger: silentLogger, maxBufferedBytes: MAX_BUFFERED });
  for (const one of clients) await hub.join(one);
  return { hub, bus };
}

describe('RoomHub with the in-process fan-out', () => {
  it('sends typing to the others in the room but not back to the typist', async () => {
    const typist = client(1, 10);
    const other = client(1, 11);
    const elsewhere = client(2, 12);
    const { bus } = await hubWith(typist.client, other.client, elsewhere.client);
    await bus.toRoom(1, { event: 'typing', user: author(10) });
    expect(typist.socket.sent).toEqual([]);
    expect(other.socket.sent).toEqual([{ event: 'typing', user: author(10) }]);
    expect(elsewhere.socket.sent).toEqual([]);
  });

  it('terminates a slow consumer instead of buffering more, and still serves the others', async () => {
    const slow = client(1, 10);
    const fast = client(1, 11);
    const { bus } = await hubWith(slow.client, fast.client);
    slow.socket.bufferedAmount = MAX_BUFFERED + 1;
    await bus.toRoom(1, chat(1));
    expect(slow.socket.terminated).toBe(true);
    expect(slow.socket.sent).toEqual([]);
    expect(ids(fast.socket)).toEqual([1]);
  });

  it('closes only the kicked user\'s sockets with 4403, after telling them why', async () => {
    const kickedA = client(1, 10);
    const kickedB = client(1, 10);
    const other = client(1, 11);
    const { bus } = await hubWith(kickedA.client, kickedB.client, other.client);
    await bus.toRoom(1, { event: 'member_kicked', userId: 10, by: 11 });
    for (const { socket } of [kickedA, kickedB]) {
      expect(socket.closedWith).toBe(CLOSE.noAccess);
      expect(socket.sent).toEqual([{ event: 'member_kicked', userId: 10, by: 11 }]);
    }
    expect(other.socket.closedWith).toBeNull();
    expect(other.socket.sent).toEqual([{ event: 'member_kicked', userId: 10, by: 11 }]);
  });

  // Two processes store ids 10 and 11; their publishes can reach a subscriber in either order.
  it('delivers live messages that arrive out of id order, each once', async () => {
    const reader = client(1, 11);
    const { hub, bus } = await hubWith(reader.client);
    await bus.toRoom(1, chat(11));
    await bus.toRoom(1, chat(10));
    hub.deliver({ roomId: 1, raw: Buffer.from(JSON.stringify(chat(12))), event: chat(12) });
    expect(ids(reader.socket)).toEqual([11, 10, 12]);
  });

  it('replays missed messages ahead of the live ones held meanwhile, without duplicates', async () => {
    const reader = client(1, 11, { after: 5 });
    const { hub, bus } = await hubWith(reader.client);
    await bus.toRoom(1, chat(7)); // published while the replay runs, and also part of it
    await bus.toRoom(1, chat(9));
    expect(reader.socket.sent).toEqual([]);
    for (const id of [6, 7, 8]) hub.sendReplayed(reader.client, chat(id));
    hub.releaseHeld(reader.client);
    await bus.toRoom(1, chat(8)); // a late publish of a replayed message
    await bus.toRoom(1, chat(10));
    expect(ids(reader.socket)).toEqual([6, 7, 8, 9, 10]);
  });

  it('closes the sockets of an ended session on this process', async () => {
    const mine = client(1, 10);
    const other = client(1, 11);
    const { bus } = await hubWith(mine.client, other.client);
    await bus.toProcesses({ type: 'session_ended', sessionId: 'sess-10' });
    expect(mine.socket.closedWith).toBe(CLOSE.notLoggedIn);
    expect(other.socket.closedWith).toBeNull();
  });
});

describe('RoomHub after the bus was unreachable', () => {
  it('closes every local socket with 1012 so clients reconnect and replay what they missed', async () => {
    const first = client(1, 1);
    const second = client(2, 2);
    const bus = createLocalBus();
    let resume = () => {};
    bus.onResumed = (handler) => {
      resume = handler;
    };
    const hub = new RoomHub({ bus, logger: silentLogger, maxBufferedBytes: MAX_BUFFERED });
    await hub.join(first.client);
    await hub.join(second.client);
    expect([first.socket.closedWith, second.socket.closedWith]).toEqual([null, null]);
    resume();
    expect([first.socket.closedWith, second.socket.closedWith]).toEqual([CLOSE.reconnect, CLOSE.reconnect]);
  });
});

describe('RoomHub presence correction', () => {
  it('sends the current presence list only when it differs from the last one sent', async () => {
    const one = client(5, 1);
    const { hub } = await hubWith(one.client);
    hub.deliver({ roomId: 5, raw: Buffer.from(JSON.stringify({ event: 'presence', online: [1, 2] })), event: { event: 'presence', online: [1, 2] } });
    hub.correctPresence(5, [1, 2]);
    expect(one.socket.sent).toHaveLength(1);
    hub.correctPresence(5, [1]);
    expect(one.socket.sent.at(-1)).toEqual({ event: 'presence', online: [1] });
    expect(one.socket.sent).toHaveLength(2);
  });
});

describe('RoomHub when a member leaves', () => {
  it("closes the leaver's other sockets with 4403 and tells the rest", async () => {
    const leaver = client(9, 1);
    const other = client(9, 2);
    const { hub } = await hubWith(leaver.client, other.client);
    hub.deliver({ roomId: 9, raw: Buffer.from(JSON.stringify({ event: 'member_left', userId: 1 })), event: { event: 'member_left', userId: 1 } });
    expect(leaver.socket.closedWith).toBe(CLOSE.noAccess);
    expect(other.socket.closedWith).toBeNull();
    expect(other.socket.sent).toEqual([{ event: 'member_left', userId: 1 }]);
  });
});

describe('RoomHub when subscribing fails', () => {
  it('does not remember the room, so the next socket subscribes again', async () => {
    const bus = createLocalBus();
    const subscribe = bus.subscribe.bind(bus);
    let failures = 1;
    bus.subscribe = async (roomId) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('Redis is down');
      }
      await subscribe(roomId);
    };
    const hub = new RoomHub({ bus, logger: silentLogger, maxBufferedBytes: MAX_BUFFERED });
    const first = client(11, 1);
    await expect(hub.join(first.client)).rejects.toThrow('Redis is down');
    const second = client(11, 2);
    await hub.join(second.client);
    await bus.toRoom(11, chat(1, 1));
    expect(ids(second.socket)).toEqual([1]);
    expect(first.socket.sent).toEqual([]);
  });
});

describe('RoomHub writes', () => {
  it("sends a tick's events to a socket in one write: its transport is corked once and uncorked after the tick", async () => {
    const one = client(21, 1);
    const calls: string[] = [];
    one.client.transport = { cork: () => void calls.push('cork'), uncork: () => void calls.push('uncork') };
    const { hub } = await hubWith(one.client);
    for (const id of [1, 2, 3]) hub.deliver({ roomId: 21, raw: Buffer.from(JSON.stringify(chat(id))), event: chat(id) });
    expect(ids(one.socket)).toEqual([1, 2, 3]);
    expect(calls).toEqual(['cork']);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(calls).toEqual(['cork', 'uncork']);
  });
});
