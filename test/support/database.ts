// A fresh, migrated database for one test file: a SQLite file in the run's folder by default, or a
// new database on the PostgreSQL server named by DATABASE_URL when that is a postgres URL. Both are
// removed when the run ends (globalTeardown.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { migrate } from '../../platform/run';

/** The PostgreSQL databases of this run start with it. */
export const testDatabasePrefix = () => `aftersales_test_${process.env.TEST_RUN_ID ?? 'x'}_`;

export async function createTestDatabaseUrl(): Promise<string> {
  const base = process.env.DATABASE_URL;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const name = `${testDatabasePrefix()}${randomBytes(6).toString('hex')}`;
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
