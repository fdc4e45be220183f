// G4 on the real stack: an auditor replays a real case's history through the API, and the replay
// checks both the commands (determinism) and the data: every value the current code derives from
// the recorded inputs is the recorded one. The workers that run the cases report nothing to the
// audit sink, even when they replay a history themselves.
import { randomUUID } from 'node:crypto';
import { type InjectedSinks, NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { Role } from '../../domain/roles';
import { dataConverterFor } from '../../temporal/codec';
import { replayWorkflow } from '../../temporal/replay';
import { accountabilityWorkflowId } from '../../workflows/accountability';
import type { AuditSinks, DerivedCommand } from '../../workflows/audit/commands';
import { monthlyReportWorkflow } from '../../workflows/monthlyReport';
import { COMPLAINT_ACTION_BODIES, bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { callRegistration } from './serviceHelpers';

jest.setTimeout(120_000);

type Person = { token: string; id: string; name: string };
type View = { id: string; stage: string; status: string; awaiting: { roles: Role[]; action: string } | null };

const ROLES: Role[] = ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'sales_manager', 'vp', 'gm', 'auditor', 'clerk'];

let stack: TestStack;
let who: Record<string, Person>;

beforeAll(async () => {
  stack = await startTestStack();
  who = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await stack.user([r])] as const)));
});
afterAll(() => stack?.stop());

async function file(): Promise<View> {
  return (await stack.http.post('/api/v1/complaints').set(bearer(who.sales!.token)).send(complaintFiling()).expect(201)).body as View;
}

/** The awaited action, by the first awaited role, with the sample body. */
async function advance(view: View): Promise<View> {
  const { action, roles } = view.awaiting!;
  const res = await stack.http.post(`/api/v1/complaints/${view.id}/actions`).set(bearer(who[roles[0]!]!.token)).send(COMPLAINT_ACTION_BODIES[action]!);
  if (res.status !== 200) throw new Error(`${action} → HTTP ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as View;
}

async function driveTo(view: View, until: (v: View) => boolean): Promise<View> {
  for (let i = 0; !until(view); i++) {
    if (i > 20) throw new Error(`case ${view.id} stuck at ${view.stage}`);
    view = await advance(view);
  }
  return view;
}

const replayOf = async (path: string) => (await stack.http.get(path).set(bearer(who.auditor!.token)).expect(200)).body;

test('G4: an auditor replays a closed complaint through the API: determinism and data both hold, and values were compared', async () => {
  const closed = await driveTo(await file(), (v) => v.status === 'closed');
  // The closing starts the accountability workflow as a child: its input is among the values checked.
  await stack.client.workflow.getHandle(`complaint-${closed.id}`).result();
  await stack.client.workflow.getHandle(accountabilityWorkflowId(closed.id)).describe();

  const replay = await replayOf(`/api/v1/complaints/${closed.id}/replay`);
  expect(replay).toMatchObject({ ok: true, determinism: { ok: true }, data: { ok: true } });
  expect(replay.error).toBeUndefined();
  expect(replay.data.difference).toBeUndefined();
  // A projection per action and the first, the number, the closing, the child's input, timers, search attributes.
  expect(replay.data.checked).toBeGreaterThan(13);

  // The accountability case the complaint started replays with its data too.
  const accountability = await replayWorkflow(stack.client, accountabilityWorkflowId(closed.id));
  expect(accountability).toMatchObject({ ok: true, determinism: { ok: true }, data: { ok: true } });
  expect(accountability.data.checked).toBeGreaterThan(0);
});

test('G4: a complaint still open (its deadline timer pending) and a service call replay with their data', async () => {
  const open = await driveTo(await file(), (v) => v.stage === 'countermeasure');
  const replay = await replayOf(`/api/v1/complaints/${open.id}/replay`);
  expect(replay).toMatchObject({ ok: true, determinism: { ok: true }, data: { ok: true } });
  expect(replay.data.checked).toBeGreaterThan(0);

  const call = await stack.http.post('/api/v1/service-calls').set(bearer(who.clerk!.token)).send(callRegistration()).expect(201);
  // Read once: the answer comes from the workflow after its first task, so its first commands are recorded.
  await stack.http.get(`/api/v1/service-calls/${call.body.id as string}`).set(bearer(who.clerk!.token)).expect(200);
  const callReplay = await replayOf(`/api/v1/service-calls/${call.body.id as string}/replay`);
  expect(callReplay).toMatchObject({ ok: true, determinism: { ok: true }, data: { ok: true } });
  expect(callReplay.data.checked).toBeGreaterThan(0);
});

test('G4: a worker that runs cases reports nothing to the audit sink, even when it replays a history itself', async () => {
  // A worker without a cache replays the whole history at every workflow task; its sink would
  // receive every report, replayed or not. The interceptor reports only on the audit replay worker.
  const reported: DerivedCommand[] = [];
  const sinks: InjectedSinks<AuditSinks> = { audit: { commands: { fn: (_info, commands) => void reported.push(...commands), callDuringReplay: true } } };
  const connection = await NativeConnection.connect({ address: stack.config.temporal.address });
  const taskQueue = `replay-data-${randomUUID()}`;
  const { config } = stack;
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    dataConverter: dataConverterFor(config),
    activities: createActivities({ db: stack.db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages }),
    maxCachedWorkflows: 0,
    sinks,
  });
  const workflowId = `replay-data-monthly-${randomUUID()}`;
  const result = await worker.runUntil(stack.client.workflow.execute(monthlyReportWorkflow, { workflowId, taskQueue, args: [{ month: '2026-10' }] }));
  await connection.close();
  expect(result.month).toBe('2026-10');
  expect(reported.map((c) => c.kind)).toEqual([]);

  // The same history on the audit replay worker: both activities' inputs are checked.
  const replay = await replayWorkflow(stack.client, workflowId);
  expect(replay).toMatchObject({ ok: true, determinism: { ok: true }, data: { ok: true, checked: 2 } });
});
