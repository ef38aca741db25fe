import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { TestSocket } from '../support/ws-client.js';
import { closeCodeWithin, joinedSocket, roomWithMembers, useTwoServers } from './helpers.js';

const db = testDatabase();
// The default session re-check (30 s) stays: closes seen here come from the events themselves.
const servers = useTwoServers();
afterAll(() => db.$disconnect());

const path = (slug: string, action: string) => `/rooms/${encodeURIComponent(slug)}/${action}/`;

describe('moderation reaches every process', () => {
  it('closes all of a kicked user\'s sockets with 4403 at once, on both processes', async () => {
    const { owner, room, members: [kicked, witness] } = await roomWithMembers(servers.a.url, 2);
    const kickedOnA = await joinedSocket(servers.a.url, room.slug, kicked!);
    const kickedOnB = await joinedSocket(servers.b.url, room.slug, kicked!);
    const ownerOnA = await joinedSocket(servers.a.url, room.slug, owner);
    const witnessOnB = await joinedSocket(servers.b.url, room.slug, witness!);

    const res = await owner.post(path(room.slug, 'kick'), { user_id: String(kicked!.userId) });
    expect(res.status).toBe(200);
    const [codeA, codeB] = await Promise.all([closeCodeWithin(kickedOnA, 1500), closeCodeWithin(kickedOnB, 1500)]);
    expect([codeA, codeB]).toEqual([4403, 4403]);
    // They were told why before the close.
    expect(kickedOnB.events).toContainEqual({ event: 'member_kicked', userId: kicked!.userId, by: owner.userId });

    for (const socket of [ownerOnA, witnessOnB]) {
      expect(await socket.nextOf('member_kicked')).toEqual({ event: 'member_kicked', userId: kicked!.userId, by: owner.userId });
      await socket.nextOf('user_left', (event) => event.userId === kicked!.userId);
      expect(socket.closeCode).toBeNull();
    }
    expect(await db.roomMember.findUniqueOrThrow({ where: { roomId_userId: { roomId: room.id, userId: kicked!.userId } } })).toMatchObject({ isBanned: true });

    // The room goes on for the others; the banned user cannot come back.
    ownerOnA.send({ action: 'chat', message: '정리했습니다' });
    await witnessOnB.nextOf('chat', (event) => event.message === '정리했습니다');
    const back = await TestSocket.open(servers.b.url, room.slug, { cookie: kicked!.cookie });
    expect(await back.closed).toBe(4403);
    ownerOnA.close();
    witnessOnB.close();
  });

  it('tells everyone on both processes about an ownership transfer', async () => {
    const { owner, room, members: [heir, other] } = await roomWithMembers(servers.b.url, 2);
    const sockets = [
      await joinedSocket(servers.a.url, room.slug, owner),
      await joinedSocket(servers.b.url, room.slug, heir!),
      await joinedSocket(servers.a.url, room.slug, other!),
      await joinedSocket(servers.b.url, room.slug, other!),
    ];
    const res = await owner.post(path(room.slug, 'transfer'), { user_id: String(heir!.userId) });
    expect(res.status).toBe(200);
    for (const socket of sockets) {
      expect(await socket.nextOf('owner_changed', () => true, 1500)).toEqual({ event: 'owner_changed', ownerId: heir!.userId, previousOwnerId: owner.userId });
    }
    // The new owner's controls work at once: kicking the former owner, whose socket is on A.
    expect((await heir!.post(path(room.slug, 'kick'), { user_id: String(owner.userId) })).status).toBe(200);
    expect(await closeCodeWithin(sockets[0]!, 1500)).toBe(4403);
    for (const socket of sockets.slice(1)) socket.close();
  });

  it('closes the sockets of a session that logs out, on both processes, and only those', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(servers.a.url, 1);
    const ownerOnA = await joinedSocket(servers.a.url, room.slug, owner);
    const ownerOnB = await joinedSocket(servers.b.url, room.slug, owner);
    const guestOnB = await joinedSocket(servers.b.url, room.slug, guest!);

    const res = await owner.post('/logout', {});
    expect(res.status).toBe(200);
    const codes = await Promise.all([closeCodeWithin(ownerOnA, 1500), closeCodeWithin(ownerOnB, 1500)]);
    expect(codes).toEqual([4001, 4001]);
    await guestOnB.nextOf('user_left', (event) => event.userId === owner.userId);
    expect(guestOnB.closeCode).toBeNull();
    guestOnB.close();
  });
});
