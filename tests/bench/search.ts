/**
 * Search benchmark (`npm run bench:search`; not part of `npm test`). Fills one room of a
 * fresh `<db>_bench_search` database with 1,000,000 varied Korean/mixed chat lines and their
 * search grams, then prints:
 *   - p50/p95 latency of a set of queries (common, rare, one character, Korean inside
 *     words, Latin/digits, no hits, a deep page) through the message search the server uses,
 *     and of the same queries as a plain `LIKE '%q%'` scan of the room, newest first;
 *   - the size of the gram index next to the messages table (information_schema);
 *   - what the index adds to each chat insert: the real chat writer in that room, one
 *     message per transaction and in batches, with and without grams.
 * Run with `--help` for the options.
 */
import { parseArgs } from 'node:util';
import type { RowDataPacket } from 'mysql2/promise';
import { createDatabase, type Database } from '../../src/db/prisma.js';
import { parseMysqlUrl } from '../../src/db/mysql-url.js';
import { createSqlPool, type SqlPool } from '../../src/db/sql-pool.js';
import { createChatWriter } from '../../src/messages/chat-writer.js';
import { messageWithReactionsSelect, toTimelineEntry } from '../../src/messages/message-events.js';
import { createMessageSearch } from '../../src/messages/search.js';
import { createTextGenerator } from './korean-text.js';
import { fillRoom, type Fill } from './search-fill.js';
import { fillGramMajor, insertCostByLayout, searchGramMajor } from './search-layouts.js';
import { prepareServices } from './setup.js';

const USAGE = `npm run bench:search -- [options]
  --messages N   messages in the room (default 1000000)
  --runs R       timed runs of each query through the index (default 15)
  --like-runs R  timed runs of each query as a LIKE scan (default 3)
  --writes N     chat messages written per variant for the insert cost (default 2000)
  --compare-layouts
                 also copy the grams into a table keyed (room, gram, seq), without
                 buckets, and measure both layouts side by side (about 3 minutes more)
  --help`;

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '15' },
    'like-runs': { type: 'string', default: '3' },
    writes: { type: 'string', default: '2000' },
    'compare-layouts': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const count = (name: string, value: string | undefined) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer, not "${value}"`);
  return number;
};

interface QuerySpec {
  label: string;
  q: string;
  /** Search below the message at this fraction of the room (a deep page). */
  depth?: number;
}

const QUERIES: QuerySpec[] = [
  { label: 'common word', q: '오늘' },
  { label: 'common word, deep page', q: '오늘', depth: 0.5 },
  { label: 'common phrase', q: '감사합니다' },
  { label: 'Korean inside words', q: '스터디' },
  { label: 'rare compound', q: '파이썬스터디모임' },
  { label: 'two words in order', q: '진짜 했어요' },
  { label: 'one character, common', q: '밥' },
  { label: 'one character, rare', q: '뷁' },
  { label: 'Latin, any case', q: 'REACT' },
  { label: 'Latin and digits', q: 'abc123' },
  { label: 'digits', q: '2024' },
  { label: 'no hits, Korean', q: '펭귄고래' },
  { label: 'no hits, common grams', q: '요했어' },
  { label: 'no hits, Latin', q: 'qzxv' },
];

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1).padStart(8);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** The comparison: the room scanned newest first with LIKE (utf8mb4_unicode_ci), then the same entries as search answers. */
async function likePage(db: Database, pool: SqlPool, roomId: number, q: string, before: number | undefined) {
  const pattern = `%${q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT id FROM messages WHERE room_id = ? AND id < ? AND deleted_at IS NULL AND content LIKE ? ORDER BY id DESC LIMIT 51',
    [roomId, before ?? 2_147_483_647, pattern],
  );
  const ids = rows.slice(0, 50).map((row) => Number(row.id));
  const entries = await db.message.findMany({ where: { id: { in: ids } }, orderBy: { id: 'desc' }, select: messageWithReactionsSelect });
  return entries.map((entry) => toTimelineEntry(entry, 0));
}

