import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrations/runner.js';
import { createDatabase } from '../../src/db/prisma.js';
import { createSqlPool } from '../../src/db/sql-pool.js';
import { backfillSearchGrams, SEARCH_MIGRATION } from '../../src/messages/search-backfill.js';
import { createMessageSearch } from '../../src/messages/search.js';
import { createScratchDatabase } from '../support/scratch-database.js';

const projectMigrations = path.resolve(import.meta.dirname, '../../prisma/migrations');

describe(`migration ${SEARCH_MIGRATION} on a database with messages`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('indexes the earlier messages once the backfill ran, and running it again changes nothing', async () => {
    const scratch = await createScratchDatabase();
    cleanups.push(() => scratch.drop());
    const before = mkdtempSync(path.join(os.tmpdir(), 'codingline-migrations-'));
    cleanups.push(() => rmSync(before, { recursive: true, force: true }));
    for (const name of readdirSync(projectMigrations)) if (name < SEARCH_MIGRATION) cpSync(path.join(projectMigrations, name), path.join(before, name), { recursive: true });
    await migrate({ databaseUrl: scratch.url, migrationsDir: before });

    await scratch.query("INSERT INTO users (id, email, username, updated_at) VALUES (1, 'a@example.com', 'a', NOW(3))");
    await scratch.query("INSERT INTO rooms (id, name, slug, capacity, last_seq, updated_at) VALUES (1, 'one', 'one', 10, 4, NOW(3))");
    await scratch.query(
      "INSERT INTO messages (id, room_id, user_id, content, seq, deleted_at, system_kind) VALUES (10, 1, 1, '파이썬스터디모임 공지', 1, NULL, NULL), (11, 1, 1, NULL, 2, NOW(3), NULL), (12, 1, 1, NULL, 3, NULL, 'join'), (13, 1, 1, '스터디 끝', 4, NULL, NULL)",
    );

    const { applied } = await migrate({ databaseUrl: scratch.url, migrationsDir: projectMigrations });
    expect(applied).toContain(SEARCH_MIGRATION);
    const pool = createSqlPool(scratch.url, 1);
    const db = createDatabase(scratch.url, { connectionLimit: 1 });
    cleanups.push(() => pool.end(), () => db.$disconnect());
    const search = createMessageSearch({ db });
    expect((await search.search({ roomId: 1, viewerId: 1, query: '스터디' })).messages).toEqual([]);

    expect(await backfillSearchGrams(pool)).toMatchObject({ messages: 2 });
    const found = await search.search({ roomId: 1, viewerId: 1, query: '스터디' });
    expect(found.messages.map((message) => message.id)).toEqual([13, 10]);
    const count = async () => (await scratch.query<{ n: number }>('SELECT COUNT(*) AS n FROM message_grams'))[0]?.n;
    const grams = await count();
    await backfillSearchGrams(pool);
    expect(await count()).toBe(grams);
  });
});
