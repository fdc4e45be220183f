// Starts what every integration test shares: one real Temporal dev server (memory persistence)
// and one bundle of the workflow code. Each test file brings its own database and task queue;
// globalTeardown.ts removes them after the run.
// TEST_TEMPORAL_EXISTING_ADDRESS=host:port runs the tests against a Temporal that is already up
// (e.g. the cluster of scripts/temporal-cluster.sh) instead: no dev server is started or stopped.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalTemporal } from '../../platform/localTemporal';
import { bundleWorkflows } from '../../temporal/workflowCode';
import { freePort } from '../../platform/ports';
import { TEST_PAYLOAD_KEYS } from './payloadKeys';

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-test-'));
  const existing = process.env.TEST_TEMPORAL_EXISTING_ADDRESS;
  const temporal = existing
    ? { address: existing }
    : await startLocalTemporal({ port: await freePort(), logFile: path.join(dir, 'temporal.log') });
  const { code } = await bundleWorkflows();
  const bundle = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundle, code);
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundle;
  // Replays in the tests (and the processes they start) load this bundle instead of bundling again.
  process.env.WORKFLOW_BUNDLE = bundle;
  process.env.TEST_TMP_DIR = dir;
  process.env.TEST_RUN_ID = randomBytes(4).toString('hex');
  // Every API process a test starts checks its responses against their schemas.
  process.env.CHECK_RESPONSES = 'true';
  // G6: payloads encrypted with the test key, in this process's stacks and in every process a test starts.
  process.env.PAYLOAD_KEYS = TEST_PAYLOAD_KEYS;
  if (!existing) (globalThis as Record<string, unknown>).__TEST_TEMPORAL__ = temporal;
}
