// Writes the workflow bundle the production worker loads (dist/workflow-bundle.js), so that a worker
// starts without bundling. Run by `npm run build` after tsc.
import fs from 'node:fs';
import path from 'node:path';
import { PREBUILT_BUNDLE, bundleWorkflows } from '../temporal/workflowCode';

async function main(): Promise<void> {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : PREBUILT_BUNDLE;
  const { code } = await bundleWorkflows();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  process.stderr.write(`workflow bundle written to ${path.relative(process.cwd(), out)} (${Math.round(code.length / 1024)} KB)\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
