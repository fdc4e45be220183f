// The accountability workflow at full length in the time-skipping environment (P8, P14, C12):
// real activities on a fresh database; the one-month resale window passes in seconds, then the
// monthly run (as the schedule starts it) settles the ledger of the month that is over.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { loadConfig } from '../../config';
import { type Database, createDatabase } from '../../db/client';
import { DEFAULT_ACCOUNTING_RULES } from '../../domain/accountability/allocation';
import { monthOf, nextMonth, previousMonth } from '../../domain/accountability/ledger';
import type { AccountabilityInput, AccountabilityState } from '../../domain/accountability/machine';
import type { Actor, Role } from '../../domain/roles';
import { putBonus, putPerson } from '../../services/accountability';
import { replayHistory } from '../../temporal/replay';
import { accountabilityActionUpdate, accountabilityStateQuery, accountabilityWorkflow, accountabilityWorkflowId } from '../../workflows/accountability';
import { monthlyReportWorkflow } from '../../workflows/monthlyReport';
import { createTestDatabaseUrl } from '../support/database';
import { createTimeSkippingEnv } from '../support/timeSkipping';

jest.setTimeout(240_000);

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let db: Database;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `accountability-timeskipping-${randomUUID()}`;
const who = (role: Role): Actor => ({ id: `${role}-1`, name: `${role} user`, roles: [role] });
/** Every workflow run here, replayed at the end against the current code (G4). */
const ran: string[] = [];

beforeAll(async () => {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  env = await createTimeSkippingEnv();
  db = createDatabase(await createTestDatabaseUrl());
  const { accounting, customerMessages } = loadConfig({ DATABASE_URL: 'file:/dev/null' }); // the defaults: 30 days, 50%
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities: createActivities({ db, timeZone: TZ, accounting, customerMessages }),
  });
  running = worker.run();
  const now = new Date();
  await putPerson(db, 'p-a', { name: 'An', unit: 'manufacturing/section-2/group-3', basePoints: 150 }, 'hr', now);
  await putPerson(db, 'p-b', { name: 'Bo', unit: 'manufacturing/section-2/group-3', basePoints: 50 }, 'hr', now);
  await putPerson(db, 'p-c', { name: 'Cai', unit: 'manufacturing/section-9/group-1', basePoints: 100 }, 'hr', now);
});

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await running;
  }
  await env?.teardown();
  await db?.$disconnect();
});

async function open(over: Partial<AccountabilityInput> = {}) {
  const caseId = randomUUID();
  const closedAt = new Date(Number(await env.currentTimeMs())).toISOString();
  const input: AccountabilityInput = {
    caseId,
    caseNumber: `2611-${caseId.slice(0, 4)}`,
    closedAt,
    customer: 'Hangzhou Precision Co.',
    market: 'domestic',
    responsibility: [{ department: 'manufacturing/section-2/group-3', ratio: 1 }],
    lossFen: 1_000_000,
    ourFault: true,
    humanNegligence: false,
    cause: 'Worn mould',
    countermeasure: 'Replace the insert',
    trackImprovement: true,
    handlingKind: 'return',
    rules: DEFAULT_ACCOUNTING_RULES,
    ...over,
  };
  const handle = await env.client.workflow.start(accountabilityWorkflow, { taskQueue, workflowId: accountabilityWorkflowId(caseId), args: [input] });
  ran.push(handle.workflowId);
  const act = (actor: Actor, body: unknown): Promise<AccountabilityState> => handle.executeUpdate(accountabilityActionUpdate, { args: [{ actor, input: body }] });
  await act(who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'materials_not_per_spec', level: 'none' }] });
  const approved = await act(who('gm'), { action: 'approve' });
  return { caseId, handle, act, approved };
}

test('P8: with no outcome recorded the one-month window fixes the actual loss; charges are booked by themselves', async () => {
  const { caseId, handle, approved } = await open();
  expect(approved.status).toBe('resale_window');
  const approvedAt = Date.parse(approved.decision!.at);
  expect(Date.parse(approved.resaleDueAt!)).toBe(approvedAt + 30 * DAY);

  await env.sleep('29 days');
  expect((await handle.query(accountabilityStateQuery)).status).toBe('resale_window');
  expect(await db.penaltyCharge.count({ where: { caseId } })).toBe(0);

  await env.sleep('2 days');
  const result = await handle.result(); // no administrative penalty: the workflow ends once settled
  expect(result).toEqual({ status: 'settled', fixedLossFen: 1_000_000 });
  const state = await handle.query(accountabilityStateQuery);
  expect(state.resale).toMatchObject({ outcome: 'window_expired', at: new Date(approvedAt + 30 * DAY).toISOString() });
  expect(state.fixedLoss!.basis).toMatch(/Not resold within the window/);
  const charges = await db.penaltyCharge.findMany({ where: { caseId }, orderBy: { personId: 'asc' } });
  // P13: 10,000.00 over 2.00 base points: 1.50 → 7,500.00, 0.50 → 2,500.00.
  expect(charges.map((c) => [c.personId, Number(c.chargeFen), c.month])).toEqual([
    ['p-a', 750_000, monthOf(new Date(approvedAt + 30 * DAY), TZ)],
    ['p-b', 250_000, monthOf(new Date(approvedAt + 30 * DAY), TZ)],
  ]);
  const row = await db.accountabilityCase.findUniqueOrThrow({ where: { caseId } });
  expect(row).toMatchObject({ status: 'settled', fixedLossFen: 1_000_000n });
  expect(await db.workItem.count({ where: { caseId, status: 'open' } })).toBe(0);
});

