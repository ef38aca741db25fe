import mysql from 'mysql2/promise';
import { parseMysqlUrl } from './mysql-url.js';

export type SqlPool = mysql.Pool;

/**
 * A plain mysql2 pool beside Prisma, for the few hot statements where the ORM's per-query
 * cost matters (the chat write path, src/messages/chat-writer.ts). Small: two cores.
 */
export function createSqlPool(databaseUrl: string, connectionLimit = 4): SqlPool {
  return mysql.createPool({
    ...parseMysqlUrl(databaseUrl),
    connectionLimit,
    connectTimeout: 3000,
    // DATETIME(3) columns are written and read as UTC, like Prisma does.
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    // One round trip for the chat write path's transaction; values are always placeholders.
    multipleStatements: true,
  });
}
