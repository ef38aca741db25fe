import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testEnv } from '../support/context.js';
import { HttpSession } from '../support/http-session.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/ws-client.js';

const db = testDatabase();
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess(testEnv());
});
afterAll(async () => {
  await server?.stop();
  await db.$disconnect();
});

describe('chat over the WebSocket (one process)', () => {
  it('stores a message before broadcasting it to everyone in the room, and acks the sender', async () => {
    const owner = await HttpSession.signUp(server.url);
    const guest = await HttpSession.signUp(server.url);
    const room = await owner.createRoom();
    expect((await guest.enter(room.slug)).status).toBe(200);

    const ownerSocket = await TestSocket.open(server.url, room.slug, { cookie: owner.cookie });
    const guestSocket = await TestSocket.open(server.url, room.slug, { cookie: guest.cookie });
    await ownerSocket.nextOf('presence', (event) => (event.online as number[]).length === 2);

    ownerSocket.send({ action: 'chat', message: '  안녕하세요 <b>  ', client_id: 'c-1' });
    const received = await guestSocket.nextOf('chat');
    expect(received).toMatchObject({ message: '안녕하세요 <b>', user: { id: owner.userId, name: owner.name } });
    const stored = await db.message.findUniqueOrThrow({ where: { id: received.id as number } });
    expect(stored).toMatchObject({ content: '안녕하세요 <b>', roomId: room.id, userId: owner.userId, clientId: 'c-1' });
    expect(await ownerSocket.nextOf('ack')).toEqual({ event: 'ack', client_id: 'c-1', id: received.id });

    ownerSocket.close();
    guestSocket.close();
  });
});
