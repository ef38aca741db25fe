import bcrypt from 'bcrypt';
import type { Database } from '../db/prisma.js';
import { uniqueViolation } from '../db/errors.js';
import type { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';
import type { SignupInput } from './schemas.js';
import { BCRYPT_MAX_BYTES } from './schemas.js';
import { sessionUserSelect, type SessionUser } from './users.js';

const emailTaken = () => appError('EMAIL_TAKEN', { via: 'form' }, { field: 'email' });
const usernameTaken = () => appError('USERNAME_TAKEN', { via: 'form' }, { field: 'username' });

/** Field-specific conflicts, keyed by the unique index that refused the row. */
const CONFLICTS: Record<string, () => AppError> = {
  users_email_key: emailTaken,
  users_username_key: usernameTaken,
  users_display_name_key: () => appError('NICKNAME_TAKEN', undefined, { field: 'nickname' }),
};

/** Turns a unique-index violation on users into a 409 naming the field; rethrows the rest. */
export function userConflict(error: unknown): AppError {
  const index = uniqueViolation(error);
  const conflict = index ? CONFLICTS[index] : undefined;
  if (!conflict) throw error;
  return conflict();
}

export interface AccountService {
  signUp(input: SignupInput): Promise<SessionUser>;
  /** The user for these credentials, or null. Costs one bcrypt compare either way. */
  verifyCredentials(email: string, password: string): Promise<SessionUser | null>;
}

export function createAccountService({ db, bcryptCost }: { db: Database; bcryptCost: number }): AccountService {
  // Compared against when the email is unknown, so both cases take the same time.
  const dummyHash = bcrypt.hash('codingline-timing-equaliser', bcryptCost);

  return {
    async signUp(input) {
      // Refuse taken names before bcrypt: hashing first let repeated sign-ups with a taken
      // email keep bcrypt's threads busy for nothing. The unique indexes still settle races.
      await assertAvailable(db, input);
      const passwordHash = await bcrypt.hash(input.password, bcryptCost);
      try {
        return await db.user.create({
          data: { email: input.email, username: input.username, passwordHash },
          select: sessionUserSelect,
        });
      } catch (error) {
        throw userConflict(error);
      }
    },

    async verifyCredentials(email, password) {
      if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) return null;
      const user = await db.user.findUnique({ where: { email }, select: { ...sessionUserSelect, passwordHash: true } });
      const matches = await bcrypt.compare(password, user?.passwordHash ?? (await dummyHash));
      if (!user?.passwordHash || !matches) return null;
      const { passwordHash: _hash, ...sessionUser } = user;
      return sessionUser;
    },
  };
}

/**
 * 409 EMAIL_TAKEN or USERNAME_TAKEN when a user already has this email or username. One
 * query, compared by the database under the columns' own collation, as the unique indexes
 * compare them.
 */
async function assertAvailable(db: Database, { email, username }: Pick<SignupInput, 'email' | 'username'>): Promise<void> {
  const [taken] = await db.$queryRaw<{ email: unknown; username: unknown }[]>`
    SELECT MAX(email = ${email}) AS email, MAX(username = ${username}) AS username
    FROM users WHERE email = ${email} OR username = ${username}`;
  if (Number(taken?.email) === 1) throw emailTaken();
  if (Number(taken?.username) === 1) throw usernameTaken();
}
