import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import { parseMysqlUrl } from '../mysql-url.js';
import { readMigrationFiles, type MigrationFile } from './files.js';

/** Same lock name as `prisma migrate`, so this runner and Prisma's exclude each other. */
const LOCK_NAME = 'prisma_migrate';
const LOCK_TIMEOUT_SECONDS = 60;

// The table exactly as Prisma's schema engine creates it on MySQL.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export interface MigrateOptions {
  databaseUrl: string;
  migrationsDir: string;
  onApplied?: (name: string) => void;
}

/**
 * Applies pending migrations in order, recording them as `prisma migrate deploy` would.
 * Holds a database lock throughout, so concurrent runners apply each migration once.
 * Refuses to continue past a failed migration or an applied file that has changed.
 */
export async function migrate(options: MigrateOptions): Promise<{ applied: string[] }> {
  const files = readMigrationFiles(options.migrationsDir);
  const connection = await mysql.createConnection({ ...parseMysqlUrl(options.databaseUrl), multipleStatements: true });
  try {
    await acquireLock(connection);
    try {
      await connection.query(CREATE_MIGRATIONS_TABLE);
      const pending = pendingMigrations(files, await appliedMigrations(connection));
      for (const file of pending) {
        await applyMigration(connection, file);
        options.onApplied?.(file.name);
      }
      return { applied: pending.map((file) => file.name) };
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await connection.end();
  }
}

async function acquireLock(connection: mysql.Connection): Promise<void> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS locked', [LOCK_NAME, LOCK_TIMEOUT_SECONDS]);
  if (rows[0]?.locked !== 1) {
    throw new MigrationError(`could not take the migration lock within ${LOCK_TIMEOUT_SECONDS}s: another migration is running`);
  }
}

async function appliedMigrations(connection: mysql.Connection): Promise<AppliedRow[]> {
  const [rows] = await connection.query<(AppliedRow & mysql.RowDataPacket)[]>(
    'SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name',
  );
  return rows;
}

/** The files not yet applied, after checking that the applied ones are intact. */
export function pendingMigrations(files: MigrationFile[], applied: AppliedRow[]): MigrationFile[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `migration ${row.migration_name} failed earlier; repair the database, then mark it rolled back (prisma migrate resolve --rolled-back ${row.migration_name})`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(`migration ${row.migration_name} is applied to the database but missing from prisma/migrations`);
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.migration_name} was modified after it was applied (checksum differs); add a new migration instead of editing an applied one`,
      );
    }
  }
  const appliedNames = new Set(applied.map((row) => row.migration_name));
  return files.filter((file) => !appliedNames.has(file.name));
}

async function applyMigration(connection: mysql.Connection, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await connection.query(
    'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, CURRENT_TIMESTAMP(3), 0)',
    [id, file.checksum, file.name],
  );
  try {
    await connection.query(file.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await connection.query('UPDATE _prisma_migrations SET logs = ? WHERE id = ?', [message, id]);
    throw new MigrationError(`migration ${file.name} failed: ${message}`);
  }
  await connection.query(
    'UPDATE _prisma_migrations SET finished_at = CURRENT_TIMESTAMP(3), applied_steps_count = 1 WHERE id = ?',
    [id],
  );
}
