import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrations/runner.js';
import { createScratchDatabase } from '../support/scratch-database.js';

const projectMigrations = path.resolve(import.meta.dirname, '../../prisma/migrations');
const LIFECYCLE = '20261129020000_message_lifecycle';

describe(`migration ${LIFECYCLE} on a database with messages`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('numbers existing messages room by room in id order, and each room continues after its last', async () => {
    const scratch = await createScratchDatabase();
    cleanups.push(() => scratch.drop());
    // The migrations before it, then rows as the app stored them then, then the rest.
    const before = mkdtempSync(path.join(os.tmpdir(), 'codingline-migrations-'));
    cleanups.push(() => rmSync(before, { recursive: true, force: true }));
    for (const name of readdirSync(projectMigrations)) if (name < LIFECYCLE) cpSync(path.join(projectMigrations, name), path.join(before, name), { recursive: true });
    await migrate({ databaseUrl: scratch.url, migrationsDir: before });

    await scratch.query("INSERT INTO users (id, email, username, updated_at) VALUES (1, 'a@example.com', 'a', NOW(3))");
    await scratch.query("INSERT INTO rooms (id, name, slug, capacity, updated_at) VALUES (1, 'one', 'one', 10, NOW(3)), (2, 'two', 'two', 10, NOW(3)), (3, 'empty', 'empty', 10, NOW(3))");
    await scratch.query("INSERT INTO messages (id, room_id, user_id, content) VALUES (10, 1, 1, 'a'), (11, 2, 1, 'b'), (12, 1, 1, 'c'), (13, 1, 1, 'd'), (14, 2, 1, 'e')");

    await migrate({ databaseUrl: scratch.url, migrationsDir: projectMigrations });
    expect(await scratch.query('SELECT id, room_id AS roomId, seq FROM messages ORDER BY id')).toEqual([
      { id: 10, roomId: 1, seq: 1 },
      { id: 11, roomId: 2, seq: 1 },
      { id: 12, roomId: 1, seq: 2 },
      { id: 13, roomId: 1, seq: 3 },
      { id: 14, roomId: 2, seq: 2 },
    ]);
    expect(await scratch.query('SELECT id, last_seq AS lastSeq FROM rooms ORDER BY id')).toEqual([
      { id: 1, lastSeq: 3 },
      { id: 2, lastSeq: 2 },
      { id: 3, lastSeq: 0 },
    ]);
  });
});
