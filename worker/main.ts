// The worker process: runs the workflows and activities on the task queue. Start as many as the
// load needs, on any machines, with the same configuration.
import v8 from 'node:v8';
import { Worker, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { createActivities } from '../activities';
import { createDatabase } from '../db/client';
import { createLogger } from '../observability/logger';
import { connectClient, connectWorker } from '../temporal/connection';
import { ensureDailySchedule, ensureDeliverySchedule, ensureMonthlySchedule } from '../temporal/schedules';
import { workflowBuildId, workflowCode } from '../temporal/workflowCode';
import { dataConverterFor } from '../temporal/codec';
import { expectedWorkerBytes, workflowCacheSize } from './cache';
import { startTracing } from '../observability/tracing';
import { tracingActivityInterceptors, tracingSinks } from '../temporal/tracing';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'worker', config.logFormat);
  Runtime.install({
    logger: {
      log: (level, message, meta) => logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')]({ ...meta }, message),
      trace: (m, meta) => logger.trace(meta, m),
      debug: (m, meta) => logger.debug(meta, m),
      info: (m, meta) => logger.info(meta, m),
      warn: (m, meta) => logger.warn(meta, m),
      error: (m, meta) => logger.error(meta, m),
    },
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      // The SDK's own metrics (task slots, poll and schedule-to-start latencies, workflow and
      // activity outcomes, requests to Temporal) for Prometheus at WORKER_METRICS_ADDRESS.
      ...(config.observability.workerMetricsAddress ? { metrics: { prometheus: { bindAddress: config.observability.workerMetricsAddress } } } : {}),
    },
  });
  if (config.observability.workerMetricsAddress) logger.info({ address: config.observability.workerMetricsAddress }, 'worker metrics for Prometheus at /metrics');
  const tracing = startTracing({ serviceName: config.observability.serviceName ?? 'aftersales-worker', endpoint: config.observability.otlpEndpoint });
  if (tracing.enabled) logger.info({ endpoint: config.observability.otlpEndpoint }, 'traces exported by OTLP');
  const db = createDatabase(config.databaseUrl);
  const connection = await connectWorker(config);
  const { cases: cached, cappedFrom } = workflowCacheSize(config.worker);
  if (cappedFrom !== undefined) {
    logger.warn(
      { asked: cappedFrom, maxCachedWorkflows: cached, heapLimitMB: Math.round(v8.getHeapStatistics().heap_size_limit / 1024 ** 2) },
      'the workflow cache asked for is more than the JavaScript heap holds; the worker keeps fewer open cases in memory (raise the heap with NODE_OPTIONS=--max-old-space-size=<MB> to keep more)',
    );
  }
  // The prebuilt bundle in production; bundled at start from source in development.
  const workflowBundle = await workflowCode();
  const buildId = workflowBuildId(workflowBundle);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle,
    // Recorded with every workflow task: the release and its workflow code (no worker versioning).
    buildId,
    // G6: payloads encrypted before they reach Temporal.
    dataConverter: dataConverterFor(config),
    activities: createActivities({ db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages, deliveries: config.deliveries }),
    // Traces: each activity continues the trace of the workflow call that scheduled it; the
    // workflow code's spans arrive through the sink.
    interceptors: { activity: tracingActivityInterceptors(tracing) },
    sinks: tracingSinks(tracing),
    shutdownGraceTime: config.shutdownGraceMs,
    // An activity that ignores its cancellation (e.g. stuck on a database lock) must not keep a
    // stopping worker alive: 5 s after the grace time run() fails and the process exits (code 1);
    // Temporal retries that activity elsewhere after its start-to-close timeout.
    shutdownForceTime: config.shutdownGraceMs + 5_000,
    // Bounded memory: at most this many open cases in memory (WORKER_MAX_CACHED_WORKFLOWS, WORKER_MEMORY_BUDGET).
    maxCachedWorkflows: cached,
  });
  logger.info(
    { taskQueue: config.temporal.taskQueue, address: config.temporal.address, buildId, maxCachedWorkflows: cached, expectedMaxRssMB: Math.round(expectedWorkerBytes(cached) / 1024 ** 2) },
    'worker started',
  );
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
  await tracing.shutdown().catch(() => undefined);
  await db.$disconnect();
  logger.info('worker stopped');
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`worker failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
