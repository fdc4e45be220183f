// What every benchmark shares: the platform as it runs (a worker process, the API, the database,
// Temporal), figures as percentiles and ratios, options with --help, and a clean exit.
//   TEMPORAL_ADDRESS unset → a throw-away local Temporal dev server; set → that server or cluster
//   DATABASE_URL unset → a scratch SQLite file; postgresql://… → a scratch database on that server
// The worker runs as its own process (worker/main.ts, as `npm start` runs it), so its memory is its
// own; the API runs in the benchmark's process, on a local port. A second, in-process worker on its
// own task queue runs the no-op workflow (bench/noopWorkflow.ts), the engine's floor.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, bundleWorkflowCode, makeTelemetryFilterString } from '@temporalio/worker';
import { createApp } from '../api/app';
import { type Config, loadConfig } from '../config';
import { newPayloadKeyEntry } from '../config/payloadKeys';
import { type Database, createDatabase } from '../db/client';
import type { Role } from '../domain/roles';
import { createLogger } from '../observability/logger';
import { createScratchDatabase } from '../platform/database';
import { type LocalTemporal, startLocalTemporal } from '../platform/localTemporal';
import { freePort } from '../platform/ports';
import { IdempotencyService } from '../services/idempotency';
import { UserService } from '../services/users';
import { dataConverterFor } from '../temporal/codec';
import { complaintRulesFrom } from '../config/caseRules';
import { complaintFiling } from '../scripts/examples';
import { complaintWorkflow, complaintWorkflowId } from '../workflows/complaint';

export const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
export const ms = (x: number): string => `${x.toFixed(1)} ms`;
export const ratio = (a: number, b: number): string => (a / b).toFixed(2);
export const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** Parses `--name value` options; prints `usage` and exits on --help. */
export function options<T extends Record<string, number>>(usage: string, defaults: T): T {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    const lines = Object.entries(defaults).map(([k, v]) => `  --${k} <n>   (default ${v})`);
    console.log(`${usage}\n\noptions:\n${lines.join('\n')}\n\nenvironment: TEMPORAL_ADDRESS (an existing server or cluster; unset: a local dev server), DATABASE_URL (postgresql://…: a scratch database on that server; unset: a scratch SQLite file), WORKER_MAX_CACHED_WORKFLOWS`);
    process.exit(0);
  }
  const out = { ...defaults } as Record<string, number>;
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(\w[\w-]*)$/.exec(argv[i]!);
    if (!m || !(m[1]! in defaults)) throw new Error(`unknown option ${argv[i]}; --help lists them`);
    out[m[1]!] = Number(argv[++i]);
    if (!Number.isFinite(out[m[1]!])) throw new Error(`--${m[1]} needs a number`);
  }
  return out as T;
}

/** Runs `n` jobs with `concurrency` at a time; returns the elapsed milliseconds. */
export async function pool(n: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await job(next++);
  }));
  return performance.now() - started;
}

/** Runs `f` and pushes its duration (ms) into `into`. */
export async function timed<T>(into: number[], f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await f();
  into.push(performance.now() - t);
  return out;
}

/** The machine's 1-minute load average and cores, for the record. */
export const machineLoad = (): string => `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`;

/** Resident memory of a process, in MB (Linux /proc). */
export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Starts a complaint's workflow directly (raw `workflow.start`, no API), filed by the benchmark's
 * sales user now: it runs its first workflow task, is projected and waits for registration.
 */
export function startRawComplaint(b: Bench, id: string) {
  return b.client.workflow.start(complaintWorkflow, {
    workflowId: complaintWorkflowId(id),
    taskQueue: b.config.temporal.taskQueue,
    args: [{ id, filing: complaintFiling() as never, filedBy: { id: b.tokens.sales!.id, name: b.tokens.sales!.name }, filedAt: new Date().toISOString(), rules: complaintRulesFrom(b.config) }],
  });
}

export interface Bench {
  config: Config;
  db: Database;
  client: Client;
  base: string;
  tokens: Record<string, { token: string; id: string; name: string; roles: Role[] }>;
  worker: ChildProcess;
  noopQueue: string;
  describe: string;
  post: (url: string, role: string, body: unknown) => Promise<{ id: string } & Record<string, unknown>>;
  get: (url: string, role: string) => Promise<unknown>;
  close: () => Promise<never>;
}

const ROLES: Role[] = ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'sales_manager', 'vp', 'gm', 'clerk', 'service_supervisor', 'technician', 'service_dept', 'auditor'];

