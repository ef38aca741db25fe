import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config/config.js';
import { createSqlPool } from '../db/sql-pool.js';
import { backfillSearchGrams } from './search-backfill.js';

/**
 * `npm run search:backfill`: indexes for search the messages stored before the index
 * existed. `npm run db:migrate` does it by itself when it applies the index's migration;
 * run this after `prisma migrate deploy`, or to finish an interrupted run.
 */
async function main(): Promise<void> {
  dotenv.config({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  const config = loadConfig(process.env);
  const pool = createSqlPool(config.db.url, 1);
  try {
    const { messages, grams } = await backfillSearchGrams(pool, (done) => {
      if (done % 100_000 === 0) console.log(`search:backfill: ${done} messages…`);
    });
    console.log(`search:backfill: ${messages} messages indexed (${grams} grams)`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`search:backfill: ${message}`);
  process.exit(1);
});
