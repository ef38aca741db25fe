/** Connection settings of a mysql://user:pass@host:port/db URL, for drivers that want parts. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseMysqlUrl(value: string): MysqlTarget {
  const url = new URL(value);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
  };
}

/** The same server and credentials, another database (tests use their own). */
export function withDatabase(value: string, database: string): string {
  const url = new URL(value);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A database name as a quoted SQL identifier (names come from configuration, not users). */
export const quoteIdentifier = (name: string) => `\`${name.replace(/`/g, '')}\``;
