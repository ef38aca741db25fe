import type { RowDataPacket } from 'mysql2/promise';
import type { SqlPool } from '../db/sql-pool.js';
import { appError } from '../errors/catalogue.js';
import { BUCKET_BITS, bucketOf } from './search-index.js';
import { messageGrams } from './search-text.js';

/** Most chat messages written in one transaction. */
const MAX_BATCH = 200;

export interface ChatInput {
  roomId: number;
  userId: number;
  text: string;
  clientId: string | null;
  /** The members it mentions (message_mentions rows, written with it); none when left out. */
  mentions?: readonly number[];
}

export interface WrittenChat {
  id: number;
  seq: number;
  createdAt: Date;
  /** True when this (user, client id) was stored before: nothing new was written. */
  duplicate: boolean;
}

interface Pending {
  input: ChatInput;
  /** The search index's grams of its text (src/messages/search-text.ts). */
  grams: number[];
  createdAt: Date;
  resolve: (written: WrittenChat) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes chat messages with group commit. Every message takes its room's next sequence
 * number under the room's row lock, which is held until the commit: one transaction per
 * message would let a busy room write only as fast as one commit after another. So a
 * room's messages that arrive while a write is under way wait, and the next transaction
 * writes all of them: one lock, one multi-row INSERT, one commit. A quiet room's message
 * is written at once (no timer), so batching costs no latency. Each caller gets its own
 * message's id and number, after the commit: stored before broadcast holds per message.
 * The messages' search grams (message_grams) are written by the same transaction, in the
 * same round trip. `gramsOf` is the index's tokenizer; the search benchmark passes one
 * that indexes nothing, to measure what the index adds to a write.
 */
export function createChatWriter({ pool, gramsOf = messageGrams }: { pool: SqlPool; gramsOf?: (text: string) => number[] }) {
  const waiting = new Map<number, Pending[]>();
  const writing = new Set<number>();

  function write(input: ChatInput): Promise<WrittenChat> {
    return new Promise((resolve, reject) => {
      const queue = waiting.get(input.roomId) ?? [];
      queue.push({ input, grams: gramsOf(input.text), createdAt: new Date(), resolve, reject });
      waiting.set(input.roomId, queue);
      if (!writing.has(input.roomId)) void drain(input.roomId);
    });
  }

  /** Writes the room's waiting messages, batch after batch, until none wait. */
  async function drain(roomId: number): Promise<void> {
    writing.add(roomId);
    try {
      for (;;) {
        const queue = waiting.get(roomId) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, MAX_BATCH);
        if (queue.length === 0) waiting.delete(roomId);
        // The usual case in one round trip; anything unusual (a resend, a room that is gone)
        // takes the careful path, which looks resends up under the room's lock.
        const fast = hasRepeatedClientId(batch) ? 'refused' : await writeFast(roomId, batch).then(() => 'written' as const, refusedOrFailed);
        if (fast === 'written') continue;
        // A lost connection may have committed or not: retrying could store a message twice.
        if (fast instanceof Error) {
          batch.forEach((item) => item.reject(fast));
          continue;
        }
        await writeBatch(roomId, batch).catch(async (error: unknown) => {
          // A client id stored meanwhile in another room by the same user: the batch's
          // look-up missed it. Each message again, alone: the resend now finds its first.
          if (!isDuplicateKey(error)) return batch.forEach((item) => item.reject(error));
          for (const item of batch) await writeBatch(roomId, [item]).catch((single: unknown) => item.reject(single));
        });
      }
    } finally {
      writing.delete(roomId);
    }
  }

