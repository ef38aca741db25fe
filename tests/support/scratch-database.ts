import mysql from 'mysql2/promise';
import { inject } from 'vitest';
import { parseMysqlUrl, quoteIdentifier, withDatabase } from '../../src/db/mysql-url.js';
import { ensureDatabase } from '../../src/tooling/services.js';
import { unique } from './factories.js';

/** An empty database of its own for a test that needs a blank slate; drop() removes it. */
export async function createScratchDatabase(): Promise<{ url: string; query: <T>(sql: string, params?: unknown[]) => Promise<T[]>; drop(): Promise<void> }> {
  const url = withDatabase(inject('databaseUrl'), `codingline_scratch_${unique()}`);
  await ensureDatabase(url);
  const connection = await mysql.createConnection(parseMysqlUrl(url));
  return {
    url,
    query: async <T>(sql: string, params: unknown[] = []) => {
      const [rows] = await connection.query(sql, params);
      return rows as T[];
    },
    drop: async () => {
      await connection.query(`DROP DATABASE ${quoteIdentifier(parseMysqlUrl(url).database)}`);
      await connection.end();
    },
  };
}
