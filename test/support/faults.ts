// Fault-injection harness (test/integration/faults.test.ts): the real parts, broken on purpose.
// - real worker processes (`node --require tsx/cjs worker/main.ts`, configured by environment),
//   each in its own process group, killed with -9 or stopped with SIGTERM;
// - a local Temporal dev server with file persistence that can be stopped and started again;
// - a database write lock held from outside the platform, so that an activity blocks;
// - the API in-process (express app over supertest), optionally with an in-process worker.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import request from 'supertest';
import type { Express } from 'express';
import { type Config, REPO_ROOT, loadConfig } from '../../config';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { createLogger } from '../../observability/logger';
import { dataConverterFor } from '../../temporal/codec';
import { TEST_PAYLOAD_KEYS } from './payloadKeys';
import { type Database, createDatabase, sqliteFilePath } from '../../db/client';
import { type LocalTemporal, startLocalTemporal } from '../../platform/localTemporal';
import type { Role } from '../../domain/roles';
import { IdempotencyService } from '../../services/idempotency';
import { UserService } from '../../services/users';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until `ok` holds, at most `timeoutMs`; fails with the last value or error seen. */
export async function eventually<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (ok(value)) return value;
      last = value;
    } catch (err) {
      last = `error: ${(err as Error).message}`;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await sleep(everyMs);
  }
}

/**
 * The SDK runtime of this (jest) process, quiet: core logs are dropped. Install it only right before
 * creating a native connection: the runtime shuts itself down when its last connection closes, but
 * one installed and never used keeps the process alive.
 */
export function quietRuntime(): void {
  try {
    Runtime.install({
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
  } catch {
    // already installed in this process
  }
}

// ---------------------------------------------------------------------------------------------
// Worker processes

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it wrote so far (JSON log lines). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9 of its whole process group; resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM to the worker; resolves with how long it took to exit, fails if it did not within `timeoutMs`. */
  terminate(timeoutMs: number): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null }>;
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Starts processes in their own process groups and kills whatever is left of them at the end. */
export class ProcessReaper {
  private readonly children: ChildProcess[] = [];

  track(child: ChildProcess): void {
    this.children.push(child);
  }

  /** SIGKILL to each tracked process group still alive; waits (bounded) for them to exit. */
  async killAll(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (!alive(child)) return;
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        await Promise.race([gone, sleep(10_000)]);
      }),
    );
  }
}

/**
 * A real worker process, `node --require tsx/cjs worker/main.ts` (or `entry`), configured by `env`; resolves once
 * its worker polls (the SDK logs state RUNNING). The workflow code is bundled from the sources.
 */
