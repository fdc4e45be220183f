// The workflow code the worker runs and the replay checks: in production the bundle `npm run build`
// writes beside the compiled code (dist/workflow-bundle.js); from source (development, tests) it
// is bundled once per process from workflows/.
import fs from 'node:fs';
import path from 'node:path';
import { type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';

/** Where `npm run build` writes the bundle: beside the compiled temporal/ folder, at dist/workflow-bundle.js. */
export const PREBUILT_BUNDLE = path.join(__dirname, '..', 'workflow-bundle.js');

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Bundles workflows/ (the code of every workflow the worker registers). */
export async function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quiet });
}

let cached: Promise<WorkflowBundle> | undefined;

/** The prebuilt bundle when there is one, else the workflows bundled now (once per process). */
export function workflowCode(): Promise<WorkflowBundle> {
  cached ??= fs.existsSync(PREBUILT_BUNDLE) ? Promise.resolve({ code: fs.readFileSync(PREBUILT_BUNDLE, 'utf8') }) : bundleWorkflows();
  return cached;
}
