// Benchmark (run on demand, not a test): the API's overhead over raw Temporal calls.
//   npx tsx bench/complaints.ts [N filings] [M cases driven through every stage]
// 1. Files N complaints through the HTTP API and N through raw client.workflow.start on the same
//    server; prints both rates and their ratio (goal ≥ 0.8).
// 2. Drives M cases through every stage via the API and M via raw executeUpdate, alternating which
//    goes first; prints p50/p95 per action for both and the ratio (goal ≤ 1.5).
// Everything is real: a local Temporal dev server with file persistence, a worker, a SQLite file
// (or, with DATABASE_URL=postgresql://…, a fresh PostgreSQL database on that server).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createApp } from '../api/app';
import { createLogger } from '../observability/logger';
import { loadConfig } from '../config';
import { createDatabase } from '../db/client';
import type { Role } from '../domain/roles';
import { startLocalTemporal } from '../platform/localTemporal';
import { complaintRulesFrom } from '../config/caseRules';
import { IdempotencyService } from '../services/idempotency';
import { UserService } from '../services/users';
import { complaintActionUpdate, complaintWorkflow, complaintWorkflowId } from '../workflows/complaint';
import { newPayloadKeyEntry } from '../config/payloadKeys';
import { createScratchDatabase } from '../platform/database';
import { dataConverterFor } from '../temporal/codec';
import { workflowCode } from '../temporal/workflowCode';
import { freePort } from '../platform/ports';
import { complaintFiling } from '../scripts/examples';