  /**
   * The batch as one multi-statement round trip: take the room's next numbers (its row lock,
   * held to the commit), insert the messages, their search grams and their mentions, read
   * the ids back, commit. A resend's client id or a room that is gone makes a statement
   * fail: rolled back, and the careful path decides.
   */
  async function writeFast(roomId: number, batch: Pending[]): Promise<void> {
    const connection = await pool.getConnection();
    try {
      const count = batch.length;
      // Each message's number is @last_seq minus its distance from the batch's end.
      const offset = (index: number) => count - 1 - index;
      const grams = gramRows(roomId, batch, (index) => {
        const seq = `@last_seq - ${offset(index)}`;
        return { seq, bucket: `(${seq}) >> ${BUCKET_BITS}` };
      });
      const mentions = batch.flatMap((item, index) => (item.input.mentions ?? []).map((userId) => [offset(index), userId]));
      const statements = [
        'START TRANSACTION',
        'UPDATE rooms SET last_seq = LAST_INSERT_ID(last_seq + ?) WHERE id = ?',
        'SET @last_seq = LAST_INSERT_ID()',
        `INSERT INTO messages (room_id, user_id, content, client_id, seq, created_at) VALUES ${batch.map((_, index) => `(?, ?, ?, ?, @last_seq - ${offset(index)}, ?)`).join(', ')}`,
        ...(grams ? [grams.sql] : []),
        ...(mentions.length > 0
          ? [`INSERT INTO message_mentions (message_id, user_id) SELECT m.id, x.user_id FROM messages AS m JOIN (${mentions.map(() => 'SELECT @last_seq - ? AS seq, ? AS user_id').join(' UNION ALL ')}) AS x ON m.seq = x.seq WHERE m.room_id = ?`]
          : []),
        'SELECT id, seq FROM messages WHERE room_id = ? AND seq > @last_seq - ? AND seq <= @last_seq ORDER BY seq',
        'COMMIT',
      ];
      const [results] = await connection.query<RowDataPacket[][]>(statements.join('; '), [
        count,
        roomId,
        ...batch.flatMap((item) => [roomId, item.input.userId, item.input.text, item.input.clientId, item.createdAt]),
        ...(grams?.values ?? []),
        ...(mentions.length > 0 ? [...mentions.flat(), roomId] : []),
        roomId,
        count,
      ]);
      const rows = results[statements.length - 2] ?? [];
      if (rows.length !== count) throw new Error('the fast path read back another number of messages');
      batch.forEach((item, index) => {
        const row = rows[index];
        item.resolve({ id: Number(row?.id), seq: Number(row?.seq), createdAt: item.createdAt, duplicate: false });
      });
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  async function writeBatch(roomId: number, batch: Pending[]): Promise<void> {
    const connection = await pool.getConnection();
    try {
      await connection.query('START TRANSACTION');
      // The room's row lock first: a resend stored by another process in this room has then
      // committed, and the look-up below sees it.
      const [locked] = await connection.query<RowDataPacket[]>('SELECT last_seq FROM rooms WHERE id = ? FOR UPDATE', [roomId]);
      const lastSeq = locked[0]?.last_seq as number | undefined;
      if (lastSeq === undefined) throw appError('ROOM_NOT_FOUND');
      const storedFirst = await storedBefore(connection, batch);
      // A client id already stored (a resend), or repeated within this batch, stores nothing new.
      const firstInBatch = new Map<string, Pending>();
      const fresh = batch.filter((item) => {
        const key = clientKey(item.input);
        if (key === null) return true;
        if (storedFirst.has(key) || firstInBatch.has(key)) return false;
        firstInBatch.set(key, item);
        return true;
      });
      const written = await insertNumbered(connection, roomId, fresh, Number(lastSeq) + 1);
      await connection.query('COMMIT');
      for (const item of batch) {
        const mine = written.get(item);
        if (mine) {
          item.resolve({ ...mine, duplicate: false });
          continue;
        }
        const key = clientKey(item.input) ?? '';
        const first = storedFirst.get(key) ?? written.get(firstInBatch.get(key) ?? item);
        if (first) item.resolve({ ...first, duplicate: true });
        else item.reject(new Error('a written chat message has no id'));
      }
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  return { write };
}

export type ChatWriter = ReturnType<typeof createChatWriter>;

type Connection = Awaited<ReturnType<SqlPool['getConnection']>>;
type Written = Omit<WrittenChat, 'duplicate'>;

/** (user, client id) → the message stored the first time; a second copy in one batch counts too. */
async function storedBefore(connection: Connection, batch: Pending[]): Promise<Map<string, Written>> {
  const withIds = batch.filter((item) => item.input.clientId !== null);
  const firsts = new Map<string, Written>();
  if (withIds.length === 0) return firsts;
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT id, seq, created_at AS createdAt, user_id AS userId, client_id AS clientId FROM messages WHERE (user_id, client_id) IN (${withIds.map(() => '(?, ?)').join(', ')})`,
    withIds.flatMap((item) => [item.input.userId, item.input.clientId]),
  );
  for (const row of rows) firsts.set(`${String(row.userId)}:${String(row.clientId)}`, { id: Number(row.id), seq: Number(row.seq), createdAt: row.createdAt as Date });
  return firsts;
}

/**
 * Numbers `fresh` from `firstSeq` (the room's row is locked) and inserts them in arrival
 * order, one statement; answers each one's id and number.
 */
async function insertNumbered(connection: Connection, roomId: number, fresh: Pending[], firstSeq: number): Promise<Map<Pending, Written>> {
  const written = new Map<Pending, Written>();
  if (fresh.length === 0) return written;
  await connection.query('UPDATE rooms SET last_seq = ? WHERE id = ?', [firstSeq + fresh.length - 1, roomId]);
  await connection.query(
    `INSERT INTO messages (room_id, user_id, content, client_id, seq, created_at) VALUES ${fresh.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
    fresh.flatMap((item, index) => [roomId, item.input.userId, item.input.text, item.input.clientId, firstSeq + index, item.createdAt]),
  );
  const grams = gramRows(roomId, fresh, (index) => ({ seq: String(firstSeq + index), bucket: String(bucketOf(firstSeq + index)) }));
  if (grams) await connection.query(grams.sql, grams.values);
  // Ids of a multi-row INSERT are not consecutive on every server (MySQL 8 interleaves): read them back.
  const [rows] = await connection.query<RowDataPacket[]>('SELECT id, seq FROM messages WHERE room_id = ? AND seq BETWEEN ? AND ?', [roomId, firstSeq, firstSeq + fresh.length - 1]);
  const idOfSeq = new Map(rows.map((row) => [Number(row.seq), Number(row.id)]));
  fresh.forEach((item, index) => {
    const id = idOfSeq.get(firstSeq + index);
    if (id !== undefined) written.set(item, { id, seq: firstSeq + index, createdAt: item.createdAt });
  });
  const mentions = fresh.flatMap((item) => {
    const id = written.get(item)?.id;
    return id === undefined ? [] : (item.input.mentions ?? []).map((userId) => [id, userId]);
  });
  if (mentions.length > 0) await connection.query(`INSERT INTO message_mentions (message_id, user_id) VALUES ${mentions.map(() => '(?, ?)').join(', ')}`, mentions.flat());
  return written;
}

/**
 * One INSERT of the batch's search grams (null when no message has any); `numberOf(index)`
 * gives the SQL for the number of the batch's index-th message and for its bucket.
 */
function gramRows(roomId: number, batch: Pending[], numberOf: (index: number) => { seq: string; bucket: string }): { sql: string; values: number[] } | null {
  const rows: string[] = [];
  const values: number[] = [];
  batch.forEach((item, index) => {
    const { seq, bucket } = numberOf(index);
    for (const gram of item.grams) {
      rows.push(`(?, ${bucket}, ?, ${seq})`);
      values.push(roomId, gram);
    }
  });
  return rows.length === 0 ? null : { sql: `INSERT INTO message_grams (room_id, bucket, gram, seq) VALUES ${rows.join(', ')}`, values };
}

/** 'refused' when the database refused a statement (the careful path decides), else the error. */
function refusedOrFailed(error: unknown): 'refused' | Error {
  const refused = typeof error === 'object' && error !== null && 'sqlState' in error && (error as { fatal?: unknown }).fatal !== true;
  return refused ? 'refused' : error instanceof Error ? error : new Error(String(error));
}

/** Two messages of the batch with one (user, client id): only the careful path stores it once. */
function hasRepeatedClientId(batch: Pending[]): boolean {
  const keys = batch.map((item) => clientKey(item.input)).filter((key) => key !== null);
  return new Set(keys).size !== keys.length;
}

/** What makes a message a resend: its author's client id (none: never a resend). */
const clientKey = (input: ChatInput) => (input.clientId === null ? null : `${input.userId}:${input.clientId}`);

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ER_DUP_ENTRY';
}
