import { describe, expect, it } from 'vitest';
import { PRESENCE_INTERVAL_MS } from '../../src/realtime/presence-announcer.js';
import { HttpSession } from '../support/http-session.js';
import { TestSocket } from '../support/ws-client.js';
import { joinedSocket, onlineOf, useTwoServers } from './helpers.js';

const servers = useTwoServers();
const ARRIVALS = 20;

describe('presence when many arrive at once', () => {
  it('sends an observer a few presence lists, not one per socket, and the last one complete', async () => {
    const owner = await HttpSession.signUp(servers.b.url);
    const room = await owner.createRoom({ capacity: '30' });
    const people = await Promise.all(
      Array.from({ length: ARRIVALS }, async () => {
        const person = await HttpSession.signUp(servers.a.url);
        expect((await person.enter(room.slug)).status).toBe(200);
        return person;
      }),
    );
    const everyone = [owner, ...people].map((person) => person.userId).sort((x, y) => x - y);
    const observer = await joinedSocket(servers.b.url, room.slug, owner);
    const seenBefore = observer.events.length;

    // All at once on process A; the observer is on B.
    const started = Date.now();
    const sockets = await Promise.all(people.map((person) => TestSocket.open(servers.a.url, room.slug, { cookie: person.cookie })));
    await observer.nextOf('presence', (event) => onlineOf(event).length === everyone.length, 10_000);
    const elapsed = Date.now() - started;
    // Arrivals are still announced one by one.
    await Promise.all(people.map((person) => observer.nextOf('user_joined', (event) => (event.user as { id: number }).id === person.userId)));

    const burst = observer.events.slice(seenBefore);
    const lists = burst.filter((event) => event.event === 'presence').map(onlineOf);
    // One at once, then at most one per interval while arrivals go on (one socket each before).
    expect(lists.length).toBeLessThanOrEqual(2 + Math.ceil(elapsed / PRESENCE_INTERVAL_MS));
    expect(lists.length).toBeLessThan(ARRIVALS / 2);
    // A's lists are read when they are sent, in order: once one is complete, the rest are too.
    expect(lists.at(-1)).toEqual(everyone);
    expect(burst.filter((event) => event.event === 'user_joined')).toHaveLength(ARRIVALS);
    for (const socket of [observer, ...sockets]) socket.close();
  });
});
