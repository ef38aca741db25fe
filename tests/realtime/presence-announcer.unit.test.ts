import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomEvent } from '../../src/bus/events.js';
import { PresenceAnnouncer } from '../../src/realtime/presence-announcer.js';
import { silentLogger } from '../support/context.js';

const INTERVAL = 300;

function announcerWith(online: Map<number, number[]>) {
  const published: { roomId: number; event: RoomEvent }[] = [];
  const announcer = new PresenceAnnouncer({
    presence: { online: async (roomId) => [...(online.get(roomId) ?? [])] },
    bus: {
      toRoom: async (roomId, event) => {
        published.push({ roomId, event });
      },
    },
    logger: silentLogger,
    intervalMs: INTERVAL,
  });
  return { announcer, published };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PresenceAnnouncer', () => {
  it('announces a change in a quiet room at once', async () => {
    const { announcer, published } = announcerWith(new Map([[1, [7]]]));
    announcer.announce(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([{ roomId: 1, event: { event: 'presence', online: [7] } }]);
  });

  it('coalesces a burst into one trailing event with the list as it is at the end', async () => {
    const online = new Map([[1, [1]]]);
    const { announcer, published } = announcerWith(online);
    announcer.announce(1);
    for (let user = 2; user <= 20; user += 1) {
      online.set(1, [...online.get(1)!, user]);
      announcer.announce(1);
      await vi.advanceTimersByTimeAsync(10);
    }
    // 20 changes within ~200 ms: the first at once, the rest wait for the interval's end.
    expect(published).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(published).toHaveLength(2);
    expect(published.at(-1)!.event).toEqual({ event: 'presence', online: Array.from({ length: 20 }, (_, i) => i + 1) });
    // Nothing changed during the second interval: nothing more is sent.
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(published).toHaveLength(2);
  });

  it('sends at most one event per interval under a steady stream of changes', async () => {
    const { announcer, published } = announcerWith(new Map([[1, [1]]]));
    for (let tick = 0; tick < 100; tick += 1) {
      announcer.announce(1);
      await vi.advanceTimersByTimeAsync(20);
    }
    // 2 s of changes every 20 ms: one event per 300 ms (plus the first), not 100.
    expect(published.length).toBeLessThanOrEqual(Math.ceil(2000 / INTERVAL) + 1);
    expect(published.length).toBeGreaterThanOrEqual(Math.floor(2000 / INTERVAL));
  });

  it('keeps rooms apart', async () => {
    const { announcer, published } = announcerWith(new Map([[1, [1]], [2, [2]]]));
    announcer.announce(1);
    announcer.announce(2);
    announcer.announce(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(published.map(({ roomId }) => roomId)).toEqual([1, 2, 1]);
  });

  it('announces nothing after stop', async () => {
    const { announcer, published } = announcerWith(new Map([[1, [1]]]));
    announcer.announce(1);
    announcer.announce(1);
    announcer.stop();
    await vi.advanceTimersByTimeAsync(INTERVAL * 2);
    expect(published).toHaveLength(1);
  });
});
