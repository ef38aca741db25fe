import type { Prisma } from '../generated/prisma/client.js';
import { messageGrams } from './search-text.js';

type Tx = Prisma.TransactionClient;

/**
 * The gram index is laid out by time first: its key is (room, bucket, gram, seq), a bucket
 * being 2^14 = 16,384 consecutive messages of the room. New messages' grams all land in the
 * room's newest bucket, about 16 MB that stays in the buffer pool. Keyed by gram first,
 * every gram's posting list would end on a page of its own (16,000 of them in the
 * benchmark's room), so each insert touched a cold page per rare gram. Smaller buckets make
 * inserts no cheaper but searches dearer: a search reads one short range per bucket. The
 * measurements are in the README (Search).
 */
export const BUCKET_BITS = 14;

/** The bucket of a room's message number. */
export const bucketOf = (seq: number) => seq >> BUCKET_BITS;

/**
 * Keeps a changed message's search grams right, inside the transaction that changes it:
 * the grams of the old text that the new one lacks go, the new ones come (none for a
 * deleted message). A gram already there is kept as it is.
 */
export async function replaceGrams(tx: Tx, { roomId, seq, from, to }: { roomId: number; seq: number; from: string | null; to: string | null }): Promise<void> {
  const before = new Set(from === null ? [] : messageGrams(from));
  const after = new Set(to === null ? [] : messageGrams(to));
  const gone = [...before].filter((gram) => !after.has(gram));
  const added = [...after].filter((gram) => !before.has(gram));
  const bucket = bucketOf(seq);
  if (gone.length > 0) await tx.messageGram.deleteMany({ where: { roomId, bucket, seq, gram: { in: gone } } });
  if (added.length > 0) await tx.messageGram.createMany({ data: added.map((gram) => ({ roomId, bucket, gram, seq })), skipDuplicates: true });
}
