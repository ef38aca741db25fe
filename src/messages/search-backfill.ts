import type { RowDataPacket } from 'mysql2/promise';
import type { SqlPool } from '../db/sql-pool.js';
import { bucketOf } from './search-index.js';
import { messageGrams } from './search-text.js';

/** The migration that created the index: messages stored before it have no grams. */
export const SEARCH_MIGRATION = '20261201000000_message_search';
const CHUNK = 2000;

/**
 * Indexes messages stored before the search index existed: every message with text, not
 * deleted, in id order, 2,000 at a time, each chunk in one INSERT. Idempotent (a gram
 * already there is left alone), so it may run again, and while the app writes. A message
 * edited or deleted while its chunk is being indexed may keep a few grams of its old text:
 * they only add a candidate that the search's verification drops.
 */
export async function backfillSearchGrams(pool: SqlPool, onProgress: (messages: number) => void = () => undefined): Promise<{ messages: number; grams: number }> {
  let after = 0;
  let messages = 0;
  let grams = 0;
  for (;;) {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT id, room_id AS roomId, seq, content FROM messages WHERE id > ? AND content IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT ?',
      [after, CHUNK],
    );
    if (rows.length === 0) return { messages, grams };
    const values = rows.flatMap((row) => messageGrams(String(row.content)).map((gram) => [Number(row.roomId), bucketOf(Number(row.seq)), gram, Number(row.seq)]));
    if (values.length > 0) await pool.query('INSERT INTO message_grams (room_id, bucket, gram, seq) VALUES ? ON DUPLICATE KEY UPDATE seq = seq', [values]);
    after = Number(rows.at(-1)?.id);
    messages += rows.length;
    grams += values.length;
    onProgress(messages);
  }
}
