import { AppError } from '../http/errors.js';
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
      throw new AppError(429, 'TOO_MANY_ATTEMPTS', `로그인 시도가 너무 많습니다. ${Math.ceil(seconds / 60)}분 후에 다시 시도해 주세요.`, {
        retryAfterSeconds: seconds,
      });
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
