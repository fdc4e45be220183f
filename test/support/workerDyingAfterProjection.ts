// A worker process for the fault tests: the platform's workflows and activities, except that the
// complaint projection named by PROJECTION_THEN_HANG (`<case id>@<version>`) writes and then never
// returns, so that its workflow task is still open when the test kills the process with -9.
// Started by spawnWorker (test/support/faults.ts) like worker/main.ts.
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadConfigOrExit } from '../../config';
import { createActivities } from '../../activities';
import { createDatabase } from '../../db/client';
import { connectWorker } from '../../temporal/connection';
import { dataConverterFor } from '../../temporal/codec';
import { workflowCode } from '../../temporal/workflowCode';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // JSON lines, as the platform's worker writes them: spawnWorker waits for the state RUNNING.
  Runtime.install({ logger: new DefaultLogger('INFO', (entry) => process.stdout.write(`${JSON.stringify({ msg: entry.message, ...entry.meta })}\n`)) });
  const [caseId, version] = (process.env.PROJECTION_THEN_HANG ?? '').split('@');
  if (!caseId || !version) throw new Error('PROJECTION_THEN_HANG must name `<case id>@<version>`');
  const db = createDatabase(config.databaseUrl);
  const activities = createActivities({ db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages, deliveries: config.deliveries });
  const project = activities.projectComplaintChanges;
  activities.projectComplaintChanges = async (input) => {
    const result = await project(input);
    if (input.caseId === caseId && input.delta.version === Number(version)) {
      process.stdout.write(`projected ${caseId} at version ${version}; hanging\n`);
      await new Promise<never>(() => undefined);
    }
    return result;
  };
  const worker = await Worker.create({
    connection: await connectWorker(config),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: await workflowCode(),
    dataConverter: dataConverterFor(config),
    activities,
  });
  await worker.run();
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
