import { appError } from '../errors/catalogue.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';

const WINDOW_SECONDS = 15 * 60;

/** Login attempts allowed per window (15 minutes), by what they are counted against. */
export const LOGIN_LIMITS = {
  /** One client address (an IPv6 /64) over all accounts: password spraying. */
  perAddress: 20,
  /** One account from one client address: guessing one password. */
  perAccountAndAddress: 5,
  /** One account from everywhere: guessing from many addresses. */
  perAccount: 50,
};

/**
 * Login attempts counted in the shared rate limiter, so every process agrees.
 *
 * Each attempt is counted *before* the database lookup and bcrypt, in one atomic step
 * over three counters (per address, per account and address, per account), so a burst
 * of parallel guesses cannot all pass a check that only later failures would close.
 *
 * Past the account-wide limit only addresses that already tried this account are
 * refused: an attacker guessing from elsewhere slows themselves down but never locks the
 * real owner out, whose first attempt from their own address always reaches the
 * password check. A success clears that account's counters and gives the address its
 * attempt back, so the address limit counts failures, not people logging in behind one
 * NAT.
 *
 * `email` is the canonical address (src/accounts/email.ts), `address` the client
 * address key (src/http/client-address.ts).
 */
export function createLoginThrottle(limiter: RateLimiter) {
  // One hash tag: a Redis Cluster counts the three in one script only when they share a slot.
  const keys = (email: string, address: string) => ({
    address: `{login}:ip:${address}`,
    pair: `{login}:account-ip:${email}|${address}`,
    account: `{login}:account:${email}`,
  });

  return {
    /** Counts this attempt; throws 429 TOO_MANY_ATTEMPTS when it must not reach the password check. */
    async attempt(email: string, address: string): Promise<void> {
      const key = keys(email, address);
      // In this order, stopping at the first refusal: an attempt refused for its address
      // does not count against the account (one noisy address cannot use up the account's
      // budget alone) and creates no per-account keys.
      const results = await limiter.hitAll(
        [
          { key: key.address, limit: LOGIN_LIMITS.perAddress, windowSeconds: WINDOW_SECONDS },
          { key: key.pair, limit: LOGIN_LIMITS.perAccountAndAddress, windowSeconds: WINDOW_SECONDS },
          { key: key.account, limit: LOGIN_LIMITS.perAccount, windowSeconds: WINDOW_SECONDS },
        ],
        { untilRefused: true },
      );
      const refusal = results.find((result) => !result.allowed);
      if (!refusal) return;
      const [, byPair, byAccount] = results;
      // Past the account-wide limit, an address's first attempt on the account still goes through.
      if (refusal === byAccount && byPair && byPair.count <= 1) return;
      const seconds = refusal.retryAfterSeconds;
      throw appError('TOO_MANY_ATTEMPTS', { of: 'login', seconds }, { retryAfterSeconds: seconds });
    },

    /** The password was right: this account starts afresh, and the address gets its attempt back. */
    async succeeded(email: string, address: string): Promise<void> {
      const key = keys(email, address);
      await Promise.all([limiter.reset(key.account), limiter.reset(key.pair), limiter.forgive(key.address)]);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
