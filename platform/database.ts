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

/**
 * A fresh, migrated database: a new database named `<prefix><random>` on the PostgreSQL server of
 * `base` when that is a postgres URL, else a SQLite file in `dir`.
 */
export async function createScratchDatabase(options: { base?: string; dir: string; prefix: string }): Promise<string> {
  const { base, dir, prefix } = options;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const name = `${prefix}${randomBytes(6).toString('hex')}`;
    const admin = new PgClient({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    migrate(url.toString());
    return url.toString();
  }
  const url = `file:${path.join(dir, `db-${randomBytes(6).toString('hex')}.sqlite`)}`;
  migrate(url);
  return url;
}
