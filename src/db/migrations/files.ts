import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  /** Folder name, e.g. 20261125000000_init: Prisma orders and records by it. */
  name: string;
  sql: string;
  /** SHA-256 of the file's bytes in hex, as Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** Reads prisma/migrations/<name>/migration.sql in name order, as Prisma does. */
export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(migrationsDir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}