export async function startBench(env: Record<string, string> = {}): Promise<Bench> {
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} }, telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-bench-'));
  let temporal: LocalTemporal | null = null;
  const address = process.env.TEMPORAL_ADDRESS ?? (temporal = await startLocalTemporal({ port: await freePort(), dbFile: path.join(dir, 'temporal.db') })).address;
  const databaseUrl = await createScratchDatabase({ base: process.env.DATABASE_URL, dir, prefix: 'aftersales_bench_' });
  const taskQueue = `bench-${process.pid}`;
  const vars: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_BURST: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    PAYLOAD_KEYS: newPayloadKeyEntry('bench'),
    DAILY_JOB_ENABLED: 'false',
    MONTHLY_REPORT_ENABLED: 'false',
    ...(process.env.WORKER_MAX_CACHED_WORKFLOWS ? { WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    ...env,
  };
  const config = loadConfig(vars);
  const db = createDatabase(databaseUrl);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, dataConverter: dataConverterFor(config) });
  // The worker, as its own process (its RSS is the worker's).
  // Profiling flags given to the benchmark (`node --cpu-prof --import tsx bench/…`) profile the worker too.
  const profiling = process.execArgv.filter((a) => /^--(cpu|heap)-prof/.test(a));
  const worker = spawn(process.execPath, [...profiling, '--import', 'tsx', path.join(__dirname, '..', 'worker', 'main.ts')], {
    env: { ...process.env, ...vars },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A worker that stops (out of memory, a crash) ends the benchmark at once with the reason: its
  // figures would be meaningless, and the cases it held would wait for it until the bench timed out.
  let closing = false;
  worker.once('exit', (code, signal) => {
    if (closing) return;
    console.error(`the worker stopped during the benchmark (${signal ? `signal ${signal}` : `exit code ${code}`}); no figures`);
    void Promise.race([temporal?.stop(), sleep(10_000)]).finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(1);
    });
  });
  // The engine's floor: the no-op workflow on its own queue, in this process.
  const noopQueue = `${taskQueue}-noop`;
  const noop = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue: noopQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./noopWorkflow'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } }),
    dataConverter: dataConverterFor(config),
  });
  const noopRunning = noop.run();
  const users = new UserService(db);
  const app = createApp({ config, db, temporal: client, logger: createLogger('silent', 'bench'), users, idempotency: new IdempotencyService(db), now: () => new Date() });
  const server: Server = app.listen(0, '127.0.0.1');
  // The benchmark's client keeps its connections across pauses (e.g. while rows are generated): the
  // server must not close an idle one just as the client reuses it.
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 10 * 60_000 + 1000;
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens: Bench['tokens'] = {};
  for (const role of ROLES) tokens[role] = { ...(await users.create(`bench ${role}`, [role])), roles: [role] };
  const request = async (method: string, url: string, role: string, body?: unknown) => {
    const res = await fetch(base + url, { method, headers: { Authorization: `Bearer ${tokens[role]!.token}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const describe = `Temporal ${temporal ? 'local dev server' : `at ${address}`}, ${databaseUrl.startsWith('file:') ? 'SQLite' : 'PostgreSQL'}, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`;
  console.log(`# ${describe}; ${machineLoad()} at start`);
  // Until the worker process runs workflows: the first filing's workflow has completed its first
  // workflow task (the API writes the case's first projection itself, so the row says nothing about
  // the worker). Measuring before then would count the worker's start-up against the first round.
  const warm = (await request('POST', '/api/v1/complaints', 'sales', (await import('../scripts/examples')).complaintFiling())) as { id: string };
  const warmHandle = client.workflow.getHandle(complaintWorkflowId(warm.id));
  for (let i = 0; i < 1200 && (await warmHandle.describe()).historyLength < 4; i++) await sleep(100);
  return {
    config, db, client, base, tokens, worker, noopQueue, describe,
    post: (url, role, body) => request('POST', url, role, body) as never,
    get: (url, role) => request('GET', url, role),
    async close() {
      closing = true;
      const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), sleep(10_000)]);
      server.closeAllConnections();
      await bounded(new Promise((r) => server.close(r)));
      worker.kill('SIGTERM');
      await bounded(new Promise((r) => worker.once('exit', r)));
      noop.shutdown();
      await bounded(noopRunning);
      await bounded(connection.close());
      await bounded(db.$disconnect());
      if (temporal) await bounded(temporal.stop());
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    },
  };
}
