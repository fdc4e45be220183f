/**
 * The offline time-skipping environment (scripts/install-test-server.sh + test/support/timeSkipping.ts) runs
 * 13- and 17-day timers in seconds of real time.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from './support/timeSkipping';
import { sleep17Days, waitForSignal13Days, wakeUpSignal } from './support/fixtures/sleepyWorkflow';

jest.setTimeout(120_000);

const DAY_MS = 24 * 60 * 60 * 1000;

describe('time-skipping test environment (Java test server from Maven Central)', () => {
  let env: TestWorkflowEnvironment | undefined;

  beforeAll(async () => {
    // Keep jest output readable: the SDK logs worker state changes and webpack stats at INFO.
    // (Runtime is per module registry, i.e. per jest test file; it must be installed before the env is created.)
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  /** Runs fn while a worker polls a fresh task queue on the test server. */
  async function withWorker<T>(fn: (env: TestWorkflowEnvironment, taskQueue: string) => Promise<T>): Promise<T> {
    if (!env) throw new Error('test environment not created');
    const e = env;
    const taskQueue = `timeskipping-${randomUUID()}`;
    const worker = await Worker.create({
      connection: e.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./support/fixtures/sleepyWorkflow'),
    });
    return worker.runUntil(fn(e, taskQueue));
  }

  it('completes a 17-day sleep in well under a minute, with the server clock advanced >= 17 days', async () => {
    await withWorker(async (e, taskQueue) => {
      const serverStart = await e.currentTimeMs();
      const realStart = Date.now();

      const result = await e.client.workflow.execute(sleep17Days, {
        taskQueue,
        workflowId: `sleep17-${randomUUID()}`,
      });

      const realElapsed = Date.now() - realStart;
      const serverElapsed = (await e.currentTimeMs()) - serverStart;
      expect(result).toBe('awake');
      expect(realElapsed).toBeLessThan(30_000);
      expect(serverElapsed).toBeGreaterThanOrEqual(17 * DAY_MS);
    });
  });

  it('times out a 13-day condition when no signal arrives', async () => {
    await withWorker(async (e, taskQueue) => {
      const serverStart = await e.currentTimeMs();
      const timedOut = await e.client.workflow.execute(waitForSignal13Days, {
        taskQueue,
        workflowId: `cond13-${randomUUID()}`,
      });
      expect(timedOut).toBe(true);
      expect((await e.currentTimeMs()) - serverStart).toBeGreaterThanOrEqual(13 * DAY_MS);
    });
  });

  it('does not time out the 13-day condition when signalled', async () => {
    await withWorker(async (e, taskQueue) => {
      const handle = await e.client.workflow.start(waitForSignal13Days, {
        taskQueue,
        workflowId: `cond13-signalled-${randomUUID()}`,
      });
      await handle.signal(wakeUpSignal);
      expect(await handle.result()).toBe(false);
    });
  });
});
