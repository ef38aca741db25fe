import type { Rate } from '../config/config.js';
import { rateLimited, type TooOften } from '../errors/catalogue.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * The global ceiling of an action is this many times its per-address limit per window:
 * high enough that one busy network never reaches it, low enough that a botnet of fresh
 * addresses cannot make bcrypt (and the database) do unbounded work.
 */
export const GLOBAL_CEILING_FACTOR = 50;

/** Who an action is counted against besides everyone: `{ ip: '203.0.113.9' }`, `{ user: '7', ip: … }`. */
export type ActionSubjects = Record<string, string>;

/** Counts one action; throws 429 RATE_LIMITED (with Retry-After) when a counter is over its limit. */
export type ActionLimit = (subjects: ActionSubjects) => Promise<void>;

/**
 * A limit on an abusable action (`signup`, `room`): each call counts it once per subject
 * and then once globally, in one atomic step, before any expensive work (bcrypt) is done.
 * Counting stops at the first counter over its limit: a refused call still counts
 * against the subject that refused it (hammering does not shorten the wait), but one
 * address over its own limit cannot use up the global ceiling for everyone else.
 */
export function createActionLimit(limiter: RateLimiter, doing: TooOften, rate: Rate): ActionLimit {
  const { limit, windowSeconds } = rate;
  return async (subjects) => {
    // `{signup}:ip:…`, `{signup}:global`: one hash tag, so a Redis Cluster keeps them in one slot.
    const results = await limiter.hitAll([
      ...Object.entries(subjects).map(([kind, id]) => ({ key: `{${doing}}:${kind}:${id}`, limit, windowSeconds })),
      { key: `{${doing}}:global`, limit: limit * GLOBAL_CEILING_FACTOR, windowSeconds },
    ], { untilRefused: true });
    const refused = results.filter((result) => !result.allowed);
    if (refused.length === 0) return;
    throw rateLimited(doing, Math.max(...refused.map((result) => result.retryAfterSeconds)));
  };
}
