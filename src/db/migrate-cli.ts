import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config/config.js';
import { backfillSearchGrams, SEARCH_MIGRATION } from '../messages/search-backfill.js';
import { migrate } from './migrations/runner.js';
import { createSqlPool } from './sql-pool.js';

/** `npm run db:migrate`: apply prisma/migrations to DATABASE_URL. */
async function main(): Promise<void> {
  dotenv.config({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  const config = loadConfig(process.env);
  const migrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations');
  const { applied } = await migrate({
    databaseUrl: config.db.url,
    migrationsDir,
    onApplied: (name) => console.log(`db:migrate: applied ${name}`),
  });
  console.log(applied.length === 0 ? 'db:migrate: nothing to apply, the database is up to date' : `db:migrate: ${applied.length} migration(s) applied`);
  // Messages stored before the search index existed get their grams once, right after it.
  if (applied.includes(SEARCH_MIGRATION)) {
    const pool = createSqlPool(config.db.url, 1);
    try {
      const { messages } = await backfillSearchGrams(pool);
      console.log(`db:migrate: ${messages} earlier message(s) indexed for search`);
    } finally {
      await pool.end();
    }
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`db:migrate: ${message}`);
  process.exit(1);
});
