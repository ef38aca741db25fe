import { describe, expect, it } from 'vitest';
import { FrameInbox } from '../../src/realtime/frame-inbox.js';
import { TokenBucket } from '../../src/realtime/token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst, then the rate, and never saves up more than the burst', () => {
    let clock = 0;
    const bucket = new TokenBucket(20, 40, () => clock);
    const taken = (count: number) => Array.from({ length: count }, () => bucket.take()).filter(Boolean).length;
    expect(taken(50)).toBe(40);
    clock += 500; // 10 tokens flow in
    expect(taken(20)).toBe(10);
    clock += 60_000; // a long pause refills to the burst, no further
    expect(taken(100)).toBe(40);
  });
});

/** A handler whose calls finish only when the test says so. */
function controlledHandler() {
  const handled: number[] = [];
  const pending: (() => void)[] = [];
  return {
    handled,
    handle: (frame: number) =>
      new Promise<void>((resolve) => {
        handled.push(frame);
        pending.push(resolve);
      }),
    /** Finishes the frame being handled and lets the inbox move on. */
    async finishOne() {
      pending.shift()?.();
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

function inbox(handle: (frame: number) => Promise<void>, options: { maxQueued?: number; rate?: number; burst?: number; now?: () => number } = {}) {
  const events = { overflows: 0, notices: 0, errors: [] as unknown[] };
  const box = new FrameInbox<number>({
    maxQueued: options.maxQueued ?? 5,
    ratePerSecond: options.rate ?? 1000,
    burst: options.burst ?? 1000,
    handle,
    onError: (error) => events.errors.push(error),
    onRateLimited: () => (events.notices += 1),
    onOverflow: () => (events.overflows += 1),
    now: options.now ?? (() => 0),
  });
  return { box, events };
}

describe('FrameInbox', () => {
  it('holds frames until started, then handles them one at a time, in order', async () => {
    const handler = controlledHandler();
    const { box } = inbox(handler.handle);
    box.push(1);
    box.push(2);
    expect(handler.handled).toEqual([]);
    box.start();
    box.push(3);
    expect(handler.handled).toEqual([1]);
    await handler.finishOne();
    expect(handler.handled).toEqual([1, 2]);
    await handler.finishOne();
    await handler.finishOne();
    expect(handler.handled).toEqual([1, 2, 3]);
  });

  it('closes on the frame beyond the queue limit, discarding what waits and ignoring what follows', async () => {
    const handler = controlledHandler();
    const { box, events } = inbox(handler.handle, { maxQueued: 5 });
    box.start();
    for (let frame = 1; frame <= 6; frame += 1) box.push(frame); // 1 is being handled, 2-6 wait
    expect(events.overflows).toBe(0);
    box.push(7);
    expect(events.overflows).toBe(1);
    expect(box.isStopped).toBe(true);
    for (let frame = 8; frame <= 1000; frame += 1) box.push(frame);
    await handler.finishOne();
    await handler.finishOne();
    expect(handler.handled).toEqual([1]);
    expect(events.overflows).toBe(1);
  });

  it('drops frames over the rate before handling them, with at most one notice a second', async () => {
    let clock = 0;
    const handled: number[] = [];
    const { box, events } = inbox(async (frame) => void handled.push(frame), { maxQueued: 100, rate: 2, burst: 3, now: () => clock });
    box.start();
    for (let frame = 1; frame <= 10; frame += 1) box.push(frame);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(handled).toEqual([1, 2, 3]);
    expect(events.notices).toBe(1);
    clock += 999;
    for (let frame = 11; frame <= 20; frame += 1) box.push(frame);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(handled).toEqual([1, 2, 3, 11]); // one token flowed in
    expect(events.notices).toBe(1);
    clock += 1;
    box.push(21);
    box.push(22);
    box.push(23);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(events.notices).toBe(2);
    expect(events.overflows).toBe(0);
  });

  it('reports a failed frame and goes on with the next', async () => {
    const handled: number[] = [];
    const { box, events } = inbox(async (frame) => {
      if (frame === 1) throw new Error('boom');
      handled.push(frame);
    });
    box.start();
    box.push(1);
    box.push(2);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(events.errors).toHaveLength(1);
    expect(handled).toEqual([2]);
  });
});
