import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { RawWebSocket } from '../support/raw-websocket.js';
import { joinedSocket, onlineOf, roomWithMembers, useTwoServers } from './helpers.js';

const db = testDatabase();
const servers = useTwoServers();
afterAll(() => db.$disconnect());

const FLOOD = 50_000;
/** What the flood may add to the server's resident memory at most. */
const RSS_BOUND_MIB = 64;
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

describe('a socket that floods frames', () => {
  it('is closed with 1008 after 50,000 tiny frames; memory stays flat, nothing is stored and others chat on', async () => {
    const { owner, room, members: [flooder] } = await roomWithMembers(servers.a.url, 1);
    const bystander = await joinedSocket(servers.a.url, room.slug, owner);
    const raw = await RawWebSocket.connect(servers.a.url, `/ws/rooms/${encodeURIComponent(room.slug)}/`, { Cookie: flooder!.cookie });
    // Fully set up (its frames are being handled) before the flood starts.
    await bystander.nextOf('presence', (event) => onlineOf(event).includes(flooder!.userId));
    const rssBefore = rssMiB(servers.a.pid);

    // Every frame a chat message, all in one write, as fast as the connection takes them.
    const frame = RawWebSocket.maskedFrame(0x81, Buffer.from(JSON.stringify({ action: 'chat', message: 'x' })));
    const floodStart = Date.now();
    raw.sendBytes(Buffer.concat(Array.from({ length: FLOOD }, () => frame)));
    await raw.waitFor((received) => received.opcode === 0x8, 10_000);
    expect(raw.closeCode()).toBe(1008);
    // No answer per frame: at most one RATE_LIMITED a second.
    const errors = raw.events().filter((event) => event.event === 'error');
    expect(errors.length).toBeLessThanOrEqual(Math.ceil((Date.now() - floodStart) / 1000));
    raw.destroy();

    // The room goes on for the others, on the same process.
    bystander.send({ action: 'chat', message: '홍수 뒤에도 잘 됩니다', client_id: 'after-flood' });
    const ack = await bystander.nextOf('ack', (event) => event.client_id === 'after-flood');
    expect(await bystander.nextOf('chat', (event) => event.id === ack.id)).toMatchObject({ message: '홍수 뒤에도 잘 됩니다' });
    await bystander.nextOf('user_left', (event) => event.userId === flooder!.userId);
    expect(rssMiB(servers.a.pid) - rssBefore).toBeLessThan(RSS_BOUND_MIB);
    expect(await db.message.count({ where: { roomId: room.id, userId: flooder!.userId, systemKind: null } })).toBe(0);
    expect(bystander.closeCode).toBeNull();
    bystander.close();
  });
});
