// A fresh, migrated database for one test file: a SQLite file in the run's folder by default, or a
// new database on the PostgreSQL server named by DATABASE_URL when that is a postgres URL. Both are
// removed when the run ends (globalTeardown.ts).
//
// The run migrates one template once (whichever test file asks first) and each test file gets a
// copy of it: a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL, where migrating a
// new database takes about 11 s and copying the template a fraction of a second.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { isPostgresUrl, migrate, withDatabaseName } from '../../platform/database';

/** The PostgreSQL databases of this run start with it. */
export const testDatabasePrefix = () => `aftersales_test_${process.env.TEST_RUN_ID ?? 'x'}_`;

export function createTestDatabaseUrl(): Promise<string> {
  const base = process.env.DATABASE_URL;
  if (isPostgresUrl(base)) return copyOfPostgresTemplate(base);
  return Promise.resolve(copyOfSqliteTemplate(process.env.TEST_TMP_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-db-'))));
}

function copyOfSqliteTemplate(dir: string): string {
  const template = path.join(dir, 'template.sqlite');
  if (!fs.existsSync(template)) {
    // Migrated under a name of its own, then renamed: a test file never copies a half-migrated one.
    const draft = path.join(dir, `template-${randomBytes(6).toString('hex')}.sqlite`);
    migrate(`file:${draft}`);
    fs.renameSync(draft, template);
  }
  const file = path.join(dir, `db-${randomBytes(6).toString('hex')}.sqlite`);
  fs.copyFileSync(template, file);
  return `file:${file}`;
}

async function copyOfPostgresTemplate(base: string): Promise<string> {
  const template = `${testDatabasePrefix()}template`;
  const admin = new PgClient({ connectionString: base });
  await admin.connect();
  try {
    // One test file at a time: the first migrates the template, the others wait and copy it.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!rowCount) {
        const draft = `${testDatabasePrefix()}draft_${randomBytes(4).toString('hex')}`;
        await admin.query(`CREATE DATABASE ${draft}`);
        migrate(withDatabaseName(base, draft));
        await admin.query(`ALTER DATABASE ${draft} RENAME TO ${template}`);
      }
      const name = `${testDatabasePrefix()}${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return withDatabaseName(base, name);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  } finally {
    await admin.end();
  }
}
