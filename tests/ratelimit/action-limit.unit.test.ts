import { describe, expect, it } from 'vitest';
import { createActionLimit, GLOBAL_CEILING_FACTOR } from '../../src/ratelimit/action-limit.js';
import { createMemoryRateLimiter } from '../../src/ratelimit/rate-limiter.js';

const outcome = (promise: Promise<void>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string; details?: { retryAfterSeconds?: number } }) => `${error.code} ${error.details?.retryAfterSeconds}`,
  );

describe('createActionLimit', () => {
  it('counts per subject and refuses past the limit with the time left in the window', async () => {
    let now = 0;
    const countRoom = createActionLimit(createMemoryRateLimiter(() => now), 'room', { limit: 2, windowSeconds: 600 });
    expect(await outcome(countRoom({ user: '1', ip: '10.0.0.1' }))).toBe('ok');
    now += 100_000;
    expect(await outcome(countRoom({ user: '1', ip: '10.0.0.2' }))).toBe('ok');
    // The same user from a third address: the per-user counter is full.
    expect(await outcome(countRoom({ user: '1', ip: '10.0.0.3' }))).toBe('RATE_LIMITED 500');
    // Another user on an address that made one room: still allowed once.
    expect(await outcome(countRoom({ user: '2', ip: '10.0.0.1' }))).toBe('ok');
    expect(await outcome(countRoom({ user: '3', ip: '10.0.0.1' }))).toBe('RATE_LIMITED 500');
    now += 600_000;
    expect(await outcome(countRoom({ user: '1', ip: '10.0.0.3' }))).toBe('ok');
  });

  it('has a global ceiling of 50 times the per-address limit', async () => {
    const countSignup = createActionLimit(createMemoryRateLimiter(), 'signup', { limit: 2, windowSeconds: 3600 });
    const outcomes = [];
    for (let i = 0; i < 2 * GLOBAL_CEILING_FACTOR + 1; i += 1) outcomes.push(await outcome(countSignup({ ip: `10.0.${i >> 8}.${i & 255}` })));
    expect(outcomes.filter((result) => result === 'ok')).toHaveLength(2 * GLOBAL_CEILING_FACTOR);
    expect(outcomes.at(-1)).toMatch(/^RATE_LIMITED /);
  });
});
