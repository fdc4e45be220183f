// What the test/replay/capture/capture-*histories.ts scripts share: a throw-away local Temporal server and the
// in-process test stack on it, and writing a workflow's history where the replay gate
// (test/replay.test.ts) reads it. CAPTURE_OUT writes elsewhere (to compare with the committed ones).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalTemporal } from '../../../platform/localTemporal';
import { historyToJson } from '../../../temporal/replay';
import { bundleWorkflows } from '../../../temporal/workflowCode';
import { freePort } from '../../../platform/ports';
import { type TestStack, startTestStack } from '../../support/stack';

export const HISTORIES_DIR = process.env.CAPTURE_OUT ?? path.resolve(__dirname, '..', 'histories');

/** Runs `capture` on a fresh stack configured by `env`; stops everything after; exits 1 on failure. */
export function captureWith(env: Record<string, string> | (() => Record<string, string>), capture: (stack: TestStack) => Promise<void>): void {
  const run = async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-capture-'));
    const temporal = await startLocalTemporal({ port: await freePort() });
    const { code } = await bundleWorkflows();
    process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
    process.env.TEST_WORKFLOW_BUNDLE = path.join(dir, 'bundle.js');
    process.env.TEST_TMP_DIR = dir;
    fs.writeFileSync(process.env.TEST_WORKFLOW_BUNDLE, code);
    fs.mkdirSync(HISTORIES_DIR, { recursive: true });
    const stack = await startTestStack(typeof env === 'function' ? env() : env);
    try {
      await capture(stack);
    } finally {
      await stack.stop();
      await temporal.stop();
    }
  };
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/** Writes the workflow's history as `<name>.json` (after it completes, when `waitForResult`). */
export async function saveHistory(stack: TestStack, workflowId: string, name: string, waitForResult: boolean): Promise<void> {
  const handle = stack.client.workflow.getHandle(workflowId);
  if (waitForResult) await handle.result();
  const history = await handle.fetchHistory();
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJson(history));
  console.log(`captured ${name} (${history.events?.length} events)`);
}
