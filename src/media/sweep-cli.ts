import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDatabase } from '../db/prisma.js';
import { createMediaStore } from './create-store.js';
import { sweepOrphans } from './sweep.js';

/**
 * `npm run media:sweep`: removes files no message points at, older than a day, from the
 * configured store (disk or S3). Run it daily (cron, a scheduled task); it is idempotent.
 */
async function main(): Promise<void> {
  dotenv.config({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  const config = loadConfig(process.env);
  const db = createDatabase(config.db.url, { connectionLimit: 2 });
  const store = createMediaStore(config.media);
  try {
    const { checked, removed } = await sweepOrphans({ db, store });
    for (const key of removed) console.log(`media:sweep: removed ${key}`);
    console.log(`media:sweep: ${checked} file(s) checked in ${config.media.storage.driver}, ${removed.length} orphan(s) removed`);
  } finally {
    store.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`media:sweep: ${message}`);
  process.exit(1);
});
