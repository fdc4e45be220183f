// Service-call timers at full length in the time-skipping test server (days pass in seconds), with
// the real workflow bundle, the real activities and a real database: the S14 arrival SLA over a
// weekend in working hours, the S16 survey the day after, the S9 repair promise.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { type Config, loadConfig } from '../../config';
import { type Database, createDatabase } from '../../db/client';
import type { Actor } from '../../domain/roles';
import { zServiceCallRegistration } from '../../domain/serviceCall/schemas';
import { newServiceCallInput } from '../../config/caseRules';
import type { ServiceCallView } from '../../domain/serviceCall/machine';
import { serviceCallActionUpdate, serviceCallQuery, serviceCallWorkflow, serviceCallWorkflowId } from '../../workflows/serviceCall';
import { createTestDatabaseUrl } from '../support/database';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { eventually, localStamp, nextLocal, sleep } from './serviceHelpers';

jest.setTimeout(180_000);

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
const FRI = 5;

let env: TestWorkflowEnvironment;
let db: Database;
let config: Config;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  env = await createTimeSkippingEnv();
  const url = await createTestDatabaseUrl();
  db = createDatabase(url);
  // The defaults: Monday–Friday 08:30–12:00 and 13:00–17:30 in Shanghai, 6 h urban, 7 h suburban, survey a day later.
  config = loadConfig({ DATABASE_URL: url, TEMPORAL_ADDRESS: 'time-skipping', TIME_ZONE: TZ, LOG_LEVEL: 'silent' });
});
afterAll(async () => {
  await db?.$disconnect();
  await env?.teardown();
});

const clerk = { id: 'clerk-1', name: 'Xu Clerk' };
const supervisor: Actor = { id: 'sup-1', name: 'He Supervisor', roles: ['service_supervisor'] };
const tech: Actor = { id: '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11', name: 'Tang Technician', roles: ['technician'] };

