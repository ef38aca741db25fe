import { suggestNickname, type SocialProfile } from './profile.js';

/**
 * A provider account that signed in but is linked to no user yet, waiting on the social
 * signup page. Only what that page and the account creation need: no tokens.
 */
export interface PendingSocialProfile {
  provider: SocialProfile['provider'];
  providerUserId: string;
  email?: string;
  /** The provider's nickname when it is usable as ours; the form's default. */
  nickname?: string;
  raw: SocialProfile['raw'];
}

declare module 'express-session' {
  interface SessionData {
    /** Where to go once the social login (started anonymously) completes. */
    socialNext: string;
    pendingSocial: PendingSocialProfile;
  }
}

/** The pending form of a fresh profile: the nickname becomes a usable suggestion or nothing. */
export function toPending(profile: SocialProfile): PendingSocialProfile {
  const nickname = suggestNickname(profile.nickname);
  return {
    provider: profile.provider,
    providerUserId: profile.providerUserId,
    ...(profile.email ? { email: profile.email } : {}),
    ...(nickname ? { nickname } : {}),
    raw: profile.raw,
  };
}
