import { describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../support/ws-client.js';
import { joinedSocket, onlineOf, roomWithMembers, useTwoServers } from './helpers.js';

// Presence entries live 1 s unless refreshed (every ~0.33 s by a live process).
const servers = useTwoServers({ PRESENCE_TTL_SECONDS: '1' });

const sorted = (ids: number[]) => [...ids].sort((x, y) => x - y);

// The tests run in order: the last one kills process B.
describe('presence across processes', () => {
  it('shows users connected on either process to sockets on both, with joins and departures', async () => {
    const { owner, room, members: [guest, visitor] } = await roomWithMembers(servers.a.url, 2);
    const ownerOnA = await joinedSocket(servers.a.url, room.slug, owner);
    const guestOnB = await joinedSocket(servers.b.url, room.slug, guest!);
    const both = sorted([owner.userId, guest!.userId]);

    for (const socket of [ownerOnA, guestOnB]) {
      await socket.nextOf('presence', (event) => onlineOf(event).length === 2);
      expect(onlineOf(socket.events.findLast((event) => event.event === 'presence')!)).toEqual(both);
    }
    const joinedId = (event: ReceivedEvent) => (event.user as { id: number }).id;
    expect(await ownerOnA.nextOf('user_joined', (event) => joinedId(event) === guest!.userId)).toMatchObject({ user: { name: guest!.name } });

    // A second socket of an online user is not a new arrival.
    const guestOnA = await joinedSocket(servers.a.url, room.slug, guest!);
    const visitorOnB = await joinedSocket(servers.b.url, room.slug, visitor!);
    await ownerOnA.nextOf('user_joined', (event) => joinedId(event) === visitor!.userId);
    const arrivals = ownerOnA.events.filter((event) => event.event === 'user_joined').map(joinedId);
    expect(arrivals).toEqual([owner.userId, guest!.userId, visitor!.userId]);

    // Closing one of two sockets keeps the user online; closing the last one makes them leave.
    guestOnA.close();
    await guestOnA.closed;
    visitorOnB.close();
    await ownerOnA.nextOf('user_left', (event) => event.userId === visitor!.userId);
    await guestOnB.nextOf('presence', (event) => !onlineOf(event).includes(visitor!.userId) && onlineOf(event).length === 2);
    expect(ownerOnA.events.some((event) => event.event === 'user_left' && event.userId === guest!.userId)).toBe(false);

    ownerOnA.close();
    guestOnB.close();
  });

  it('drops the users of a killed process from presence within the TTL', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(servers.a.url, 1);
    const ownerOnA = await joinedSocket(servers.a.url, room.slug, owner);
    const guestOnB = await joinedSocket(servers.b.url, room.slug, guest!);
    await ownerOnA.nextOf('presence', (event) => onlineOf(event).includes(guest!.userId));

    // SIGKILL: no close frames, no presence exit, no user_left from B itself.
    await servers.b.stop('SIGKILL');
    const killedAt = Date.now();
    await guestOnB.closed;
    expect(await ownerOnA.nextOf('user_left', (event) => event.userId === guest!.userId, 3000)).toEqual({ event: 'user_left', userId: guest!.userId });
    // TTL 1 s plus one sweep interval, with room for a slow machine.
    expect(Date.now() - killedAt).toBeLessThan(2500);
    const after = await ownerOnA.nextOf('presence', (event) => !onlineOf(event).includes(guest!.userId));
    expect(onlineOf(after)).toEqual([owner.userId]);
    expect(ownerOnA.closeCode).toBeNull();
    ownerOnA.close();
  });
});
