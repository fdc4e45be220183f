// A fresh, migrated database for one test file: a SQLite file in the run's folder by default, or a
// new database on the PostgreSQL server named by DATABASE_URL when that is a postgres URL. Both are
// removed when the run ends (globalTeardown.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../../platform/database';

/** The PostgreSQL databases of this run start with it. */
export const testDatabasePrefix = () => `aftersales_test_${process.env.TEST_RUN_ID ?? 'x'}_`;

export function createTestDatabaseUrl(): Promise<string> {
  const dir = process.env.TEST_TMP_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-db-'));
  return createScratchDatabase({ base: process.env.DATABASE_URL, dir, prefix: testDatabasePrefix() });
}
