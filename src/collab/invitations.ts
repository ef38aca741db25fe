import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A new invitation token: 192 random bits, URL-safe. */
export const newInviteToken = () => randomBytes(24).toString('base64url');

/** The invitation link of a token, as the owner shares it. */
export const invitePath = (token: string) => `/invite/${token}`;

/** Whether a given token is the room's current one (compared in constant time). */
export function inviteMatches(given: string | null | undefined, current: string | null): boolean {
  if (!given || !current) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(current);
  return a.length === b.length && timingSafeEqual(a, b);
}
