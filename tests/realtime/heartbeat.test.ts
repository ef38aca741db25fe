import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/context.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { closeCodeWithin, joinedSocket, roomWithMembers } from './helpers.js';

// Pings every 0.2 s: a client that stops answering is dropped, one that answers stays.
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess(testEnv({ WS_PING_SECONDS: '0.2' }));
});
afterAll(async () => {
  await server?.stop();
});

describe('WebSocket heartbeat', () => {
  it('drops a socket that stops answering pings and keeps one that answers', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(server.url, 1);
    const alive = await joinedSocket(server.url, room.slug, owner);
    const url = `${server.url.replace(/^http/, 'ws')}/ws/rooms/${encodeURIComponent(room.slug)}/`;
    const silent = new WebSocket(url, { headers: { Cookie: guest!.cookie }, autoPong: false });
    silent.on('error', () => {});
    await once(silent, 'open');
    let pings = 0;
    silent.on('ping', () => {
      pings += 1;
    });
    const [code] = (await once(silent, 'close')) as [number];
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(code).toBe(1006);
    // The answering socket saw the other user leave and is still open.
    await alive.nextOf('user_left', (event) => event.userId === guest!.userId);
    expect(alive.closeCode).toBeNull();
    alive.close();
    expect(await closeCodeWithin(alive, 2000)).toBe(1005);
  });
});
