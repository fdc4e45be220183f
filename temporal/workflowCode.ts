// The workflow code the worker runs and the replay checks: in production the bundle `npm run build`
// writes beside the compiled code (dist/workflow-bundle.js); from source (development, tests) it
// is bundled once per process from workflows/.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type WorkflowBundle, type WorkflowBundleOption, bundleWorkflowCode } from '@temporalio/worker';
import { platformRelease } from '../config';

/** Where `npm run build` writes the bundle: beside the compiled temporal/ folder, at dist/workflow-bundle.js. */
export const PREBUILT_BUNDLE = path.join(__dirname, '..', 'workflow-bundle.js');

/** The bundle to use: WORKFLOW_BUNDLE names one explicitly (tests bundle once per run), else the prebuilt one. */
const bundlePath = (): string => process.env.WORKFLOW_BUNDLE || PREBUILT_BUNDLE;

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Bundles workflows/ (the code of every workflow the worker registers) with the audit interceptor
 * (G4: it reports the commands the code derives, on the audit replay worker only) and the tracing
 * interceptor (it continues a trace a call brings; a call without one passes straight through).
 */
export async function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    workflowInterceptorModules: [require.resolve('../workflows/audit/interceptors'), require.resolve('../workflows/tracing/interceptors')],
    preloadModules: [require.resolve('../workflows/sharedLibraries')],
    logger: quiet,
  });
}

let cached: Promise<WorkflowBundle> | undefined;

/** The prebuilt bundle (or the one WORKFLOW_BUNDLE names) when there is one, else the workflows bundled now (once per process). */
export function workflowCode(): Promise<WorkflowBundle> {
  cached ??= fs.existsSync(bundlePath()) ? Promise.resolve({ code: fs.readFileSync(bundlePath(), 'utf8') }) : bundleWorkflows();
  return cached;
}

/**
 * The build id a worker records with every workflow task it completes: the platform's release and
 * the first 12 hex digits of its workflow code's SHA-256, e.g. `aftersales-platform@0.1.0+08cefcdb488d`.
 * An auditor reading a history sees which release and which workflow code decided each step. Left
 * to the SDK, it would name the SDK's own version and the whole 64-digit hash, recorded twice per
 * action. It names the code only: no worker versioning routes tasks by it.
 */
export function workflowBuildId(bundle: WorkflowBundleOption): string {
  const code = 'code' in bundle ? bundle.code : fs.readFileSync(bundle.codePath, 'utf8');
  const release = platformRelease();
  return `${release.name}@${release.version}+${createHash('sha256').update(code).digest('hex').slice(0, 12)}`;
}
