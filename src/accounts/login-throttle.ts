import { appError } from '../errors/catalogue.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';

const WINDOW_SECONDS = 15 * 60;
const PER_ACCOUNT = 5;
const PER_IP = 20;

/**
 * Failed-login counting per account and per client IP, in the shared rate limiter so
 * every process agrees. `assertAllowed` runs before bcrypt, so a blocked attacker costs
 * no hashing.
 */
export function createLoginThrottle(limiter: RateLimiter) {
  const accountKey = (email: string) => `login:account:${email}`;
  const ipKey = (ip: string) => `login:ip:${ip}`;
  return {
    async assertAllowed(email: string, ip: string): Promise<void> {
      const [account, address] = await Promise.all([limiter.isBlocked(accountKey(email), PER_ACCOUNT), limiter.isBlocked(ipKey(ip), PER_IP)]);
      const blocked = [account, address].filter((result) => !result.allowed);
      if (blocked.length === 0) return;
      const seconds = Math.max(...blocked.map((result) => result.retryAfterSeconds));
      throw appError('TOO_MANY_ATTEMPTS', { of: 'login', seconds }, { retryAfterSeconds: seconds });
    },
    async recordFailure(email: string, ip: string): Promise<void> {
      await Promise.all([limiter.hit(accountKey(email), PER_ACCOUNT, WINDOW_SECONDS), limiter.hit(ipKey(ip), PER_IP, WINDOW_SECONDS)]);
    },
    async recordSuccess(email: string): Promise<void> {
      await limiter.reset(accountKey(email));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