test('P8, P1: a sale inside the window fixes the shortfall at once; HR publication ends the case', async () => {
  const caseId = randomUUID();
  const closedAt = new Date(Number(await env.currentTimeMs())).toISOString();
  const handle = await env.client.workflow.start(accountabilityWorkflow, {
    taskQueue,
    workflowId: accountabilityWorkflowId(caseId),
    args: [{ caseId, caseNumber: null, closedAt, customer: 'Osaka Trading', market: 'foreign', responsibility: [{ department: 'manufacturing', person: 'p-a', ratio: 1 }], lossFen: 800_000, ourFault: true, humanNegligence: false, cause: 'x', countermeasure: null, trackImprovement: false, handlingKind: 'return', rules: DEFAULT_ACCOUNTING_RULES }],
  });
  ran.push(handle.workflowId);
  const act = (actor: Actor, body: unknown) => handle.executeUpdate(accountabilityActionUpdate, { args: [{ actor, input: body }] });
  await act(who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'inspection_data_mismatch', level: 'minor_demerit' }] });
  await act(who('gm'), { action: 'approve' });
  await env.sleep('10 days');
  const settled = await act(who('sales'), { action: 'record_resale', outcome: 'sold', saleAmount: '6500', aGradeAmount: '8000' });
  expect(settled).toMatchObject({ status: 'settled', fixedLoss: { amountFen: 150_000 } });
  // P10: 1,500.00 share against the minor-demerit minimum 800 × 1.50 = 1,200.00.
  expect(settled.settlement!.charges.map((c) => [c.personId, c.shareFen, c.minimumFen, c.chargeFen])).toEqual([['p-a', 150_000, 120_000, 150_000]]);
  await env.sleep('40 days'); // the window no longer matters
  expect((await handle.query(accountabilityStateQuery)).history.filter((e) => e.action === 'resale_window_expired')).toEqual([]);
  await act(who('hr'), { action: 'publish', reference: 'Bulletin 47' });
  expect(await handle.result()).toEqual({ status: 'settled', fixedLossFen: 150_000 });
});

test('P14, C12: the monthly run settles the ledger of a month that is over, capping deductions at 50% and carrying the rest', async () => {
  const { caseId, handle } = await open({ lossFen: 400_000, responsibility: [{ department: 'manufacturing', person: 'p-c', ratio: 1 }] });
  await env.sleep('31 days');
  await handle.result();
  const charge = await db.penaltyCharge.findFirstOrThrow({ where: { caseId } });
  const month = charge.month;
  await putBonus(db, month, 'p-c', { efficiencyBonus: 100_000, performanceBonus: 50_000 }, 'accounting', new Date());
  await putBonus(db, nextMonth(month), 'p-c', { efficiencyBonus: 100_000, performanceBonus: 50_000 }, 'accounting', new Date());

  // Still inside the charge's month (or just after): only a month that is over is settled.
  const nowMonth = monthOf(new Date(Number(await env.currentTimeMs())), TZ);
  if (nowMonth === month) {
    const early = await env.client.workflow.execute(monthlyReportWorkflow, { taskQueue, workflowId: `monthly-${randomUUID()}`, args: [{ month }] });
    expect(early).toMatchObject({ month, ledgerSettled: false });
    expect(await db.ledgerEntry.count({ where: { personId: 'p-c' } })).toBe(0);
  }

  await env.sleep('62 days'); // two month ends later
  const run = await env.client.workflow.execute(monthlyReportWorkflow, { taskQueue, workflowId: `monthly-${randomUUID()}`, args: [{ month: nextMonth(month) }] });
  expect(run).toMatchObject({ month: nextMonth(month), ledgerSettled: true });
  const rows = await db.ledgerEntry.findMany({ where: { personId: 'p-c' }, orderBy: { month: 'asc' } });
  // 4,000.00 owed against an efficiency bonus of 1,000.00: 500.00 a month, the rest carried.
  expect(rows.map((r) => [r.month, Number(r.chargedFen), Number(r.capFen), Number(r.deductedFen), Number(r.carriedForwardFen)])).toEqual([
    [month, 400_000, 50_000, 50_000, 350_000],
    [nextMonth(month), 0, 50_000, 50_000, 300_000],
  ]);
  expect(await db.penaltyCharge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ ledgerMonth: month });
  // Settling again changes nothing.
  await env.client.workflow.execute(monthlyReportWorkflow, { taskQueue, workflowId: `monthly-${randomUUID()}`, args: [{ month: nextMonth(month) }] });
  expect(await db.ledgerEntry.count({ where: { personId: 'p-c' } })).toBe(2);
  expect(await db.monthlyReport.findUnique({ where: { month: nextMonth(month) } })).toMatchObject({ version: 2 });

  // The schedule's run (no month given) compiles the month before the current one.
  const scheduled = await env.client.workflow.start(monthlyReportWorkflow, { taskQueue, workflowId: `monthly-${randomUUID()}`, args: [{}] });
  ran.push(scheduled.workflowId);
  const { month: compiled } = await scheduled.result();
  expect(compiled).toBe(previousMonth(monthOf((await scheduled.describe()).startTime, TZ)));
  expect(await db.monthlyReport.findUnique({ where: { month: compiled } })).not.toBeNull();
});

