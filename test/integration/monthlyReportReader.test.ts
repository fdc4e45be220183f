// C12: a month's report as readers ask for it again and again. A month not compiled yet is compiled
// from the cases as they stand and kept until one of its inputs changes: the next reader gets the
// same compilation, and a case ending, a projection moving on, a timeliness row or an accountability
// case awaiting review each bring a new one. A compiled month is read as stored, the newest
// compilation first. Runs on the database of the test run: SQLite by default, PostgreSQL when
// DATABASE_URL names one (CI runs both).
import { randomUUID } from 'node:crypto';
import { type Database, createDatabase } from '../../db/client';
import { MonthlyReportReader, compileMonthlyReport, storeMonthlyReport } from '../../services/monthlyReport';
import { createTestDatabaseUrl } from '../support/database';

jest.setTimeout(120_000);

const TZ = 'Asia/Shanghai';
const MONTH = '2026-10';
let db: Database;
let compilations = 0;
let clock = Date.parse('2026-11-02T02:00:00Z');
/** The reader's clock: read once per compilation, a second later each time. */
const now = () => {
  compilations += 1;
  clock += 1000;
  return new Date(clock);
};

beforeAll(async () => {
  db = createDatabase(await createTestDatabaseUrl());
});
afterAll(async () => {
  await db?.$disconnect();
});

/** A complaint that ended in the month as not established, as its projection holds it. */
async function endedCase(closedAt: string, status: 'rejected' | 'withdrawn' = 'rejected'): Promise<string> {
  const id = randomUUID();
  await db.complaintCase.create({
    data: {
      id,
      workflowId: `complaint-${id}`,
      status,
      stage: status,
      market: 'domestic',
      month: closedAt.slice(0, 7),
      filedBy: 'sales-1',
      state: '{}',
      version: 12,
      createdAt: new Date(Date.parse(closedAt) - 86_400_000),
      closedAt: new Date(closedAt),
    },
  });
  return id;
}

test('C12: a provisional report is compiled once while nothing changes; readers arriving together share one compilation', async () => {
  const reader = new MonthlyReportReader(db, TZ, now);
  await endedCase('2026-10-10T04:00:00Z');
  const before = compilations;
  const [a, b] = await Promise.all([reader.read(MONTH), reader.read(MONTH)]);
  expect(compilations - before).toBe(1);
  expect(a).toEqual(b);
  expect(a).toMatchObject({ provisional: true, version: null, report: { month: MONTH, totals: { notEstablished: 1 } } });
  const again = await reader.read(MONTH);
  expect(compilations - before).toBe(1);
  expect(again.report.compiledAt).toBe(a.report.compiledAt);
});

test('C12: the next read after any of its inputs changes is a new compilation showing the change', async () => {
  const reader = new MonthlyReportReader(db, TZ, now);
  const first = await reader.read(MONTH);
  const ended = first.report.totals.notEstablished;

  // A case ends in the month (its first minute in the company's time zone).
  const id = await endedCase('2026-09-30T16:00:00Z');
  const afterEnding = await reader.read(MONTH);
  expect(afterEnding.report.totals.notEstablished).toBe(ended + 1);
  expect(afterEnding.report.compiledAt > first.report.compiledAt).toBe(true);

  // Its projection moves on: the case was withdrawn instead.
  await db.complaintCase.update({ where: { id }, data: { status: 'withdrawn', stage: 'withdrawn', version: 13 } });
  const afterProjection = await reader.read(MONTH);
  expect(afterProjection.report.totals).toMatchObject({ notEstablished: ended, withdrawn: first.report.totals.withdrawn + 1 });

  // An accountability case comes to await its review.
  const pending = randomUUID();
  await db.accountabilityCase.create({
    data: {
      caseId: pending,
      workflowId: `accountability-${pending}`,
      caseNumber: '2026-0901',
      status: 'awaiting_approval',
      closedAt: new Date('2026-09-20T03:00:00Z'),
      closedMonth: '2026-09',
      lossAtClosingFen: 100_000n,
      state: '{}',
      version: 5,
      createdAt: new Date('2026-09-20T03:00:00Z'),
    },
  });
  const afterReview = await reader.read(MONTH);
  expect(afterReview.report.penaltiesToApprove.map((p) => p.caseId)).toContain(pending);

  // A timeliness row of the month is written (after a closing).
  const counted = compilations;
  await db.stageTimeliness.create({
    data: {
      id: `complaint:${id}:0`,
      caseType: 'complaint',
      caseId: id,
      month: MONTH,
      stage: 'analysis',
      department: 'qa',
      enteredAt: new Date('2026-09-29T01:00:00Z'),
      dueAt: new Date('2026-09-29T09:00:00Z'),
      leftAt: new Date('2026-09-29T08:00:00Z'),
      late: false,
      lateByMinutes: 0,
    },
  });
  await reader.read(MONTH);
  expect(compilations).toBe(counted + 1);

  // A case of another month changes nothing.
  await endedCase('2026-11-05T04:00:00Z');
  await reader.read(MONTH);
  expect(compilations).toBe(counted + 1);
});

test('C12: a compiled month is read as stored, and its recompilation replaces it', async () => {
  const reader = new MonthlyReportReader(db, TZ, now);
  const month = '2026-08';
  await endedCase('2026-08-12T04:00:00Z');
  expect((await reader.read(month)).provisional).toBe(true);

  await storeMonthlyReport(db, await compileMonthlyReport(db, month, TZ, new Date('2026-09-01T01:00:00Z')));
  const v1 = await reader.read(month);
  expect(v1).toMatchObject({ provisional: false, version: 1, report: { compiledAt: '2026-09-01T01:00:00.000Z', totals: { notEstablished: 1 } } });

  // A case changed after the compilation is not in the stored report until it is recompiled.
  await endedCase('2026-08-20T04:00:00Z');
  expect((await reader.read(month)).report.totals.notEstablished).toBe(1);
  await storeMonthlyReport(db, await compileMonthlyReport(db, month, TZ, new Date('2026-09-02T01:00:00Z')));
  expect(await reader.read(month)).toMatchObject({ provisional: false, version: 2, report: { compiledAt: '2026-09-02T01:00:00.000Z', totals: { notEstablished: 2 } } });
});
