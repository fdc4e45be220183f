// A fresh, migrated database for one test file: a SQLite file by default, or a new database on
// the PostgreSQL server named by DATABASE_URL when that is a postgres URL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { migrate } from '../../platform/run';

export async function createTestDatabaseUrl(): Promise<string> {
  const base = process.env.DATABASE_URL;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const name = `aftersales_test_${randomBytes(6).toString('hex')}`;
    const admin = new PgClient({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    migrate(url.toString());
    return url.toString();
  }
  const dir = process.env.TEST_TMP_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-db-'));
  const url = `file:${path.join(dir, `db-${randomBytes(6).toString('hex')}.sqlite`)}`;
  migrate(url);
  return url;
}
