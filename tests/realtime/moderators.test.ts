import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import type { TestSocket } from '../support/ws-client.js';
import { closeCodeWithin, joinedSocket, roomWithMembers, useTwoServers } from './helpers.js';

// Moderators (부방장) through the real endpoints and sockets, on two processes.
const db = testDatabase();
const servers = useTwoServers();
afterAll(() => db.$disconnect());

const path = (slug: string, action: string) => `/rooms/${encodeURIComponent(slug)}/${action}/`;

async function chatOf(socket: TestSocket, text: string): Promise<number> {
  socket.send({ action: 'chat', message: text });
  return (await socket.nextOf('chat', (event) => event.message === text)).id as number;
}

describe('moderators across processes', () => {
  it('appoints a moderator live, who then kicks a member and deletes their message, and nothing more', async () => {
    const { owner, room, members: [mod, member] } = await roomWithMembers(servers.a.url, 2);
    const ownerOnA = await joinedSocket(servers.a.url, room.slug, owner);
    const modOnB = await joinedSocket(servers.b.url, room.slug, mod!);
    const memberOnA = await joinedSocket(servers.a.url, room.slug, member!);

    expect((await mod!.post(path(room.slug, 'moderators'), { user_id: String(member!.userId) })).status).toBe(403);
    const appointed = await owner.post(path(room.slug, 'moderators'), { user_id: String(mod!.userId) });
    expect(appointed.status).toBe(200);
    expect(await appointed.json()).toEqual({ ok: true, next: `/rooms/${encodeURIComponent(room.slug)}/` });
    for (const socket of [ownerOnA, modOnB, memberOnA]) {
      expect(await socket.nextOf('role_changed')).toEqual({ event: 'role_changed', userId: mod!.userId, role: 'moderator' });
    }

    // The moderator removes a member's message (on the other process) but not the owner's.
    const membersChat = await chatOf(memberOnA, '광고 글');
    const ownersChat = await chatOf(ownerOnA, '공지 대신');
    modOnB.send({ action: 'delete', id: ownersChat });
    expect(await modOnB.nextOf('error')).toMatchObject({ event: 'error', code: 'FORBIDDEN' });
    modOnB.send({ action: 'delete', id: membersChat });
    expect(await ownerOnA.nextOf('delete', (event) => event.id === membersChat)).toMatchObject({ event: 'delete', id: membersChat });

    // Owner-only powers answer FORBIDDEN with a Korean message.
    const transfer = await mod!.post(path(room.slug, 'transfer'), { user_id: String(member!.userId) });
    expect(transfer.status).toBe(403);
    expect(await transfer.json()).toMatchObject({ ok: false, code: 'FORBIDDEN', error: expect.stringContaining('방장') });
    expect((await mod!.post(path(room.slug, 'kick'), { user_id: String(owner.userId) })).status).toBe(403);

    // The kick closes the member's socket on process A at once.
    expect((await mod!.post(path(room.slug, 'kick'), { user_id: String(member!.userId) })).status).toBe(200);
    expect(await closeCodeWithin(memberOnA, 1500)).toBe(4403);
    expect(await ownerOnA.nextOf('member_kicked')).toEqual({ event: 'member_kicked', userId: member!.userId, by: mod!.userId });

    const removed = await owner.post(path(room.slug, 'moderators/remove'), { user_id: String(mod!.userId) });
    expect(removed.status).toBe(200);
    expect(await modOnB.nextOf('role_changed', (event) => event.role === 'member')).toEqual({ event: 'role_changed', userId: mod!.userId, role: 'member' });
    expect((await mod!.post(path(room.slug, 'unban'), { user_id: String(member!.userId) })).status).toBe(403);
    ownerOnA.close();
    modOnB.close();
  });

  it('answers bad input with a clear JSON error', async () => {
    const { owner, room } = await roomWithMembers(servers.b.url, 0);
    const bad = await owner.post(path(room.slug, 'moderators'), { user_id: 'abc' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    const missing = await owner.post(path(room.slug, 'moderators/remove'), { user_id: '999999999' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
  });
});