async function measureQueries(db: Database, pool: SqlPool, fill: Fill, runs: number, likeRuns: number) {
  const search = createMessageSearch({ db });
  const all = { index: [] as number[], like: [] as number[] };
  console.log(`\nqueries: ${runs} timed runs each through the index (after one untimed), ${likeRuns} as a LIKE scan; ms`);
  console.log(`${'query'.padEnd(26)} ${'q'.padEnd(14)} ${'matches'.padStart(8)} ${'page'.padStart(4)}   index p50      p95   LIKE p50      p95`);
  for (const spec of QUERIES) {
    const before = spec.depth === undefined ? undefined : await idAtDepth(pool, fill.roomId, spec.depth);
    const [countRows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM messages WHERE room_id = ? AND id < ? AND content LIKE ?', [fill.roomId, before ?? 2_147_483_647, `%${spec.q}%`]);
    const matches = Number(countRows[0]?.n ?? 0);
    const first = await search.search({ roomId: fill.roomId, viewerId: 0, query: spec.q, before });
    const index: number[] = [];
    for (let run = 0; run < runs; run += 1) index.push((await timed(() => search.search({ roomId: fill.roomId, viewerId: 0, query: spec.q, before }))).ms);
    const like: number[] = [];
    for (let run = 0; run < likeRuns; run += 1) like.push((await timed(() => likePage(db, pool, fill.roomId, spec.q, before))).ms);
    all.index.push(...index);
    all.like.push(...like);
    const q = spec.q.length > 12 ? `${spec.q.slice(0, 11)}…` : spec.q;
    console.log(
      `${spec.label.padEnd(26)} ${q.padEnd(14)} ${String(matches).padStart(8)} ${String(first.messages.length).padStart(4)}   ${ms(percentile(index, 50))} ${ms(percentile(index, 95))}   ${ms(percentile(like, 50))} ${ms(percentile(like, 95))}`,
    );
  }
  console.log(`${'all queries'.padEnd(26)} ${''.padEnd(14)} ${''.padStart(8)} ${''.padStart(4)}   ${ms(percentile(all.index, 50))} ${ms(percentile(all.index, 95))}   ${ms(percentile(all.like, 50))} ${ms(percentile(all.like, 95))}`);
  return { index: all.index, like: all.like };
}

async function idAtDepth(pool: SqlPool, roomId: number, depth: number): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT id FROM messages WHERE room_id = ? ORDER BY id LIMIT 1 OFFSET ?', [roomId, Math.floor((await lastSeq(pool, roomId)) * (1 - depth))]);
  return Number(rows[0]?.id);
}

async function lastSeq(pool: SqlPool, roomId: number): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT last_seq FROM rooms WHERE id = ?', [roomId]);
  return Number(rows[0]?.last_seq ?? 0);
}

async function tableSizes(pool: SqlPool, database: string) {
  await pool.query('ANALYZE TABLE messages, message_grams');
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS name, TABLE_ROWS AS rowsEstimate, DATA_LENGTH AS data, INDEX_LENGTH AS idx FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('messages', 'message_grams')",
    [database],
  );
  return new Map(rows.map((row) => [String(row.name), { data: Number(row.data), index: Number(row.idx) }]));
}

/**
 * The real chat writer in the filled room: `writes` messages one transaction each (a quiet
 * room), then in batches of 200 (a busy one), with and without grams, in alternating blocks.
 */
async function measureInserts(pool: SqlPool, fill: Fill, writes: number) {
  const withGrams = createChatWriter({ pool });
  const without = createChatWriter({ pool, gramsOf: () => [] });
  const text = createTextGenerator(7);
  const userId = fill.userIds[0] ?? 0;
  const totals = { single: { with: 0, without: 0 }, batch: { with: 0, without: 0 } };
  const block = 100;
  for (let done = 0; done < writes; done += block) {
    for (const [name, writer] of [['with', withGrams], ['without', without]] as const) {
      const lines = Array.from({ length: block }, () => text.line());
      const single = await timed(async () => {
        for (const line of lines) await writer.write({ roomId: fill.roomId, userId, text: line, clientId: null });
      });
      totals.single[name] += single.ms;
    }
  }
  for (let done = 0; done < writes; done += 200) {
    for (const [name, writer] of [['with', withGrams], ['without', without]] as const) {
      const lines = Array.from({ length: 200 }, () => text.line());
      const batch = await timed(() => Promise.all(lines.map((line) => writer.write({ roomId: fill.roomId, userId, text: line, clientId: null }))));
      totals.batch[name] += batch.ms;
    }
  }
  const perMessage = (total: number) => (total * 1000) / writes;
  return {
    single: { with: perMessage(totals.single.with), without: perMessage(totals.single.without) },
    batch: { with: perMessage(totals.batch.with), without: perMessage(totals.batch.without) },
  };
}

/** The bucketed index against the gram-major copy: the query set and gram inserts, alternating. */
async function compareLayouts(db: Database, pool: SqlPool, fill: Fill, runs: number) {
  console.log('\nlayouts: (room, bucket, gram, seq) as the app has it, against (room, gram, seq)');
  await fillGramMajor(pool, fill.roomId, (line) => console.log(`  ${line}`));
  const search = createMessageSearch({ db });
  const samples = { bucketed: [] as number[], gramMajor: [] as number[] };
  for (const spec of QUERIES) {
    const before = spec.depth === undefined ? undefined : await idAtDepth(pool, fill.roomId, spec.depth);
    const bucketed = await search.search({ roomId: fill.roomId, viewerId: 0, query: spec.q, before });
    const ids = await searchGramMajor(pool, fill.roomId, spec.q, before);
    if (ids.join() !== bucketed.messages.map((message) => message.id).join()) throw new Error(`the layouts disagree on "${spec.q}"`);
    for (let run = 0; run < runs; run += 1) {
      samples.bucketed.push((await timed(() => search.search({ roomId: fill.roomId, viewerId: 0, query: spec.q, before }))).ms);
      samples.gramMajor.push(
        (
          await timed(async () => {
            const found = await searchGramMajor(pool, fill.roomId, spec.q, before);
            await db.message.findMany({ where: { id: { in: found } }, orderBy: { id: 'desc' }, select: messageWithReactionsSelect });
          })
        ).ms,
      );
    }
  }
  const single = await insertCostByLayout(pool, fill.roomId, 1, 400);
  const batch = await insertCostByLayout(pool, fill.roomId, 200, 4000);
  console.log(`  ${''.padEnd(34)} ${'bucketed'.padStart(10)} ${'gram-major'.padStart(11)}`);
  console.log(`  ${'search p50 ms (all queries)'.padEnd(34)} ${percentile(samples.bucketed, 50).toFixed(1).padStart(10)} ${percentile(samples.gramMajor, 50).toFixed(1).padStart(11)}`);
  console.log(`  ${'search p95 ms'.padEnd(34)} ${percentile(samples.bucketed, 95).toFixed(1).padStart(10)} ${percentile(samples.gramMajor, 95).toFixed(1).padStart(11)}`);
  console.log(`  ${'gram insert, 1 message/commit, µs'.padEnd(34)} ${single.bucketed.toFixed(0).padStart(10)} ${single.gramMajor.toFixed(0).padStart(11)}`);
  console.log(`  ${'gram insert, 200/commit, µs/msg'.padEnd(34)} ${batch.bucketed.toFixed(0).padStart(10)} ${batch.gramMajor.toFixed(0).padStart(11)}`);
}

