import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrations/runner.js';
import { createScratchDatabase } from '../support/scratch-database.js';

const projectMigrations = path.resolve(import.meta.dirname, '../../prisma/migrations');

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  logs: string | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

describe('db:migrate runner', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let migrationsDir: string;

  beforeEach(async () => {
    scratch = await createScratchDatabase();
    migrationsDir = mkdtempSync(path.join(os.tmpdir(), 'codingline-migrations-'));
    cpSync(projectMigrations, migrationsDir, { recursive: true });
  });
  afterEach(async () => {
    await scratch.drop();
    rmSync(migrationsDir, { recursive: true, force: true });
  });

  const run = () => migrate({ databaseUrl: scratch.url, migrationsDir });
  const records = () => scratch.query<MigrationRow>('SELECT * FROM _prisma_migrations ORDER BY migration_name');

  it('applies every migration to a fresh database and records it as Prisma does', async () => {
    const { applied } = await run();
    expect(applied).toContain('20261125000000_init');

    const rows = await records();
    expect(rows.map((row) => row.migration_name)).toEqual(applied);
    const sql = readFileSync(path.join(projectMigrations, '20261125000000_init/migration.sql'));
    const init = rows.find((row) => row.migration_name === '20261125000000_init');
    expect(init).toMatchObject({
      checksum: createHash('sha256').update(sql).digest('hex'),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(init?.finished_at).toBeInstanceOf(Date);
    const tables = await scratch.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name',
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'messages', 'room_members', 'rooms', 'social_accounts', 'users']),
    );
  });

  it('does nothing on a second run', async () => {
    await run();
    const before = await records();
    expect(await run()).toEqual({ applied: [] });
    expect(await records()).toEqual(before);
  });

  it('applies only the new migration when one is added', async () => {
    await run();
    addMigration('29990101000000_add_probe', 'CREATE TABLE `probe` (`id` INTEGER NOT NULL PRIMARY KEY);');
    expect(await run()).toEqual({ applied: ['29990101000000_add_probe'] });
    expect(await scratch.query('SELECT * FROM probe')).toEqual([]);
  });

  it('refuses to go on when an applied migration file has changed', async () => {
    await run();
    appendFileSync(path.join(migrationsDir, '20261125000000_init/migration.sql'), '\n-- edited\n');
    addMigration('29990101000000_add_probe', 'CREATE TABLE `probe` (`id` INTEGER NOT NULL PRIMARY KEY);');
    await expect(run()).rejects.toThrow(/20261125000000_init was modified after it was applied/);
    const tables = await scratch.query("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'probe'");
    expect(tables).toEqual([]);
  });

  it('records a failing migration and refuses to run past it', async () => {
    await run();
    addMigration('29990101000000_broken', 'CREATE TABLE `broken` (`id` INTEGER NOT NULL PRIMARY KEY);\nSELECT * FROM no_such_table;');
    await expect(run()).rejects.toThrow(/29990101000000_broken failed: .*no_such_table/);
    const broken = (await records()).find((row) => row.migration_name === '29990101000000_broken');
    expect(broken?.finished_at).toBeNull();
    expect(broken?.logs).toMatch(/no_such_table/);
    await expect(run()).rejects.toThrow(/29990101000000_broken failed earlier/);
  });

  it('applies each migration once when two runners start at the same time', async () => {
    const results = await Promise.all([run(), run()]);
    const appliedTotal = results.flatMap((result) => result.applied);
    const names = (await records()).map((row) => row.migration_name);
    expect(appliedTotal.sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });

  function addMigration(name: string, sql: string): void {
    mkdirSync(path.join(migrationsDir, name));
    writeFileSync(path.join(migrationsDir, name, 'migration.sql'), sql);
  }
});