test('P1, G3: an overdue proposal is reminded at its deadline and every day after, escalated once; a late proposal gives the GM a day before the approval is reminded', async () => {
  const caseId = randomUUID();
  const nowMs = Number(await env.currentTimeMs());
  const dueAt = new Date(nowMs + 5 * DAY).toISOString();
  const handle = await env.client.workflow.start(accountabilityWorkflow, {
    taskQueue,
    workflowId: accountabilityWorkflowId(caseId),
    args: [
      {
        caseId, caseNumber: '2611-88', closedAt: new Date(nowMs).toISOString(), customer: 'Ningbo Motors', market: 'domestic',
        responsibility: [{ department: 'manufacturing/section-2/group-3', ratio: 1 }], lossFen: 300_000, ourFault: true, humanNegligence: false,
        cause: 'Wrong torque', countermeasure: null, trackImprovement: false, handlingKind: 'allowance', rules: DEFAULT_ACCOUNTING_RULES,
        review: { dueAt, reminderIntervalMs: DAY },
      },
    ],
  });
  ran.push(handle.workflowId);
  const notices = () => db.notice.findMany({ where: { caseId }, orderBy: [{ at: 'asc' }, { type: 'asc' }] });
  const eventually = async <T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    for (let i = 0; ; i++) {
      const v = await probe();
      if (ok(v) || i > 100) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const task = await eventually(() => db.workItem.findFirst({ where: { caseId, kind: 'penalty_proposal' } }), (w) => w !== null);
  expect(task!.dueAt!.toISOString()).toBe(dueAt);

  await env.sleep('4 days');
  expect(await notices()).toEqual([]);
  await env.sleep('36 hours'); // past the deadline by half a day
  let seen = await eventually(notices, (n) => n.length === 2);
  expect(seen.map((n) => [n.type, n.to, n.stage])).toEqual([
    ['escalation', '["gm"]', 'awaiting_proposal'],
    ['reminder', '["gm_office"]', 'awaiting_proposal'],
  ]);
  expect(Math.abs(seen[0]!.at.getTime() - Date.parse(dueAt))).toBeLessThan(60_000);
  await env.sleep('1 day'); // a second reminder, no second escalation
  seen = await eventually(notices, (n) => n.length === 3);
  expect(seen.map((n) => n.type)).toEqual(['escalation', 'reminder', 'reminder']);

  const proposedAt = Number(await env.currentTimeMs());
  await handle.executeUpdate(accountabilityActionUpdate, { args: [{ actor: who('gm_office'), input: { action: 'propose', lines: [{ entry: 0, ground: 'materials_not_per_spec', level: 'none' }] } }] });
  await env.sleep('20 hours');
  expect(await db.notice.count({ where: { caseId, stage: 'awaiting_approval' } })).toBe(0);
  await env.sleep('5 hours'); // a day after the late proposal
  const approval = await eventually(() => db.notice.findMany({ where: { caseId, stage: 'awaiting_approval' }, orderBy: { type: 'asc' } }), (n) => n.length === 2);
  expect(approval.map((n) => [n.type, n.to])).toEqual([
    ['escalation', '["gm_office"]'],
    ['reminder', '["gm"]'],
  ]);
  expect(Math.abs(approval[0]!.at.getTime() - (proposedAt + DAY))).toBeLessThan(60_000);
  await handle.executeUpdate(accountabilityActionUpdate, { args: [{ actor: who('gm'), input: { action: 'approve' } }] });
  await env.sleep('3 days');
  expect(await db.notice.count({ where: { caseId } })).toBe(5);
});

test('G4: every recorded accountability and monthly history replays against the current code', async () => {
  expect(ran.length).toBeGreaterThanOrEqual(4);
  for (const id of ran) {
    const result = await replayHistory(id, await env.client.workflow.getHandle(id).fetchHistory());
    expect({ id, ...result }).toMatchObject({ id, ok: true });
  }
});