async function main(): Promise<void> {
  if (args.help) return console.log(USAGE);
  const messages = count('messages', args.messages);
  const runs = count('runs', args.runs);
  const likeRuns = count('like-runs', args['like-runs']);
  const writes = count('writes', args.writes);
  const started = performance.now();
  const services = await prepareServices({ databaseSuffix: '_bench_search' });
  const database = parseMysqlUrl(services.databaseUrl).database;
  const pool = createSqlPool(services.databaseUrl, 4);
  const db = createDatabase(services.databaseUrl, { connectionLimit: 4 });
  try {
    console.log(`search benchmark on ${database}: one room, ${messages.toLocaleString('en')} messages`);
    const fill = await fillRoom(pool, messages, (line) => console.log(`fill: ${line}`));
    const sizes = await tableSizes(pool, database);
    const grams = sizes.get('message_grams') ?? { data: 0, index: 0 };
    const stored = sizes.get('messages') ?? { data: 0, index: 0 };
    const gramBytes = grams.data + grams.index;
    const messageBytes = stored.data + stored.index;
    console.log(`\nindex size (information_schema after ANALYZE TABLE)`);
    console.log(`  messages        data ${mib(stored.data)} + indexes ${mib(stored.index)} = ${mib(messageBytes)}`);
    console.log(`  message_grams   data ${mib(grams.data)} + indexes ${mib(grams.index)} = ${mib(gramBytes)}  (${(gramBytes / messageBytes).toFixed(2)}× the messages table)`);
    console.log(`  gram rows       ${fill.gramRows.toLocaleString('en')}: ${(fill.gramRows / messages).toFixed(1)} per message, ${(gramBytes / fill.gramRows).toFixed(1)} bytes per row, ${(gramBytes / messages).toFixed(0)} bytes per message`);
    console.log(`                  of which single characters ${fill.unigramRows.toLocaleString('en')} (${((100 * fill.unigramRows) / fill.gramRows).toFixed(0)}%): pairs alone would be about ${mib((gramBytes * (fill.gramRows - fill.unigramRows)) / fill.gramRows)}`);

    const latency = await measureQueries(db, pool, fill, runs, likeRuns);
    // Before the writer adds messages without grams (the insert cost's second variant).
    if (args['compare-layouts']) await compareLayouts(db, pool, fill, runs);
    const inserts = await measureInserts(pool, fill, writes);
    console.log(`\ncost added to each insert (the chat writer in this room, ${writes} messages per variant, alternating blocks)`);
    console.log(`  one message per transaction   ${inserts.single.without.toFixed(0)} µs without grams, ${inserts.single.with.toFixed(0)} µs with: +${(inserts.single.with - inserts.single.without).toFixed(0)} µs per message`);
    console.log(`  batches of 200 (group commit) ${inserts.batch.without.toFixed(0)} µs without grams, ${inserts.batch.with.toFixed(0)} µs with: +${(inserts.batch.with - inserts.batch.without).toFixed(0)} µs per message`);

    console.log(`\nsummary`);
    console.log(`  search p50/p95      index ${percentile(latency.index, 50).toFixed(1)}/${percentile(latency.index, 95).toFixed(1)} ms   LIKE scan ${percentile(latency.like, 50).toFixed(1)}/${percentile(latency.like, 95).toFixed(1)} ms`);
    console.log(`  index size          ${mib(gramBytes)} for ${messages.toLocaleString('en')} messages (messages table ${mib(messageBytes)})`);
    console.log(`  insert cost         +${(inserts.single.with - inserts.single.without).toFixed(0)} µs per message alone, +${(inserts.batch.with - inserts.batch.without).toFixed(0)} µs per message in batches of 200`);
    console.log(`  whole run           ${seconds(started)}`);
  } finally {
    await pool.end();
    await db.$disconnect();
    services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
