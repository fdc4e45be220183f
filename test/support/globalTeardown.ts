// Stops the shared Temporal server and removes what the run created: the folder with the SQLite
// databases, the workflow bundle and the server's log, and the run's PostgreSQL databases.
// With TEST_TEMPORAL_EXISTING_ADDRESS no server was started here, and that one is left running.
// KEEP_TEST_FILES=1 keeps the folder (to read temporal.log after a failure).
import fs from 'node:fs';
import { Client as PgClient } from 'pg';
import type { LocalTemporal } from '../../platform/localTemporal';
import { isPostgresUrl } from '../../platform/database';
import { testDatabasePrefix } from './database';

export default async function globalTeardown(): Promise<void> {
  const temporal = (globalThis as Record<string, unknown>).__TEST_TEMPORAL__ as LocalTemporal | undefined;
  await temporal?.stop();
  const base = process.env.DATABASE_URL;
  if (isPostgresUrl(base) && process.env.TEST_RUN_ID) {
    const admin = new PgClient({ connectionString: base });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [testDatabasePrefix()]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const dir = process.env.TEST_TMP_DIR;
  if (dir && process.env.KEEP_TEST_FILES !== '1') fs.rmSync(dir, { recursive: true, force: true });
}
