// The worker process: runs the workflows and activities on the task queue. Start as many as the
// load needs, on any machines, with the same configuration.
import path from 'node:path';
import fs from 'node:fs';
import { Worker, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { REPO_ROOT, loadConfigOrExit } from '../config';
import { createActivities } from '../activities';
import { createDatabase } from '../db/client';
import { createLogger } from '../api/logger';
import { connectWorker } from '../platform/temporal';

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** A prebuilt bundle (scripts/bundle-workflows.ts) when there is one; else bundle at start. */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = path.join(REPO_ROOT, '.data', 'workflow-bundle.js');
  return fs.existsSync(bundle) && process.env.WORKFLOW_BUNDLE !== 'off' ? { workflowBundle: { codePath: bundle } } : { workflowsPath: WORKFLOWS_PATH };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'worker');
  Runtime.install({
    logger: {
      log: (level, message, meta) => logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')]({ ...meta }, message),
      trace: (m, meta) => logger.trace(meta, m),
      debug: (m, meta) => logger.debug(meta, m),
      info: (m, meta) => logger.info(meta, m),
      warn: (m, meta) => logger.warn(meta, m),
      error: (m, meta) => logger.error(meta, m),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const db = createDatabase(config.databaseUrl);
  const connection = await connectWorker(config);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...workflowSource(),
    activities: createActivities({ db, timeZone: config.timeZone }),
    shutdownGraceTime: config.shutdownGraceMs,
  });
  logger.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  // Worker.run() drains and returns on SIGINT/SIGTERM (the SDK installs those handlers).
  await worker.run();
  await connection.close();
  await db.$disconnect();
  logger.info('worker stopped');
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`worker failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
