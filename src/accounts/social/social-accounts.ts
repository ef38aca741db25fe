import { randomInt } from 'node:crypto';
import { uniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/prisma.js';
import { appError } from '../../errors/catalogue.js';
import { userConflict } from '../account-service.js';
import { sessionUserSelect, type SessionUser } from '../users.js';
import type { PendingSocialProfile } from './pending.js';
import { usernameBase, type SocialProfile } from './profile.js';

const USERNAME_ATTEMPTS = 3;

export interface SocialSignupInput {
  nickname: string;
  /** The address typed on the form; only used when the provider gave none. */
  email?: string;
}

export interface SocialAccountService {
  /** The user linked to this provider account, or null. Refreshes the stored profile. */
  findLinkedUser(profile: SocialProfile): Promise<SessionUser | null>;
  isEmailTaken(email: string): Promise<boolean>;
  /**
   * Creates the user and its social account together, or nothing: EMAIL_TAKEN,
   * NICKNAME_TAKEN as 409 AppErrors. A second submit for an account that got linked
   * meanwhile (two tabs) returns the linked user instead of failing.
   */
  signUp(pending: PendingSocialProfile, input: SocialSignupInput): Promise<SessionUser>;
}

export function createSocialAccountService({ db }: { db: Database }): SocialAccountService {
  const linkedUser = (provider: PendingSocialProfile['provider'], providerUserId: string) =>
    db.socialAccount.findUnique({
      where: { provider_providerUserId: { provider, providerUserId } },
      select: { id: true, user: { select: sessionUserSelect } },
    });

  /** The first free of a few candidates; the unique index settles races. */
  async function freeUsername(base: string): Promise<string> {
    const candidates = [base, ...Array.from({ length: 4 }, () => `${base}_${randomInt(100000, 1000000)}`)];
    const taken = await db.user.findMany({ where: { username: { in: candidates } }, select: { username: true } });
    const takenSet = new Set(taken.map((row) => row.username));
    return candidates.find((candidate) => !takenSet.has(candidate)) ?? `${base}_${randomInt(100000, 1000000)}`;
  }

  const isEmailTaken = async (email: string) => (await db.user.count({ where: { email } })) > 0;

  return {
    isEmailTaken,

    async findLinkedUser(profile) {
      const account = await linkedUser(profile.provider, profile.providerUserId);
      if (!account) return null;
      await db.socialAccount.update({ where: { id: account.id }, data: { profile: profile.raw } });
      return account.user;
    },

    async signUp(pending, input) {
      // Another tab finished this signup already: that is the account to log in.
      const linked = await linkedUser(pending.provider, pending.providerUserId);
      if (linked) return linked.user;
      const email = pending.email ?? input.email;
      if (!email) throw new Error('social signup needs an email from the provider or the form');
      const emailField = pending.email ? 'form' : 'email';
      if (await isEmailTaken(email)) throw appError('EMAIL_TAKEN', { via: 'social' }, { field: emailField });
      const base = usernameBase(pending.provider, pending.providerUserId, input.nickname);

      for (let attempt = 1; ; attempt += 1) {
        const username = await freeUsername(base);
        try {
          // A nested create is one transaction: the user never exists without its link.
          return await db.user.create({
            data: {
              email,
              username,
              displayName: input.nickname,
              passwordHash: null,
              socialAccounts: {
                create: { provider: pending.provider, providerUserId: pending.providerUserId, profile: pending.raw },
              },
            },
            select: sessionUserSelect,
          });
        } catch (error) {
          const index = uniqueViolation(error);
          if (index === 'users_username_key') {
            if (attempt < USERNAME_ATTEMPTS) continue;
            throw appError('USERNAME_TAKEN', { via: 'social' }, { field: 'form' });
          }
          if (index === 'users_email_key') throw appError('EMAIL_TAKEN', { via: 'social' }, { field: emailField });
          if (index === 'social_accounts_provider_provider_user_id_key') {
            const linked = await linkedUser(pending.provider, pending.providerUserId);
            if (linked) return linked.user;
          }
          throw userConflict(error);
        }
      }
    },
  };
}
