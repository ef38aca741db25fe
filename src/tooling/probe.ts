import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { parseMysqlUrl } from '../db/mysql-url.js';

/** Resolves when the MySQL server at this URL accepts these credentials (no database needed). */
export async function mysqlAnswers(databaseUrl: string): Promise<true | string> {
  const { database: _database, ...target } = parseMysqlUrl(databaseUrl);
  try {
    const connection = await mysql.createConnection({ ...target, connectTimeout: 2000 });
    await connection.end();
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function redisAnswers(redisUrl: string): Promise<true | string> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    redis.disconnect();
  }
}
