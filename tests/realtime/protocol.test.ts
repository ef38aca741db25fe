import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/context.js';
import type { HttpSession } from '../support/http-session.js';
import { RawWebSocket } from '../support/raw-websocket.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import type { TestSocket } from '../support/ws-client.js';
import { joinedSocket, roomWithMembers, until } from './helpers.js';

// Protocol violations concern one process; the bystander proves the process lives on.
let server: ServerProcess;
let owner: HttpSession;
let guest: HttpSession;
/** Opens only the hand-made connections, so their arrivals and departures are its own. */
let prober: HttpSession;
let slug: string;
let bystander: TestSocket;
let talker: TestSocket;

beforeAll(async () => {
  server = await startServerProcess(testEnv({ CHAT_RATE_LIMIT: '100' }));
  const room = await roomWithMembers(server.url, 2);
  [owner, guest, prober, slug] = [room.owner, room.members[0]!, room.members[1]!, room.room.slug];
  bystander = await joinedSocket(server.url, slug, owner);
  talker = await joinedSocket(server.url, slug, guest);
});
afterAll(async () => {
  bystander?.close();
  talker?.close();
  await server?.stop();
});

/** A hand-made connection that the server accepted and fully set up (its presence event came). */
async function rawConnection(): Promise<RawWebSocket> {
  const raw = await RawWebSocket.connect(server.url, `/ws/rooms/${encodeURIComponent(slug)}/`, { Cookie: prober.cookie });
  await raw.waitFor((frame) => frame.opcode === 0x1 && frame.payload.toString().includes('"presence"'));
  return raw;
}

const departures = () => bystander.events.filter((event) => event.event === 'user_left' && event.userId === prober.userId).length;

/**
 * The server noticed the connection is gone (the prober left again), still serves HTTP and
 * still delivers chat to the sockets that were already open.
 */
async function expectServerUnharmed(departuresBefore: number, marker: string): Promise<void> {
  await until(() => departures() === departuresBefore + 1, 'the server to drop the connection');
  expect(server.child.exitCode).toBeNull();
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  talker.send({ action: 'chat', message: marker });
  expect(await bystander.nextOf('chat', (event) => event.message === marker)).toMatchObject({ user: { id: guest.userId } });
  expect(bystander.closeCode).toBeNull();
}

const json = Buffer.from(JSON.stringify({ action: 'chat', message: '규칙 위반' }));

describe('raw protocol violations close only that connection', () => {
  it('sanity: a hand-made connection can chat like any client', async () => {
    const raw = await rawConnection();
    raw.sendText(JSON.stringify({ action: 'chat', message: '손으로 만든 프레임', client_id: 'raw-ok' }));
    const ack = await raw.waitFor((frame) => frame.opcode === 0x1 && frame.payload.toString().includes('"ack"'));
    expect(JSON.parse(ack.payload.toString())).toMatchObject({ event: 'ack', client_id: 'raw-ok' });
    await bystander.nextOf('chat', (event) => event.message === '손으로 만든 프레임');
    const before = departures();
    raw.destroy();
    await until(() => departures() === before + 1, 'the prober to leave');
  });

  it.each([
    ['a reserved bit (RSV1) without an extension', 0x80 | 0x40 | 0x1, json, 1002],
    ['a text frame with invalid UTF-8', 0x81, Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0x7d]), 1007],
    ['an undefined opcode (0x3)', 0x80 | 0x3, json, 1002],
    ['a continuation frame with nothing to continue', 0x80 | 0x0, json, 1002],
  ])('%s: close %i for that connection, the process lives on', async (_name, firstByte, payload, code) => {
    const raw = await rawConnection();
    const before = departures();
    raw.sendFrame(firstByte, payload);
    await raw.ended;
    expect(raw.closeCode()).toBe(code);
    // Nothing the frame might have carried was taken as a chat.
    expect(raw.events().some((event) => event.event === 'chat' && event.message === '규칙 위반')).toBe(false);
    await expectServerUnharmed(before, `살아 있음 ${code} ${firstByte}`);
  });

  it('an unmasked client frame: close 1002', async () => {
    const raw = await rawConnection();
    const before = departures();
    // FIN + text, a length without the mask bit, and no masking key.
    raw.sendBytes(Buffer.concat([Buffer.from([0x81, json.length]), json]));
    await raw.ended;
    expect(raw.closeCode()).toBe(1002);
    await expectServerUnharmed(before, '마스크 없음 뒤에도');
  });

  it('a connection cut in the middle of a frame', async () => {
    const raw = await rawConnection();
    const before = departures();
    // Announces 100 masked bytes, sends 3 of them, and hangs up.
    raw.sendBytes(Buffer.from([0x81, 0x80 | 100, 1, 2, 3, 4, 5, 6, 7]));
    raw.destroy();
    await raw.ended;
    await expectServerUnharmed(before, '끊긴 뒤에도');
  });
});
