// The Temporal CLI for the local dev server: uses the pinned version when it is already on this
// machine (TEMPORAL_CLI, the project's earlier build, or PATH), else builds it from its Go module
// (see platform/temporalCli.ts). Prints the path of the CLI it settled on.
import { ensureTemporalCli } from '../platform/temporalCli';

ensureTemporalCli()
  .then((cli) => process.stdout.write(`${cli.path}\n`))
  .catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