export async function spawnWorker(reaper: ProcessReaper, env: Record<string, string>, startTimeoutMs = 120_000, entry = 'worker/main.ts'): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, DAILY_JOB_ENABLED: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group
  });
  reaper.track(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const worker: WorkerProcess = {
    child,
    output: () => out,
    exited,
    async kill9() {
      if (alive(child)) process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
    async terminate(timeoutMs: number) {
      const started = Date.now();
      child.kill('SIGTERM');
      const result = await Promise.race([exited, sleep(timeoutMs).then(() => null)]);
      if (!result) {
        await worker.kill9();
        throw new Error(`the worker process did not exit within ${timeoutMs} ms of SIGTERM (killed with -9):\n${out.slice(-4000)}`);
      }
      return { ms: Date.now() - started, ...result };
    },
  };
  const deadline = Date.now() + startTimeoutMs;
  while (!/"state":"RUNNING"/.test(out)) {
    if (!alive(child)) throw new Error(`the worker process exited before running:\n${out}`);
    if (Date.now() > deadline) {
      await worker.kill9();
      throw new Error(`the worker process did not start within ${startTimeoutMs} ms:\n${out}`);
    }
    await sleep(100);
  }
  return worker;
}

// ---------------------------------------------------------------------------------------------
// A Temporal server that can be restarted

export interface RestartableTemporal {
  address: string;
  running(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The local dev server persisted in `dir`/temporal.db on a fixed port, so a restart finds its workflows again. */
export async function startRestartableTemporal(dir: string, port: number): Promise<RestartableTemporal> {
  let server: LocalTemporal | undefined;
  const start = async () => {
    server = await startLocalTemporal({ port, dbFile: path.join(dir, 'temporal.db'), logFile: path.join(dir, 'temporal.log') });
  };
  await start();
  return {
    address: `127.0.0.1:${port}`,
    running: () => server !== undefined,
    async start() {
      if (!server) await start();
    },
    async stop() {
      const s = server;
      server = undefined;
      await s?.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Holding the database's write lock from outside the platform

export interface HeldLock {
  release(): Promise<void>;
}

// A separate process holds the SQLite lock: two copies of SQLite in one process (the test's
// better-sqlite3 and the one inside Prisma's adapter) do not see each other's POSIX locks, and
// closing one drops the other's, which corrupts the file.
const SQLITE_LOCK_SCRIPT = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { timeout: 30000 });
if (db.pragma('journal_mode', { simple: true }) === 'wal') throw new Error('WAL mode: call useRollbackJournal first');
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
process.stdin.resume();
`;

/**
 * SQLite only: switches a database nobody has opened yet from WAL (what migrations leave) to the
 * rollback journal, so that `holdProjectionLock` can block every connection (in WAL mode readers
 * never wait, and a transaction that read first fails at once on a held write lock instead of
 * waiting, so an activity could not be caught while it blocks).
 */
export function useRollbackJournal(databaseUrl: string): void {
  if (!databaseUrl.startsWith('file:')) return;
  const conn = new BetterSqlite3(sqliteFilePath(databaseUrl));
  try {
    conn.pragma('journal_mode = DELETE');
  } finally {
    conn.close();
  }
}

/**
 * Blocks the complaint projection. SQLite (rollback journal, see `useRollbackJournal`): an
 * exclusive lock on the database file from a separate process; the platform's queries wait up to
 * SQLITE_WRITE_WAIT_MS (10 s, db/client.ts), fail, and the activity retries. PostgreSQL: `LOCK TABLE
 * "ComplaintCase" IN ACCESS EXCLUSIVE MODE` in an open transaction; the platform's queries on that
 * table wait until it ends. Nothing is written; release rolls back. While a SQLite lock is held
 * this process must not touch the database itself (it would wait, synchronously).
 */
export async function holdProjectionLock(databaseUrl: string, reaper: ProcessReaper): Promise<HeldLock> {
  if (databaseUrl.startsWith('file:')) {
    const child = spawn(process.execPath, ['-e', SQLITE_LOCK_SCRIPT, require.resolve('better-sqlite3'), sqliteFilePath(databaseUrl)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    reaper.track(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const deadline = Date.now() + 60_000;
    while (!out.includes('locked')) {
      if (!alive(child)) throw new Error(`the SQLite lock holder exited (${child.exitCode}): ${out}`);
      if (Date.now() > deadline) {
        process.kill(-child.pid!, 'SIGKILL');
        throw new Error(`the SQLite lock was not taken within 60 s: ${out}`);
      }
      await sleep(20);
    }
    return {
      async release() {
        child.stdin!.end();
        const code = await exited;
        if (code !== 0) throw new Error(`the SQLite lock holder failed to release (${code}): ${out}`);
      },
    };
  }
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  await pg.query('BEGIN');
  await pg.query('LOCK TABLE "ComplaintCase" IN ACCESS EXCLUSIVE MODE');
  return {
    async release() {
      await pg.query('ROLLBACK');
      await pg.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The API in-process (and, when asked, a worker in-process)

export interface FaultPlatform {
  app: Express;
  http: ReturnType<typeof request>;
  db: Database;
  client: Client;
  config: Config;
  /** A new user with these roles. */
  user(roles: Role[], name?: string): Promise<{ token: string; id: string; name: string }>;
  /** Runs after a request's bearer token was looked up and before the route runs (then cleared). */
  afterAuthentication?: () => Promise<void>;
  /** Worker process environment for this platform's database, Temporal and task queue. */
  workerEnv(extra?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

export async function startFaultPlatform(options: {
  temporalAddress: string;
  databaseUrl: string;
  env?: Record<string, string>;
  /** Run a worker in this process (with the test bundle) instead of worker processes. */
  inProcessWorker?: boolean;
}): Promise<FaultPlatform> {
  const adminToken = `fault-admin-${randomUUID()}`;
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_TASK_QUEUE: `faults-${randomUUID()}`,
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'silent',
    PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    ...options.env,
  });
  const db = createDatabase(config.databaseUrl);
  const users = new UserService(db);
  await users.ensureBootstrapAdmin(adminToken);
  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config) });

  let worker: { connection: NativeConnection; worker: Worker; running: Promise<void> } | undefined;
  if (options.inProcessWorker) {
    const bundle = process.env.TEST_WORKFLOW_BUNDLE;
    if (!bundle || !fs.existsSync(bundle)) throw new Error('the jest global setup did not bundle the workflows');
    quietRuntime();
    const workerConnection = await NativeConnection.connect({ address: options.temporalAddress });
    const w = await Worker.create({
      connection: workerConnection,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: { codePath: bundle },
      dataConverter: dataConverterFor(config),
      activities: createActivities({ db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages }),
    });
    worker = { connection: workerConnection, worker: w, running: w.run() };
  }

  const platform: FaultPlatform = {} as FaultPlatform;
  // The hook lets a test act in the gap between authentication (a database read) and the route.
  const hookedUsers = Object.assign(Object.create(users) as UserService, {
    async byToken(token: string) {
      const user = await users.byToken(token);
      const hook = platform.afterAuthentication;
      platform.afterAuthentication = undefined;
      if (hook) await hook();
      return user;
    },
  });
  const app = createApp({
    config,
    db,
    temporal: client,
    logger: createLogger('silent', 'api'),
    users: hookedUsers,
    idempotency: new IdempotencyService(db),
    now: () => new Date(),
  });
  return Object.assign(platform, {
    app,
    http: request(app),
    db,
    client,
    config,
    async user(roles: Role[], name = `${roles.join('+')} user`) {
      const created = await users.create(name, roles);
      return { token: created.token, id: created.id, name: created.name };
    },
    workerEnv: (extra: Record<string, string> = {}) => ({
      DATABASE_URL: config.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      ...extra,
    }),
    async stop() {
      if (worker) {
        worker.worker.shutdown();
        await worker.running;
        await worker.connection.close();
      }
      await connection.close();
      await db.$disconnect();
    },
  });
}