const N = Number(process.argv[2] ?? 200);
const M = Number(process.argv[3] ?? 20);
const CONCURRENCY = 10;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function pool<T>(items: T[], f: (t: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
  return performance.now() - started;
}

async function main(): Promise<void> {
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} }, telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-bench-'));
  const temporal = await startLocalTemporal({ port: await freePort(), dbFile: path.join(dir, 'temporal.db') });
  // A fresh SQLite file, or with DATABASE_URL=postgresql://… a fresh database on that server.
  const databaseUrl = await createScratchDatabase({ base: process.env.DATABASE_URL, dir, prefix: 'aftersales_bench_' });
  console.log(`database: ${databaseUrl.startsWith('file:') ? 'SQLite file' : 'PostgreSQL'}`);
  const config = loadConfig({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: 'bench', LOG_LEVEL: 'silent', RATE_LIMIT_BURST: '1000000', RATE_LIMIT_PER_MINUTE: '1000000', PAYLOAD_KEYS: newPayloadKeyEntry('bench') });
  const db = createDatabase(databaseUrl);
  const users = new UserService(db);
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, dataConverter: dataConverterFor(config) });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: temporal.address }),
    taskQueue: 'bench',
    workflowBundle: await workflowCode(),
    dataConverter: dataConverterFor(config),
    activities: createActivities({ db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages }),
  });
  const running = worker.run();
  const app = createApp({ config, db, temporal: client, logger: createLogger('silent', 'bench'), users, idempotency: new IdempotencyService(db), now: () => new Date() });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens: Record<string, { token: string; id: string; name: string; roles: Role[] }> = {};
  for (const role of ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'sales_manager'] as Role[]) {
    const u = await users.create(`bench ${role}`, [role]);
    tokens[role] = { ...u, roles: [role] };
  }
  const post = async (url: string, role: string, body: unknown) => {
    const res = await fetch(base + url, { method: 'POST', headers: { Authorization: `Bearer ${tokens[role]!.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };

  // Warm-up: the worker's first workflow tasks, the database connection.
  await post('/api/v1/complaints', 'sales', complaintFiling());

  const apiMs = await pool(Array.from({ length: N }, (_, i) => i), async () => {
    await post('/api/v1/complaints', 'sales', complaintFiling());
  });
  const rules = complaintRulesFrom(config);
  const rawMs = await pool(Array.from({ length: N }, (_, i) => i), async () => {
    const id = randomUUID();
    await client.workflow.start(complaintWorkflow, {
      workflowId: complaintWorkflowId(id),
      taskQueue: 'bench',
      args: [{ id, filing: complaintFiling() as never, filedBy: { id: 'bench', name: 'bench' }, filedAt: new Date().toISOString(), rules }],
    });
  });
  const apiRate = (N / apiMs) * 1000;
  const rawRate = (N / rawMs) * 1000;

  const steps: [string, Record<string, unknown>][] = [
    ['gm_office', { action: 'register' }],
    ['qa', { action: 'analyze', cause: 'burr', responsibleDepartments: ['manufacturing'], ourFault: true, needsRnd: false }],
    ['manufacturing', { action: 'countermeasure', cause: 'worn die', countermeasure: 'replace die' }],
    ['manager_office', { action: 'review' }],
    ['gm_office', { action: 'check' }],
    ['sales', { action: 'propose', handling: { kind: 'return', quantity: 37, amount: 5000 } }],
    ['gm_office', { action: 'consolidate', opinion: 'agree', amount: 5000 }],
    ['sales_manager', { action: 'decide', decision: 'approve' }],
    ['sales', { action: 'record_result', customerAccepted: true, result: 'accepted' }],
    ['sales_manager', { action: 'confirm' }],
    ['gm_office', { action: 'close', responsibility: [{ department: 'manufacturing', ratio: 1 }], lossAmount: 5000, trackImprovement: true }],
  ];
  const apiLatencies: number[] = [];
  const rawLatencies: number[] = [];
  for (let i = 0; i < M; i++) {
    const apiCase = await post('/api/v1/complaints', 'sales', complaintFiling());
    const rawCase = await post('/api/v1/complaints', 'sales', complaintFiling());
    // Both start from the same point: their workflows have started and projected the filing.
    while ((await db.complaintCase.count({ where: { id: { in: [apiCase.id, rawCase.id] }, version: { gte: 1 } } })) < 2) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const viaApi = async (role: string, body: Record<string, unknown>) => {
      const t = performance.now();
      await post(`/api/v1/complaints/${apiCase.id}/actions`, role, body);
      apiLatencies.push(performance.now() - t);
    };
    const raw = async (role: string, body: Record<string, unknown>) => {
      const actor = tokens[role]!;
      const t = performance.now();
      await client.workflow.getHandle(complaintWorkflowId(rawCase.id)).executeUpdate(complaintActionUpdate, { args: [{ actor: { id: actor.id, name: actor.name, roles: actor.roles }, input: body }] });
      rawLatencies.push(performance.now() - t);
    };
    for (const [k, [role, body]] of steps.entries()) {
      // Alternate which goes first, so that neither always follows the other's aftermath.
      if ((i + k) % 2 === 0) {
        await viaApi(role, body);
        await raw(role, body);
      } else {
        await raw(role, body);
        await viaApi(role, body);
      }
    }
  }

  const fmt = (x: number) => x.toFixed(1);
  console.log(`filing, ${N} each, ${CONCURRENCY} concurrent:`);
  console.log(`  API POST /complaints      ${fmt(apiRate)} /s`);
  console.log(`  raw client.workflow.start ${fmt(rawRate)} /s`);
  console.log(`  ratio API/raw             ${(apiRate / rawRate).toFixed(2)}  (goal >= 0.8)`);
  console.log(`actions, ${M} cases x ${steps.length} stages, sequential:`);
  console.log(`  API  p50 ${fmt(percentile(apiLatencies, 50))} ms  p95 ${fmt(percentile(apiLatencies, 95))} ms`);
  console.log(`  raw  p50 ${fmt(percentile(rawLatencies, 50))} ms  p95 ${fmt(percentile(rawLatencies, 95))} ms`);
  console.log(`  ratio p50 ${(percentile(apiLatencies, 50) / percentile(rawLatencies, 50)).toFixed(2)}  p95 ${(percentile(apiLatencies, 95) / percentile(rawLatencies, 95)).toFixed(2)}  (goal <= 1.5)`);

  server.close();
  worker.shutdown();
  await running;
  await connection.close();
  await db.$disconnect();
  await temporal.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
