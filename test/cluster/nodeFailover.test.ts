// G1, G3 on the two-node Temporal cluster (scripts/temporal-cluster.sh, docs/CLUSTER.md): one
// server node is killed with -9 while cases are being worked on and while their stage deadlines
// fall due. The balancer sends everything to the surviving node, which takes over the dead node's
// history shards and task queues: every case completes, none is lost or duplicated, and each
// deadline's reminder fires exactly once. The killed node then rejoins. Needs the cluster up and
// TEST_TEMPORAL_EXISTING_ADDRESS set to its balancer (the cluster stage of .ci/run).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../config';
import { createTestDatabaseUrl } from '../support/database';
import { type FaultPlatform, eventually, sleep, startFaultPlatform } from '../support/faults';
import { INPUT, type Party, type PartyRole, type View, complaintApi, describeResponse, partyOf } from '../support/faultsComplaints';

jest.setTimeout(600_000);

const run = promisify(execFile);
const clusterScript = path.join(REPO_ROOT, 'scripts', 'temporal-cluster.sh');
/** `scripts/temporal-cluster.sh <args>`; its progress lines go with any failure. */
const cluster = (...args: string[]) => run('bash', [clusterScript, ...args], { cwd: REPO_ROOT, timeout: 180_000 });

const ANALYSIS_DEADLINE_S = 25;
const KILLED_NODE = '1';

let p: FaultPlatform;
let who: Party;
let api: ReturnType<typeof complaintApi>;
let nodeDown = false;

beforeAll(async () => {
  if (!process.env.TEST_TEMPORAL_EXISTING_ADDRESS) throw new Error('set TEST_TEMPORAL_EXISTING_ADDRESS to the cluster’s balancer (bash scripts/temporal-cluster.sh start prints it)');
  // Both nodes and the balancer up (exit code 3 otherwise).
  await cluster('status').catch((err: { stderr?: string }) => {
    throw new Error(`the Temporal cluster is not (entirely) up: bash scripts/temporal-cluster.sh start\n${err.stderr ?? String(err)}`);
  });
  p = await startFaultPlatform({
    temporalAddress: process.env.TEST_TEMPORAL_EXISTING_ADDRESS,
    databaseUrl: await createTestDatabaseUrl(),
    inProcessWorker: true,
    env: { COMPLAINT_STAGE_DEADLINES: `analysis=${ANALYSIS_DEADLINE_S}s`, COMPLAINT_REMINDER_INTERVAL: '1h' },
  });
  who = await partyOf(p);
  api = complaintApi(p, who);
});

afterAll(async () => {
  // The cluster is left whole for whatever runs next.
  if (nodeDown) await cluster('start-node', KILLED_NODE).catch(() => undefined);
  await p?.stop();
});

/** The case as the API shows it, asked again while the API cannot answer (bounded). */
const read = (id: string) =>
  eventually(
    `case ${id} to be readable`,
    () => api.get(id).catch(() => null),
    (v): v is View => v !== null,
    120_000,
    1_000,
  ) as Promise<View>;

/**
 * Takes a case to `stage`, each awaited action by the first awaited role. While a node is going
 * away an action can be answered with an error (the request died with the node) or a timeout
 * (504: it may still be applied): the case is then read again and driven on from where it is, so
 * an action is never applied twice by the driver, and the workflow refuses a stale one (409).
 */
async function driveThrough(start: View, stage: string): Promise<View> {
  let view = start;
  const until = Date.now() + 300_000;
  const answers: string[] = [];
  while (view.stage !== stage) {
    if (Date.now() > until) throw new Error(`case ${view.id} did not reach ${stage}; it is in ${view.stage}; answers on the way: ${answers.join('; ')}`);
    const { action, roles } = view.awaiting!;
    const res = await api.action(who[roles[0] as PartyRole], view.id, INPUT[action]!);
    if (res.status === 200) {
      view = res.body as View;
      continue;
    }
    if (![409, 500, 502, 503, 504].includes(res.status)) throw new Error(`case ${view.id}, ${action}: ${describeResponse(res)}`);
    answers.push(`${action}: ${res.status}`);
    await sleep(1_000);
    view = await read(view.id);
  }
  return view;
}

test(`G1, G3: kill -9 of one Temporal node while cases move and their deadlines (analysis ${ANALYSIS_DEADLINE_S} s) fall due: every case completes, none lost or duplicated, each reminder fires once`, async () => {
  // Six complaints in analysis: three wait there across their deadline, three are worked on.
  const registered = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => api.act(who.gm_office, (await api.file({ orderNo: `SO-NODE-KILL-${i}` })).id, INPUT.register!)),
  );
  for (const v of registered) expect(v.stage).toBe('analysis');
  const waiting = registered.slice(0, 3);
  const worked = registered.slice(3);
  const due = new Map(waiting.map((v) => [v.id, Date.parse(v.stageDueAt as string)]));

  const working = worked.map((v) => driveThrough(v, 'closed'));
  // Let the work get under way, then the node dies as a crash would (no shutdown, no handover).
  await sleep(1_500);
  await cluster('stop-node', KILLED_NODE, '--kill');
  nodeDown = true;
  if (Date.now() >= Math.min(...due.values())) throw new Error('the node was killed after the deadlines; the test proves nothing about timers');

  // The deadlines fall while the node is down: the surviving node fires each reminder once.
  for (const v of waiting) {
    const reminders = await eventually(
      `the reminder of ${v.id} with a node down`,
      () => p.db.notice.findMany({ where: { caseId: v.id, type: 'reminder' } }),
      (n) => n.length > 0,
      180_000,
      500,
    );
    expect(reminders).toEqual([expect.objectContaining({ dedupeKey: `${v.id}:reminder:1:1`, stage: 'analysis' })]);
    expect(reminders[0]!.at.getTime()).toBe(due.get(v.id));
  }
  await cluster('status').then(
    () => {
      throw new Error('the cluster reports both nodes up while one was killed');
    },
    () => undefined,
  );

  // The killed node comes back and rejoins while the rest of the work goes on.
  await cluster('start-node', KILLED_NODE);
  nodeDown = false;
  const finished = [...(await Promise.all(working)), ...(await Promise.all(waiting.map((v) => driveThrough(v, 'closed'))))];
  expect(finished.map((v) => v.status)).toEqual(Array(6).fill('closed'));

  for (const v of registered) {
    await api.completed(v.id, 120_000);
    const state = await api.expectConsistent(v.id);
    expect(state.status).toBe('closed');
    // Each action once: the history's actions are in order and none repeats a stage's step.
    const actions = state.history.map((h) => h.action);
    expect(actions.filter((a) => a === 'register')).toHaveLength(1);
    expect(actions.filter((a) => a === 'decide')).toHaveLength(1);
  }
  for (const v of waiting) {
    const state = await api.state(v.id);
    expect(state.visits[1]!.remindersSent).toBe(1);
    expect(await p.db.notice.count({ where: { caseId: v.id, type: 'reminder' } })).toBe(1);
  }
  await api.expectNoExtraCases();
});
