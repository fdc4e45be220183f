// The platform in-process for one test file, on the real parts: the shared Temporal dev server,
// a real worker on its own task queue, a real migrated database, and the express app driven
// over HTTP with supertest.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import request from 'supertest';
import type { Express } from 'express';
import { type Config, loadConfig } from '../../config';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { createLogger } from '../../observability/logger';
import { type Database, createDatabase } from '../../db/client';
import type { Role } from '../../domain/roles';
import { IdempotencyService } from '../../services/idempotency';
import { UserService } from '../../services/users';
import { dataConverterFor } from '../../temporal/codec';
import type { Tracing } from '../../observability/tracing';
import { tracingActivityInterceptors, tracingClientInterceptors, tracingSinks } from '../../temporal/tracing';
import { workflowBuildId } from '../../temporal/workflowCode';
import { createTestDatabaseUrl } from './database';
import { TEST_PAYLOAD_KEYS } from './payloadKeys';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
}

export interface TestStack {
  app: Express;
  http: ReturnType<typeof request>;
  db: Database;
  client: Client;
  config: Config;
  adminToken: string;
  /** A new user with these roles; returns its bearer token and id. */
  user(roles: Role[], name?: string): Promise<{ token: string; id: string; name: string }>;
  /** Stops the worker (drains) and starts a new one on the same queue. */
  restartWorker(): Promise<void>;
  /** Stops the worker (drains): cases wait for one, as when every worker is down. */
  stopWorker(): Promise<void>;
  /** Starts a worker again after stopWorker. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** `tracing`: the API, its Temporal client and the worker trace as with OTEL_EXPORTER_OTLP_ENDPOINT set, into this tracing. */
export async function startTestStack(env: Record<string, string> = {}, options: { tracing?: Tracing } = {}): Promise<TestStack> {
  quietRuntime();
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  const bundle = process.env.TEST_WORKFLOW_BUNDLE;
  if (!address || !bundle) throw new Error('the jest global setup did not start Temporal');
  const databaseUrl = await createTestDatabaseUrl();
  const adminToken = `test-admin-${randomUUID()}`;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'silent',
    CHECK_RESPONSES: 'true',
    PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    // A busy test machine answers queries slowly; tests read from the workflow unless they say otherwise.
    CASE_READ_WAIT: '20s',
    ...env,
  });
  const db = createDatabase(config.databaseUrl);
  const users = new UserService(db);
  await users.ensureBootstrapAdmin(adminToken);
  const connection = await Connection.connect({ address });
  const interceptors = options.tracing ? tracingClientInterceptors(options.tracing) : undefined;
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config), ...(interceptors ? { interceptors } : {}) });
  const workerConnection = await NativeConnection.connect({ address });

  let worker: Worker;
  let running: Promise<void>;
  const startWorker = async () => {
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: { codePath: bundle },
      buildId: workflowBuildId({ codePath: bundle }),
      dataConverter: dataConverterFor(config),
      activities: createActivities({ db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages, deliveries: config.deliveries }),
      ...(options.tracing ? { interceptors: { activity: tracingActivityInterceptors(options.tracing) }, sinks: tracingSinks(options.tracing) } : {}),
    });
    running = worker.run();
  };
  await startWorker();

  const logger = createLogger('silent', 'api');
  const app = createApp({ config, db, temporal: client, logger, users, idempotency: new IdempotencyService(db), now: () => new Date(), tracing: options.tracing });
  return {
    app,
    http: request(app),
    db,
    client,
    config,
    adminToken,
    async user(roles, name = `${roles.join('+')} user`) {
      const created = await users.create(name, roles);
      return { token: created.token, id: created.id, name: created.name };
    },
    async restartWorker() {
      worker.shutdown();
      await running;
      await startWorker();
    },
    async stopWorker() {
      worker.shutdown();
      await running;
    },
    startWorker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await db.$disconnect();
    },
  };
}
