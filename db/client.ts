// One database client per process. SQLite (the default, a file) and PostgreSQL (scale-out) share one
// data model; each has its own generated client because Prisma binds a client to its provider.
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/prisma-sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/prisma-postgresql/client';

/** The models and queries are the same on both providers; code is typed against this one. */
export type Database = InstanceType<typeof SqliteClient>;

export function sqliteFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '').replace(/\?.*$/, '');
}

export function createDatabase(databaseUrl: string): Database {
  if (databaseUrl.startsWith('file:')) {
    const file = sqliteFilePath(databaseUrl);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // The file is in WAL mode (set by the migrations step): readers proceed while a writer commits.
    const adapter = immediateTransactions(new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 }));
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Database;
}

/**
 * Makes every SQLite transaction BEGIN IMMEDIATE. In WAL mode a deferred transaction that reads
 * before it writes fails at once (SQLITE_BUSY_SNAPSHOT) when another process committed in between,
 * and the busy timeout cannot help; an immediate one takes the write lock first and so waits its
 * turn (up to the busy timeout) behind the API and worker processes' other writers.
 */
function immediateTransactions(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: { prepare: (sql: string) => unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);
    return adapter;
  };
  return factory;
}

/** True when the database answers a trivial query. */
export async function databaseReachable(db: Database): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
