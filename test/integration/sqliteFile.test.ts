// The SQLite file the API and worker processes share (db/client.ts). One writer at a time: a write
// that finds another process's write in progress waits for it without holding up the rest of its
// own process (other requests, timers, reads), then goes through; it waits at most
// SQLITE_WRITE_WAIT_MS and then fails rather than wait on. And the query planner's statistics are
// kept current, so that reads use the index made for them as the file grows. Always on a SQLite
// file of its own, whatever database the run uses.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, SQLITE_WRITE_WAIT_MS, createDatabase, sqliteFilePath } from '../../db/client';
import { migrate } from '../../platform/database';
import { appendAudit } from '../../services/audit';

jest.setTimeout(120_000);

let dir: string;
let url: string;
let db: Database;
/** Another process writing to the same file: it begins a write on `begin` and ends it on `end`. */
let other: ChildProcessWithoutNullStreams;

const OTHER_PROCESS = `
  const db = new (require('better-sqlite3'))(process.argv[1], { timeout: 30000 });
  require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
    db.exec(line === 'begin' ? 'BEGIN IMMEDIATE' : 'ROLLBACK');
    process.stdout.write(line + '\\n');
  });`;

/** Asks the other process to begin or end its write, and waits until it has. */
async function otherProcess(command: 'begin' | 'end'): Promise<void> {
  const done = once(other.stdout, 'data');
  other.stdin.write(`${command}\n`);
  await done;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'writers-'));
  url = `file:${path.join(dir, 'db.sqlite')}`;
  migrate(url);
  db = createDatabase(url);
  other = spawn(process.execPath, ['-e', OTHER_PROCESS, sqliteFilePath(url)], { cwd: process.cwd() });
});
afterAll(async () => {
  other?.kill();
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (requestId: string) => ({
  requestId,
  actor: null,
  method: 'POST',
  path: '/api/v1/complaints',
  objectType: 'complaints',
  objectId: null,
  action: 'POST /api/v1/complaints',
  status: 201,
  errorCode: null,
  body: null,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const elapsed = async (f: () => Promise<unknown>) => {
  const t = Date.now();
  await f();
  return Date.now() - t;
};

test('a write behind another process waits for it while the process goes on, then is written', async () => {
  await db.auditEntry.count(); // connected
  await otherProcess('begin');
  const heldAt = Date.now();
  const single = appendAudit(db, entry('waits-single'));
  const inTransaction = db.$transaction(async (tx) => {
    await tx.auditEntry.count();
    await appendAudit(tx as unknown as Database, entry('waits-in-transaction'));
  });
  // The process meanwhile: a timer fires on time and a read is answered, while the lock is held.
  expect(await elapsed(() => sleep(50))).toBeLessThan(400);
  expect(await elapsed(() => db.auditEntry.count())).toBeLessThan(400);
  await sleep(1000 - (Date.now() - heldAt));
  const settled = { single: false, inTransaction: false };
  void single.then(() => (settled.single = true));
  void inTransaction.then(() => (settled.inTransaction = true));
  await sleep(10);
  expect(settled).toEqual({ single: false, inTransaction: false });
  await otherProcess('end');
  await Promise.all([single, inTransaction]);
  expect(Date.now() - heldAt).toBeGreaterThanOrEqual(1000);
  const written = await db.auditEntry.findMany({ where: { requestId: { in: ['waits-single', 'waits-in-transaction'] } }, select: { requestId: true } });
  expect(written.map((w) => w.requestId).sort()).toEqual(['waits-in-transaction', 'waits-single']);
});

test('a write that never gets its turn fails after the bound, writing nothing; the next one goes through', async () => {
  await otherProcess('begin');
  const started = Date.now();
  try {
    await expect(appendAudit(db, entry('never'))).rejects.toThrow();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(SQLITE_WRITE_WAIT_MS - 100);
    expect(waited).toBeLessThan(SQLITE_WRITE_WAIT_MS + 5_000);
  } finally {
    await otherProcess('end');
  }
  await appendAudit(db, entry('after'));
  expect(await db.auditEntry.count({ where: { requestId: { in: ['never', 'after'] } } })).toBe(1);
});

test("C12: with many cases, a month's closed cases are read through their closing dates, not through every closed case", async () => {
  // 100,000 cases, half closed over 24 months: as a file looks after years of use.
  await db.$executeRawUnsafe(`
    INSERT INTO "ComplaintCase" ("id", "workflowId", "status", "stage", "market", "month", "filedBy", "state", "version", "createdAt", "closedAt", "updatedAt")
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
    SELECT 'case-' || i, 'complaint-case-' || i, CASE i % 2 WHEN 0 THEN 'closed' ELSE 'open' END, 'registration', 'domestic', '2026-11', 'sales',
      '{}', 12, 1764547200000 - (i % 24) * 2592000000, CASE i % 2 WHEN 0 THEN 1764547200000 - (i % 24) * 2592000000 ELSE NULL END, 1764547200000
    FROM n`);
  const plan = async (client: Database) => {
    const rows = await client.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN SELECT COUNT(*), SUM("version") FROM "ComplaintCase" WHERE "closedAt" >= ? AND "closedAt" < ? AND "status" IN ('closed', 'rejected', 'withdrawn')`,
      1764547200000 - 2592000000,
      1764547200000,
    );
    return rows.map((r) => r.detail).join('; ');
  };
  // A process opening the file brings the planner's statistics up to date (and every hour after).
  const next = createDatabase(url);
  try {
    await next.auditEntry.count();
    expect(await plan(next)).toMatch(/INDEX ComplaintCase_closedAt_status_version_idx \(closedAt>\? AND closedAt<\?\)/);
  } finally {
    await next.$disconnect();
  }
});
