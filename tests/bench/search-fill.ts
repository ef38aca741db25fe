// Fills the search benchmark's room quickly: messages in multi-row INSERTs in sequence
// order (one connection, so ids grow with seq as the app guarantees), and their grams,
// computed by the app's own tokenizer, sorted into primary-key order (bucket, gram, seq)
// and inserted by two other connections at the same time.
import type { ResultSetHeader } from 'mysql2/promise';
import type { SqlPool } from '../../src/db/sql-pool.js';
import { BUCKET_BITS, bucketOf } from '../../src/messages/search-index.js';
import { messageGrams } from '../../src/messages/search-text.js';
import { createTextGenerator } from './korean-text.js';

const USERS = 10;
const MESSAGE_ROWS_PER_INSERT = 2000;
const GRAM_ROWS_PER_INSERT = 10_000;
/** Messages the packed keys below can number. */
const SEQ_SPACE = 2 ** 21;
const IN_BUCKET = 2 ** BUCKET_BITS;
/** (bucket, gram, seq) in one double that sorts in the table's key order: 9 + 32 + 12 bits. */
const packKey = (gram: number, seq: number) => (bucketOf(seq) * 2 ** 32 + (gram + 2 ** 31)) * IN_BUCKET + (seq % IN_BUCKET);
function unpackKey(key: number): { bucket: number; gram: number; seq: number } {
  const low = key % IN_BUCKET;
  const rest = (key - low) / IN_BUCKET;
  const gram = rest % 2 ** 32;
  const bucket = (rest - gram) / 2 ** 32;
  return { bucket, gram: gram - 2 ** 31, seq: bucket * IN_BUCKET + low };
}

export interface Fill {
  roomId: number;
  userIds: number[];
  gramRows: number;
  /** Rows of single characters (the rest are pairs). */
  unigramRows: number;
}

/**
 * Texts planted at fixed places so that some queries have a known, small number of hits:
 * a rare compound (20), a Latin/digit token (50), a rare character (5).
 */
function planted(index: number, messages: number): string | null {
  const every = (times: number) => index % Math.floor(messages / times) === Math.floor(messages / times / 2);
  if (every(20)) return '이번 주 파이썬스터디모임 장소 공유할게요';
  if (every(50)) return `테스트 계정 abc123 으로 로그인해 보세요 ${index % 7}번`;
  if (every(5)) return '뷁 이게 무슨 소리야 ㅋㅋ';
  return null;
}

export async function fillRoom(pool: SqlPool, messages: number, log: (line: string) => void): Promise<Fill> {
  if (messages >= SEQ_SPACE) throw new Error(`at most ${SEQ_SPACE - 1} messages`);
  const started = performance.now();
  const suffix = Date.now().toString(36);
  const userIds: number[] = [];
  for (let index = 0; index < USERS; index += 1) {
    const [user] = await pool.query<ResultSetHeader>('INSERT INTO users (email, username, updated_at) VALUES (?, ?, NOW(3))', [`search-${suffix}-${index}@example.com`, `search_${suffix}_${index}`]);
    userIds.push(user.insertId);
  }
  const [room] = await pool.query<ResultSetHeader>("INSERT INTO rooms (name, slug, capacity, created_by_id, updated_at) VALUES ('검색 벤치마크', ?, 1000, ?, NOW(3))", [`search-bench-${suffix}`, userIds[0]]);
  const roomId = room.insertId;
  await pool.query("INSERT INTO room_members (room_id, user_id, role) VALUES ?", [userIds.map((userId, index) => [roomId, userId, index === 0 ? 'owner' : 'member'])]);

  const text = createTextGenerator(20261201);
  const lines = Array.from({ length: messages }, (_, index) => planted(index, messages) ?? text.line());
  let keys = new Float64Array(messages * 24);
  let gramRows = 0;
  let unigramRows = 0;
  lines.forEach((line, index) => {
    for (const gram of messageGrams(line)) {
      if (gramRows === keys.length) {
        const larger = new Float64Array(keys.length * 2);
        larger.set(keys);
        keys = larger;
      }
      keys[gramRows++] = packKey(gram, index + 1);
      if ((gram & 0xffff) === 0) unigramRows += 1;
    }
  });
  const sorted = keys.subarray(0, gramRows).sort();
  log(`${messages.toLocaleString('en')} lines and ${gramRows.toLocaleString('en')} grams made and sorted in ${((performance.now() - started) / 1000).toFixed(1)} s; e.g. "${lines[1]}"`);

  const base = Date.UTC(2025, 0, 1);
  const insertMessages = async () => {
    for (let from = 0; from < messages; from += MESSAGE_ROWS_PER_INSERT) {
      const rows = lines.slice(from, from + MESSAGE_ROWS_PER_INSERT).map((line, offset) => {
        const index = from + offset;
        return [roomId, userIds[index % USERS], line, index + 1, new Date(base + index * 30_000)];
      });
      await pool.query('INSERT INTO messages (room_id, user_id, content, seq, created_at) VALUES ?', [rows]);
    }
    await pool.query('UPDATE rooms SET last_seq = ? WHERE id = ?', [messages, roomId]);
  };
  const insertGrams = async (from: number, to: number) => {
    for (let at = from; at < to; at += GRAM_ROWS_PER_INSERT) {
      const rows: number[][] = [];
      for (let index = at; index < Math.min(to, at + GRAM_ROWS_PER_INSERT); index += 1) {
        const { bucket, gram, seq } = unpackKey(sorted[index] ?? 0);
        rows.push([roomId, bucket, gram, seq]);
      }
      await pool.query('INSERT INTO message_grams (room_id, bucket, gram, seq) VALUES ?', [rows]);
    }
  };
  const half = Math.floor(gramRows / 2);
  const inserting = performance.now();
  let progress = 0;
  const timer = setInterval(() => log(`inserting… ${(++progress * 15).toString()} s`), 15_000);
  try {
    await Promise.all([insertMessages(), insertGrams(0, half), insertGrams(half, gramRows)]);
  } finally {
    clearInterval(timer);
  }
  log(`inserted in ${((performance.now() - inserting) / 1000).toFixed(1)} s (messages on one connection, grams in key order on two more)`);
  return { roomId, userIds, gramRows, unigramRows };
}
