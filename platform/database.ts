// Bringing a database to the current schema: migrations for the platform's database (SQLite or
// PostgreSQL), and throw-away databases for tests, benchmarks and history captures.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { REPO_ROOT } from '../config';
import { sqliteFilePath } from '../db/client';

export function migrate(databaseUrl: string): void {
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'prisma.sh'), 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`migrations failed:\n${result.stdout}\n${result.stderr}`);
  if (databaseUrl.startsWith('file:')) {
    // WAL (kept in the file): readers never wait for the writer, and the API and worker
    // processes share the file smoothly.
    const sqlite = new BetterSqlite3(sqliteFilePath(databaseUrl));
    sqlite.pragma('journal_mode = WAL');
    sqlite.close();
  }
}

/** True for a PostgreSQL URL (postgres:// or postgresql://); anything else is a SQLite file. */
export const isPostgresUrl = (url: string | undefined): url is string => url !== undefined && /^postgres(ql)?:\/\//.test(url);

/** The PostgreSQL URL `base` with its database replaced by `name`. */
export function withDatabaseName(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database: a new database named `<prefix><random>` on the PostgreSQL server of
 * `base` when that is a postgres URL, else a SQLite file in `dir`.
 */
export async function createScratchDatabase(options: { base?: string; dir: string; prefix: string }): Promise<string> {
  const { base, dir, prefix } = options;
  if (isPostgresUrl(base)) {
    const name = `${prefix}${randomBytes(6).toString('hex')}`;
    const admin = new PgClient({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabaseName(base, name);
    migrate(url);
    return url;
  }
  const url = `file:${path.join(dir, `db-${randomBytes(6).toString('hex')}.sqlite`)}`;
  migrate(url);
  return url;
}
