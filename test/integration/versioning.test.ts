// docs/VERSIONING.md in practice: patched() lets one running execution keep its recorded path
// while new executions take the new one; deprecatePatch() then drops the old path safely.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { proceed } from '../support/fixtures/versioning/v1';

jest.setTimeout(120_000);

let connection: Connection;
let client: Client;
let workerConnection: NativeConnection;
const taskQueue = `versioning-${randomUUID()}`;
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const bundles: Record<string, { code: string }> = {};

beforeAll(async () => {
  const address = process.env.TEST_TEMPORAL_ADDRESS!;
  connection = await Connection.connect({ address });
  client = new Client({ connection });
  workerConnection = await NativeConnection.connect({ address });
  for (const v of ['v1', 'v2', 'v3']) {
    bundles[v] = await bundleWorkflowCode({ workflowsPath: require.resolve(`../support/fixtures/versioning/${v}`), logger: quiet });
  }
});
afterAll(async () => {
  await workerConnection?.close();
  await connection?.close();
});

async function withWorker<T>(version: string, f: () => Promise<T>): Promise<T> {
  // No sticky cache: every task replays the whole history with this version's code.
  const worker = await Worker.create({ connection: workerConnection, taskQueue, workflowBundle: bundles[version]!, maxCachedWorkflows: 0 });
  return worker.runUntil(f());
}

const start = (id: string) => client.workflow.start('versionedWorkflow', { taskQueue, workflowId: id });

test('patched(): an execution started on v1 finishes on v2 along its old path; a new one takes the new path', async () => {
  const old = await withWorker('v1', async () => {
    const h = await start(`old-${randomUUID()}`);
    // Wait until v1 has recorded its first workflow task.
    while ((await h.fetchHistory()).events!.length < 4) await new Promise((r) => setTimeout(r, 50));
    return h;
  });
  const results = await withWorker('v2', async () => {
    const fresh = await start(`new-${randomUUID()}`);
    await old.signal(proceed);
    await fresh.signal(proceed);
    return [await old.result(), await fresh.result()];
  });
  expect(results).toEqual(['old', 'new']);
});

test('deprecatePatch(): v3 completes an execution that v2 started on the new path', async () => {
  const h = await withWorker('v2', async () => {
    const handle = await start(`v2-${randomUUID()}`);
    while (!(await handle.fetchHistory()).events!.some((e) => e.timerFiredEventAttributes)) await new Promise((r) => setTimeout(r, 50));
    return handle;
  });
  const result = await withWorker('v3', async () => {
    await h.signal(proceed);
    return h.result();
  });
  expect(result).toBe('new');
  // And the recorded v2 history replays on v3 without a determinism error.
  await Worker.runReplayHistory({ workflowBundle: bundles.v3! }, await h.fetchHistory());
});

test('without patched(), v2 code on a v1 history is a determinism error', async () => {
  const h = await withWorker('v1', async () => {
    const handle = await start(`unpatched-${randomUUID()}`);
    await handle.signal(proceed);
    await handle.result();
    return handle;
  });
  const history = await h.fetchHistory();
  await expect(Worker.runReplayHistory({ workflowBundle: bundles.v3! }, history)).rejects.toThrow();
  await Worker.runReplayHistory({ workflowBundle: bundles.v2! }, history);
});
