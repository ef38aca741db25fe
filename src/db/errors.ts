import { Prisma } from '../generated/prisma/client.js';

/**
 * The one place Prisma error codes are read. Returns the violated unique index name
 * (e.g. `users_email_key`) for a P2002, else null; callers map it to a domain error and
 * rethrow everything else.
 */
export function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { index?: unknown } } } } | undefined;
  const index = meta?.driverAdapterError?.cause?.constraint?.index ?? meta?.target;
  return typeof index === 'string' ? index : 'unknown';
}
