import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaClient } from '../generated/prisma/client.js';
import { parseMysqlUrl } from './mysql-url.js';

export type Database = PrismaClient;

/** The Rust-free Prisma client over the MariaDB driver (works with MySQL 8 too). */
export function createDatabase(databaseUrl: string, options: { connectionLimit?: number } = {}): Database {
  const target = parseMysqlUrl(databaseUrl);
  const adapter = new PrismaMariaDb({
    ...target,
    connectionLimit: options.connectionLimit ?? 10,
    // Fail fast when the database is down instead of holding requests for 20s.
    connectTimeout: 3000,
    acquireTimeout: 5000,
    // MySQL 8's default caching_sha2_password needs the server key over plain TCP.
    allowPublicKeyRetrieval: true,
  });
  return new PrismaClient({ adapter });
}
