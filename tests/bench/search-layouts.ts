// `npm run bench:search -- --compare-layouts`: the index as it is, keyed (room, bucket,
// gram, seq), against the plain posting table keyed (room, gram, seq), in the same room at
// the same time: a copy of the grams in the second layout, the query set searched by the
// same algorithm without buckets, and gram INSERTs of new messages into each, alternating,
// so that whatever else runs on the machine weighs on both alike.
import type { RowDataPacket } from 'mysql2/promise';
import type { SqlPool } from '../../src/db/sql-pool.js';
import { bucketOf } from '../../src/messages/search-index.js';
import { messageGrams, normalizeForSearch, queryGrams } from '../../src/messages/search-text.js';
import { createTextGenerator } from './korean-text.js';

const SEQ_SPACE = 2 ** 21;
const PAGE = 50;

/** Copies the room's grams into `message_grams_by_gram` (room, gram, seq), inserted in key order. */
export async function fillGramMajor(pool: SqlPool, roomId: number, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  await pool.query('DROP TABLE IF EXISTS message_grams_by_gram');
  await pool.query('CREATE TABLE message_grams_by_gram (room_id INT NOT NULL, gram INT NOT NULL, seq INT NOT NULL, PRIMARY KEY (room_id, gram, seq))');
  let keys = new Float64Array(1 << 24);
  let count = 0;
  for (let after = 0; ; ) {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT seq, content FROM messages WHERE room_id = ? AND seq > ? AND content IS NOT NULL ORDER BY seq LIMIT 50000', [roomId, after]);
    if (rows.length === 0) break;
    for (const row of rows) {
      for (const gram of messageGrams(String(row.content))) {
        if (count === keys.length) {
          const larger = new Float64Array(keys.length * 2);
          larger.set(keys);
          keys = larger;
        }
        keys[count++] = (gram + 2 ** 31) * SEQ_SPACE + Number(row.seq);
      }
    }
    after = Number(rows.at(-1)?.seq);
  }
  const sorted = keys.subarray(0, count).sort();
  const insert = async (from: number, to: number) => {
    for (let at = from; at < to; at += 10_000) {
      const rows: number[][] = [];
      for (let index = at; index < Math.min(to, at + 10_000); index += 1) {
        const key = sorted[index] ?? 0;
        rows.push([roomId, Math.floor(key / SEQ_SPACE) - 2 ** 31, key % SEQ_SPACE]);
      }
      await pool.query('INSERT INTO message_grams_by_gram (room_id, gram, seq) VALUES ?', [rows]);
    }
  };
  await Promise.all([insert(0, count >> 1), insert(count >> 1, count)]);
  log(`the same ${count.toLocaleString('en')} grams keyed (room, gram, seq) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The search of src/messages/search.ts on the gram-major copy: the rarest gram over the
 * whole room drives, the next rarest are probed, candidates verified; ids only.
 */
export async function searchGramMajor(pool: SqlPool, roomId: number, query: string, before?: number): Promise<number[]> {
  const needle = normalizeForSearch(query);
  const grams = queryGrams(query);
  const [bound] = await pool.query<RowDataPacket[]>('SELECT seq FROM messages WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT 1', [roomId, before ?? 2_147_483_647]);
  let upTo = Number(bound[0]?.seq ?? 0);
  let ranked = grams;
  if (grams.length > 1) {
    const [counts] = await pool.query<RowDataPacket[]>(
      `SELECT ${grams.map((_, index) => `(SELECT COUNT(*) FROM (SELECT 1 FROM message_grams_by_gram WHERE room_id = ? AND gram = ? AND seq <= ? LIMIT 2000) AS t) AS c${index}`).join(', ')}`,
      grams.flatMap((gram) => [roomId, gram, upTo]),
    );
    ranked = grams.map((gram, index) => ({ gram, count: Number(counts[0]?.[`c${index}`]) })).sort((a, b) => a.count - b.count).map((entry) => entry.gram);
  }
  const [driver, ...probes] = ranked;
  const hits: number[] = [];
  for (let round = 64; hits.length <= PAGE && upTo > 0; round = Math.min(round * 4, 4096)) {
    const joins = probes.slice(0, 6).map((gram, index) => `STRAIGHT_JOIN message_grams_by_gram AS p${index} ON p${index}.room_id = g.room_id AND p${index}.gram = ${gram} AND p${index}.seq = g.seq`);
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT m.id, m.seq, m.content FROM message_grams_by_gram AS g ${joins.join(' ')} STRAIGHT_JOIN messages AS m ON m.room_id = g.room_id AND m.seq = g.seq
       WHERE g.room_id = ? AND g.gram = ? AND g.seq <= ? AND m.deleted_at IS NULL ORDER BY g.seq DESC LIMIT ?`,
      [roomId, driver, upTo, round],
    );
    for (const row of rows) if (normalizeForSearch(String(row.content)).includes(needle)) hits.push(Number(row.id));
    if (rows.length < round) break;
    upTo = Number(rows.at(-1)?.seq) - 1;
  }
  return hits.slice(0, PAGE);
}

/**
 * Gram INSERTs of new messages into each layout in turn, one transaction per batch of
 * `batch` messages: µs per message for each. The rows are numbered far beyond the room's
 * messages, where no search looks, and left there.
 */
export async function insertCostByLayout(pool: SqlPool, roomId: number, batch: number, messages: number): Promise<{ bucketed: number; gramMajor: number }> {
  const text = createTextGenerator(batch);
  const [last] = await pool.query<RowDataPacket[]>('SELECT MAX(seq) AS seq FROM messages WHERE room_id = ?', [roomId]);
  let seq = Number(last[0]?.seq ?? 0) + 1_000_000 * batch;
  const totals = { bucketed: 0, gramMajor: 0 };
  const connection = await pool.getConnection();
  try {
    for (let done = 0; done < messages; done += batch) {
      for (const layout of ['bucketed', 'gramMajor'] as const) {
        const rows = Array.from({ length: batch }, () => text.line()).flatMap((line) => {
          seq += 1;
          return messageGrams(line).map((gram) => (layout === 'bucketed' ? [roomId, bucketOf(seq), gram, seq] : [roomId, gram, seq]));
        });
        const started = performance.now();
        await connection.query('START TRANSACTION');
        if (layout === 'bucketed') await connection.query('INSERT INTO message_grams (room_id, bucket, gram, seq) VALUES ?', [rows]);
        else await connection.query('INSERT INTO message_grams_by_gram (room_id, gram, seq) VALUES ?', [rows]);
        await connection.query('COMMIT');
        totals[layout] += performance.now() - started;
      }
    }
  } finally {
    connection.release();
  }
  return { bucketed: (totals.bucketed * 1000) / messages, gramMajor: (totals.gramMajor * 1000) / messages };
}
