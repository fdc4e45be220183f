// The worker process: runs the workflows and activities on the task queue. Start as many as the
// load needs, on any machines, with the same configuration.
import { Worker, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { createActivities } from '../activities';
import { createDatabase } from '../db/client';
import { createLogger } from '../observability/logger';
import { connectClient, connectWorker } from '../temporal/connection';
import { ensureDailySchedule, ensureDeliverySchedule, ensureMonthlySchedule } from '../temporal/schedules';
import { workflowCode } from '../temporal/workflowCode';
import { dataConverterFor } from '../temporal/codec';

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
    // The prebuilt bundle in production; bundled at start from source in development.
    workflowBundle: await workflowCode(),
    // G6: payloads encrypted before they reach Temporal.
    dataConverter: dataConverterFor(config),
    activities: createActivities({ db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages, deliveries: config.deliveries }),
    shutdownGraceTime: config.shutdownGraceMs,
    // An activity that ignores its cancellation (e.g. stuck on a database lock) must not keep a
    // stopping worker alive: 5 s after the grace time run() fails and the process exits (code 1);
    // Temporal retries that activity elsewhere after its start-to-close timeout.
    shutdownForceTime: config.shutdownGraceMs + 5_000,
  });
  logger.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  // S13, S20: the daily operations schedule, created or brought up to date (idempotent).
  const { client, connection: clientConnection } = await connectClient(config);
  try {
    logger.info({ result: await ensureDailySchedule(client, config) }, 'daily operations schedule');
  } catch (err) {
    logger.warn({ err }, 'daily operations schedule not created; the worker runs without it');
  }
  // C12, P1, P14: the monthly statistics and ledger schedule (MONTHLY_REPORT_DAY), likewise.
  try {
    logger.info({ result: await ensureMonthlySchedule(client, config) }, 'monthly report schedule');
  } catch (err) {
    logger.warn({ err }, 'monthly report schedule not created; the worker runs without it');
  }
  // Notices to people by e-mail and chat robot (DELIVERY_SWEEP_EVERY), when a channel is configured.
  try {
    logger.info({ result: await ensureDeliverySchedule(client, config) }, 'notice delivery schedule');
  } catch (err) {
    logger.warn({ err }, 'notice delivery schedule not created; notices stay in the in-app inbox until a worker creates it');
  } finally {
    await clientConnection.close();
  }
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
