import type { Database } from '../db/prisma.js';
import { Prisma } from '../generated/prisma/client.js';
import { messageWithReactionsSelect, toTimelineEntry } from './message-events.js';
import type { HistoryPage } from './message-store.js';
import { BUCKET_BITS, bucketOf } from './search-index.js';
import { normalizeForSearch, queryGrams } from './search-text.js';

export const SEARCH_PAGE_SIZE = 50;
/** Postings counted per gram to find the rarest; beyond this a gram is simply "common". */
const RARITY_CAP = 2000;
/** Grams besides the rarest that candidates must also have (checked in the index). */
const PROBES_MAX = 6;
/** Candidates read per statement: few first (most queries fill a page at once), more after. */
const FIRST_ROUND = 64;
const LARGEST_ROUND = 4096;
/** Buckets one statement looks in (256 × 16,384 messages): bounds the statement's size. */
const WINDOW_BUCKETS = 256;
/** Newest buckets whose postings rank the grams by rarity (a sample: one short range per gram and bucket). */
const SAMPLE_BUCKETS = 2;

interface Candidate {
  id: number;
  seq: number;
  content: string | null;
}

/** Buckets `top` down to `bottom`, newest first. */
interface Window {
  top: number;
  bottom: number;
}
const windowBelow = (upTo: number, size = WINDOW_BUCKETS): Window => ({ top: bucketOf(upTo), bottom: Math.max(0, bucketOf(upTo) - size + 1) });
const bucketsOf = ({ top, bottom }: Window) => Prisma.join(Array.from({ length: top - bottom + 1 }, (_, index) => top - index));

/**
 * Search in a room's history through the gram index (message_grams, written with every
 * message; see search-text.ts and search-index.ts). The query's grams narrow the room to
 * the messages that have all of them: the rarest gram's postings are read newest first
 * and each is kept only when the message also has the next rarest grams (primary-key
 * look-ups). Every candidate is then checked against its real text, normalised like the
 * query, so grams in another order, or split across words, are not hits. Deleted messages
 * have no grams and are excluded again here. Room access is checked by the callers.
 */
export function createMessageSearch({ db }: { db: Database }) {
  async function search({ roomId, viewerId, query, before }: { roomId: number; viewerId: number; query: string; before?: number | undefined }): Promise<HistoryPage> {
    const needle = normalizeForSearch(query);
    const grams = queryGrams(query);
    let upTo = await lastSeqBefore(roomId, before);
    if (grams.length === 0 || upTo === null) return { messages: [], nextBefore: null };
    const [driver, ...others] = await byRarity(roomId, grams, upTo);
    if (!driver) return { messages: [], nextBefore: null };
    const probes = others.slice(0, PROBES_MAX).map((entry) => entry.gram);

    const hits: Candidate[] = [];
    let round = FIRST_ROUND;
    while (hits.length <= SEARCH_PAGE_SIZE && upTo > 0) {
      const window = windowBelow(upTo);
      const rows = await candidates(roomId, { driver: driver.gram, probes }, upTo, window, round);
      for (const row of rows) if (row.content !== null && normalizeForSearch(row.content).includes(needle)) hits.push(row);
      const last = rows.at(-1);
      // A short answer: this window has no more; go on below it.
      upTo = rows.length === round && last ? last.seq - 1 : (window.bottom << BUCKET_BITS) - 1;
      round = Math.min(round * 4, LARGEST_ROUND);
    }
    const page = hits.slice(0, SEARCH_PAGE_SIZE);
    const rows = await db.message.findMany({ where: { roomId, id: { in: page.map((hit) => hit.id) } }, orderBy: { id: 'desc' }, select: messageWithReactionsSelect });
    return { messages: rows.map((row) => toTimelineEntry(row, viewerId)), nextBefore: hits.length > SEARCH_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null };
  }

  /**
   * The sequence number of the newest message below `before` (ids and numbers grow
   * together within a room: both are taken under the room's row lock); null when none.
   */
  async function lastSeqBefore(roomId: number, before: number | undefined): Promise<number | null> {
    if (before === undefined) {
      const room = await db.room.findUnique({ where: { id: roomId }, select: { lastSeq: true } });
      return room ? room.lastSeq : null;
    }
    const [row] = await db.$queryRaw<{ seq: number }[]>`SELECT seq FROM messages WHERE room_id = ${roomId} AND id < ${before} ORDER BY id DESC LIMIT 1`;
    return row ? Number(row.seq) : null;
  }

  /**
   * The grams, rarest first, each with its postings up to `upTo` in the newest buckets (a
   * sample of the room's recent messages) counted up to RARITY_CAP: one statement.
   */
  async function byRarity(roomId: number, grams: number[], upTo: number): Promise<{ gram: number; count: number }[]> {
    if (grams.length === 1) return [{ gram: grams[0] ?? 0, count: 1 }];
    const buckets = bucketsOf(windowBelow(upTo, SAMPLE_BUCKETS));
    const counts = grams.map(
      (gram, index) =>
        Prisma.sql`(SELECT COUNT(*) FROM (SELECT 1 FROM message_grams WHERE room_id = ${roomId} AND bucket IN (${buckets}) AND gram = ${gram} AND seq <= ${upTo} LIMIT ${RARITY_CAP}) AS postings) AS ${Prisma.raw(`c${index}`)}`,
    );
    const [row] = await db.$queryRaw<Record<string, bigint | number>[]>`SELECT ${Prisma.join(counts)}`;
    return grams.map((gram, index) => ({ gram, count: Number(row?.[`c${index}`] ?? 0) })).sort((a, b) => a.count - b.count);
  }

  /**
   * Up to `limit` messages numbered `upTo` or lower in the window's buckets, newest first,
   * having the driver gram and every probe gram, not deleted. The IN list of buckets makes
   * one short range per bucket, read backwards in key order (no sort); STRAIGHT_JOIN keeps
   * the driver first and makes each probe a primary-key look-up.
   */
  async function candidates(roomId: number, grams: { driver: number; probes: number[] }, upTo: number, window: Window, limit: number): Promise<Candidate[]> {
    const joins = grams.probes.map((gram, index) => {
      const alias = Prisma.raw(`p${index}`);
      return Prisma.sql`STRAIGHT_JOIN message_grams AS ${alias} ON ${alias}.room_id = g.room_id AND ${alias}.bucket = g.bucket AND ${alias}.gram = ${gram} AND ${alias}.seq = g.seq`;
    });
    const rows = await db.$queryRaw<Candidate[]>`
      SELECT m.id, m.seq, m.content
      FROM message_grams AS g
      ${joins.length > 0 ? Prisma.join(joins, ' ') : Prisma.empty}
      STRAIGHT_JOIN messages AS m ON m.room_id = g.room_id AND m.seq = g.seq
      WHERE g.room_id = ${roomId} AND g.bucket IN (${bucketsOf(window)}) AND g.gram = ${grams.driver} AND g.seq <= ${upTo} AND m.deleted_at IS NULL
      ORDER BY g.bucket DESC, g.seq DESC
      LIMIT ${limit}`;
    return rows.map((row) => ({ id: Number(row.id), seq: Number(row.seq), content: row.content }));
  }

  return { search };
}

export type MessageSearch = ReturnType<typeof createMessageSearch>;