async function withWorker(fn: (taskQueue: string) => Promise<void>): Promise<void> {
  const taskQueue = `ts-service-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities: createActivities({ db, timeZone: TZ, accounting: config.accounting, customerMessages: config.customerMessages }),
  });
  // A call still running when its test ends (a follow-up waits days) is ended with its worker: a
  // workflow task with no worker to take it would stop the test server's clock for the next test.
  await worker.runUntil(async () => {
    try {
      await fn(taskQueue);
    } finally {
      for (const handle of started.splice(0)) await handle.terminate('the test is over').catch(() => undefined);
    }
  });
}

const started: { terminate(reason: string): Promise<unknown> }[] = [];

/** Skips server time forward to `targetMs` (never backwards). */
async function skipTo(targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs > now) await env.sleep(targetMs - now);
}

async function registerAt(taskQueue: string, area: 'urban' | 'suburban') {
  const id = randomUUID();
  const registration = zServiceCallRegistration().parse({
    customer: { name: 'Suzhou Textile Co.', address: '88 Renmin Road', phone: '13800001234' },
    productModel: 'LX-200',
    area,
    description: 'Resets',
  });
  const at = new Date(await env.currentTimeMs());
  const input = newServiceCallInput(config, { id, number: `S2611-${String(Math.floor(Math.random() * 900) + 100)}`, registration, category: 'A', basis: { rule: 'paid', contractId: null, warrantyUntil: null }, registeredBy: clerk, at });
  const handle = await env.client.workflow.start(serviceCallWorkflow, { taskQueue, workflowId: serviceCallWorkflowId(id), args: [input] });
  started.push(handle);
  // The worker's first task of a run may wait long on a busy machine: give it as long as a test may take, less the rest.
  await eventually('projection', () => db.serviceCall.findUnique({ where: { id } }), (r) => r !== null, 90_000);
  return { id, input, handle };
}

const escalations = (id: string) => db.notice.findMany({ where: { caseId: id, type: 'escalation' } });

test('S14: an urban call at Friday 16:30 is due Monday 14:30 (6 working hours over the weekend); the breach escalates then, not before', async () => {
  await withWorker(async (taskQueue) => {
    await skipTo(nextLocal(await env.currentTimeMs(), TZ, FRI, 16, 30));
    const { id, input } = await registerAt(taskQueue, 'urban');
    expect(localStamp(Date.parse(input.registeredAt), TZ)).toMatch(/ 16:30 \(Fri\)$/);
    // Friday 16:30–17:30 (1 h) + Monday 08:30–12:00 (3.5 h) + 13:00–14:30 (1.5 h).
    const due = Date.parse(input.arrivalDueAt);
    expect(localStamp(due, TZ)).toMatch(/ 14:30 \(Mon\)$/);
    expect(due - Date.parse(input.registeredAt)).toBeGreaterThan(60 * HOUR);

    await skipTo(due - 60_000); // Monday 14:29: nothing yet
    await sleep(500);
    expect(await escalations(id)).toHaveLength(0);

    await skipTo(due + 60_000);
    const [notice] = await eventually('S14 escalation', () => escalations(id), (n) => n.length > 0);
    expect(notice).toMatchObject({ to: '["service_supervisor","service_dept"]', dedupeKey: `${id}:escalation:arrival` });
    expect(notice!.at.toISOString()).toBe(input.arrivalDueAt);
    await skipTo(due + 3 * 24 * HOUR);
    await sleep(300);
    expect(await escalations(id)).toHaveLength(1);
  });
});

test('S14, S16: a suburban call reached Monday 10:00 (before its Monday 15:30 deadline) never escalates; its survey goes out the day after it ends', async () => {
  await withWorker(async (taskQueue) => {
    await skipTo(nextLocal(await env.currentTimeMs(), TZ, FRI, 16, 30));
    const { id, input, handle } = await registerAt(taskQueue, 'suburban');
    expect(localStamp(Date.parse(input.arrivalDueAt), TZ)).toMatch(/ 15:30 \(Mon\)$/);
    await handle.executeUpdate(serviceCallActionUpdate, {
      args: [{ actor: supervisor, input: { action: 'dispatch', technicianId: tech.id }, context: { technician: { id: tech.id, name: tech.name } } }],
    });
    const monday10 = nextLocal(await env.currentTimeMs(), TZ, 1, 10, 0);
    await skipTo(monday10);
    await handle.executeUpdate(serviceCallActionUpdate, { args: [{ actor: tech, input: { action: 'arrive' } }] });
    const closed = (await handle.executeUpdate(serviceCallActionUpdate, {
      args: [{ actor: tech, input: { action: 'resolve_on_site', customerSigned: true, workMinutes: 50 } }],
    })) as ServiceCallView;
    expect(closed).toMatchObject({ status: 'closed', arrivalLate: false });
    const surveyDue = Date.parse(closed.survey!.dueAt);
    expect(surveyDue - Date.parse(closed.closedAt!)).toBe(24 * HOUR);

    await skipTo(nextLocal(monday10, TZ, 1, 16, 0)); // past the arrival deadline
    await sleep(300);
    expect(await escalations(id)).toHaveLength(0);

    await skipTo(surveyDue - 60_000);
    await sleep(500);
    const surveyMessages = () => db.customerMessage.findMany({ where: { caseId: id, kind: 'survey_link' } });
    expect(await surveyMessages()).toHaveLength(0);
    await skipTo(surveyDue + 60_000);
    // No gateway is configured here: the link waits in the outbox for staff to send.
    const [message] = await eventually('S16 survey message', surveyMessages, (m) => m.length === 1);
    expect(message).toMatchObject({ status: 'to_staff', channel: 'sms' });
    const row = await db.serviceSurvey.findUniqueOrThrow({ where: { callId: id } });
    expect(localStamp(row.sentAt!.getTime(), TZ)).toMatch(/\(Tue\)$/);
    const done = await eventually('survey recorded', () => handle.query(serviceCallQuery), (v) => v.survey?.sentAt !== null);
    expect(done.survey!.sentAt).toBe(row.sentAt!.toISOString());
    expect(await escalations(id)).toHaveLength(0);
  });
});

test('S9: a carry-in repair promised for Wednesday 17:00 warns its technician at 13:00 and escalates to the supervisor at 17:00', async () => {
  await withWorker(async (taskQueue) => {
    await skipTo(nextLocal(await env.currentTimeMs(), TZ, 1, 9, 0));
    const { id, handle } = await registerAt(taskQueue, 'urban');
    const update = (actor: Actor, input: Record<string, unknown>, context?: object) => handle.executeUpdate(serviceCallActionUpdate, { args: [{ actor, input, context }] });
    await update(supervisor, { action: 'dispatch', technicianId: tech.id }, { technician: { id: tech.id, name: tech.name } });
    await update(tech, { action: 'arrive' });
    const promised = nextLocal(await env.currentTimeMs(), TZ, 3, 17, 0);
    await update(tech, { action: 'carry_in', receiptNo: 'R-9', customerSigned: true, promisedBy: new Date(promised).toISOString() });
    await skipTo(promised - 4 * HOUR - 60_000);
    await sleep(300);
    expect(await db.notice.count({ where: { caseId: id } })).toBe(0);
    await skipTo(promised - 4 * HOUR + 60_000);
    const [warning] = await eventually('S9 warning', () => db.notice.findMany({ where: { caseId: id } }), (n) => n.length === 1);
    expect(warning).toMatchObject({ type: 'reminder', to: '["technician"]' });
    expect(localStamp(warning!.at.getTime(), TZ)).toMatch(/ 13:00 \(Wed\)$/);
    await skipTo(promised + 60_000);
    const missed = await eventually('S9 escalation', () => escalations(id), (n) => n.length === 1);
    expect(missed[0]).toMatchObject({ to: '["service_supervisor"]' });
    expect(localStamp(missed[0]!.at.getTime(), TZ)).toMatch(/ 17:00 \(Wed\)$/);
  });
});
