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
    const adapter = sqliteWriters(new PrismaBetterSQLite3({ url: databaseUrl }));
    // A transaction may wait up to SQLITE_WRITE_WAIT_MS for its turn to write (sqliteWriters).
    return new SqliteClient({ adapter, transactionOptions: { maxWait: SQLITE_WRITE_WAIT_MS + 2_000 } });
  }
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Database;
}

/** How long a write waits for another process's write before it fails (SQLITE_BUSY). */
export const SQLITE_WRITE_WAIT_MS = 10_000;

/** How often a process asks SQLite to bring its query planner's statistics up to date. */
export const SQLITE_OPTIMIZE_EVERY_MS = 60 * 60_000;

/**
 * SQLite lets one writer at a time hold the file; the API and worker processes take turns. Two
 * things here make that fair and keep each process responsive:
 * - Every transaction is BEGIN IMMEDIATE. In WAL mode a deferred transaction that reads before it
 *   writes fails at once (SQLITE_BUSY_SNAPSHOT) when another process committed in between; an
 *   immediate one takes the write lock first.
 * - A write that finds the lock taken waits for it without blocking the process. SQLite's own busy
 *   timeout sleeps the calling thread, and the driver calls SQLite on the process's only thread: a
 *   request waiting behind the worker's transaction would stall every other request of its process
 *   for as long. Here the connection's busy timeout is 0 and a write refused with SQLITE_BUSY is
 *   tried again after a short, growing pause, up to SQLITE_WRITE_WAIT_MS, while the process goes on
 *   serving what needs no lock. A statement refused so has changed nothing, so trying it again is safe.
 * And it keeps the query planner's statistics current (`PRAGMA optimize`, as SQLite advises for
 * long-lived connections: on opening, then every SQLITE_OPTIMIZE_EVERY_MS). Without them SQLite
 * guesses, and reads a month's closed cases through the status index, every closed case of every
 * month, instead of through their closing dates: at 100,000 cases, 100 ms instead of half a
 * millisecond.
 */
function sqliteWriters(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: BetterSqliteClient }).client;
    client.pragma('busy_timeout = 0');
    const prepare = client.prepare.bind(client);
    // The driver's own BEGIN runs once this process already holds the write lock (below).
    client.prepare = (sql: string) => (sql === 'BEGIN' ? BEGUN : prepare(sql));
    // One transaction of this process at a time (they share the connection), in the order asked.
    let turn: Promise<void> = Promise.resolve();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      let release!: () => void;
      const previous = turn;
      turn = new Promise<void>((resolve) => (release = resolve));
      await previous;
      try {
        await whenWritable(() => prepare('BEGIN IMMEDIATE').run());
      } catch (err) {
        release();
        throw err;
      }
      try {
        const tx = await startTransaction(isolationLevel);
        const [commit, rollback] = [tx.commit.bind(tx), tx.rollback.bind(tx)];
        tx.commit = () => commit().finally(release);
        tx.rollback = () => rollback().finally(release);
        return tx;
      } catch (err) {
        if (client.inTransaction) prepare('ROLLBACK').run();
        release();
        throw err;
      }
    };
    const [queryRaw, executeRaw] = [adapter.queryRaw.bind(adapter), adapter.executeRaw.bind(adapter)];
    adapter.queryRaw = (query) => whenWritable(() => queryRaw(query));
    adapter.executeRaw = (query) => whenWritable(() => executeRaw(query));
    // Statistics are a hint: when the file stays busy past the wait, the next round brings them.
    const optimize = (pragma: string) => void whenWritable(() => client.pragma(pragma)).catch(() => undefined);
    optimize('optimize=0x10002');
    const refresh = setInterval(() => optimize('optimize'), SQLITE_OPTIMIZE_EVERY_MS).unref();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      clearInterval(refresh);
      return dispose();
    };
    return adapter;
  };
  return factory;
}

interface BetterSqliteClient {
  prepare: (sql: string) => { run: () => unknown };
  pragma: (sql: string) => unknown;
  inTransaction: boolean;
}

/** What the driver's BEGIN runs: nothing, the transaction is already begun. */
const BEGUN = { run: () => ({ changes: 0, lastInsertRowid: 0 }) };

const isBusy = (err: unknown): boolean => {
  const e = err as { code?: unknown; cause?: { originalCode?: unknown } };
  return e?.code === 'SQLITE_BUSY' || e?.cause?.originalCode === 'SQLITE_BUSY';
};

/** Runs `f`, again after a pause each time SQLite answers that another process holds the write lock. */
async function whenWritable<T>(f: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_WRITE_WAIT_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      return await f();
    } catch (err) {
      if (!isBusy(err) || Date.now() + pause > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
  }
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
