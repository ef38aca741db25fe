import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSequence, GAP_TIMEOUT_MS } from '../../../src/client/room/sequence.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the page\'s sequence numbers', () => {
  it('counts up to the highest number with every one before it, whatever order they came in', () => {
    const sequence = createSequence(10);
    sequence.seen(12);
    expect(sequence.upTo()).toBe(10);
    sequence.seen(11);
    sequence.seen(11);
    expect(sequence.upTo()).toBe(12);
  });

  it('asks to catch up once when a gap stays open, and not when the missing number arrives in time', () => {
    const stuck = vi.fn();
    const sequence = createSequence(0, stuck);
    sequence.seen(1);
    sequence.seen(3);
    vi.advanceTimersByTime(GAP_TIMEOUT_MS - 1);
    sequence.seen(2);
    vi.advanceTimersByTime(GAP_TIMEOUT_MS);
    expect(stuck).not.toHaveBeenCalled();

    // Number 4 was stored, but its process died before publishing it.
    sequence.seen(5);
    sequence.seen(6);
    vi.advanceTimersByTime(GAP_TIMEOUT_MS);
    expect(stuck).toHaveBeenCalledTimes(1);
    expect(sequence.upTo()).toBe(3);
    // The replay after the reconnect fills the gap.
    sequence.seen(4);
    expect(sequence.upTo()).toBe(6);
    vi.advanceTimersByTime(GAP_TIMEOUT_MS * 2);
    expect(stuck).toHaveBeenCalledTimes(1);
  });
});
