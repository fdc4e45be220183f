// Benchmark (run on demand, not a test): the service operations goals and reports (O1–O5) over a
// month of N service calls (default 10,000), with the three months before it at the same volume
// so that the goals' trend has records to read.
//   npx tsx bench/operations.ts [N calls a month] [R rounds]
// Writes the records straight into a fresh database (SQLite, or with DATABASE_URL=postgresql://…
// a fresh PostgreSQL database on that server), then makes every report R times, each as JSON
// (checked against its response schema) and as CSV, and prints the median and the slowest time of
// each and of all of them together (goal: all of them under one second), in elapsed time and in
// this process's CPU time. On SQLite the queries run inside this process, so its CPU time is the
// whole work even on a busy machine; on PostgreSQL the server's share is not in it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { activityLayout, kpiLayout, layoutCsv, partsLayout, serviceCostLayout, serviceOrdersLayout } from '../api/render/operationsReports';
import { createDatabase, type Database } from '../db/client';
import { BUDGET_CATEGORIES, EXAMPLE_MONTHLY_BUDGET_FEN } from '../domain/operations/budget';
import { ACTIVITY_TYPES, DEFAULT_ACTIVITY_POINTS } from '../domain/operations/activity';
import { DEFAULT_KPI_TARGETS } from '../domain/operations/kpis';
import { type Period, parsePeriod, periodInstants, previousPeriods } from '../domain/operations/period';
import { parseRegions } from '../domain/operations/regions';
import { createScratchDatabase } from '../platform/database';
import { activityPointsReport, zActivityPointsReport } from '../services/activityPoints';
import { kpiReport, partsReport, serviceOrdersReport, zKpiReport, zPartsReport, zServiceOrdersReport } from '../services/operationsReports';
import { serviceCostReport, zServiceCostReport } from '../services/serviceCosts';

const N = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const MONTH = '2026-10';
const TIME_ZONE = 'Asia/Shanghai';
const REGIONS = parseRegions('east=shanghai+hangzhou+nanjing,north=beijing+tianjin,south=guangzhou+shenzhen');
const CENTRES = ['shanghai', 'hangzhou', 'nanjing', 'beijing', 'tianjin', 'guangzhou', 'shenzhen', 'chengdu'];
const TECHNICIANS = 60;
const FAULTS = ['E01 hydraulic leak', 'E02 spindle noise', 'E03 control fault', 'E04 overheating', '液压泵异响'];
const PARTS = 200;
const DAY_MS = 86_400_000;
const CHUNK = 500;

/** A deterministic pseudo-random sequence, so that every run builds the same records. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** One month of calls, surveys, fees, part requests, replacements, stock movements, cost postings and activities. */
async function seedMonth(db: Database, period: Period, seed: number): Promise<void> {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const { start, end } = periodInstants(period, TIME_ZONE);
  const span = end.getTime() - start.getTime();
  const localDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const calls = [];
  const surveys = [];
  const fees = [];
  const activities = [];
  for (let i = 0; i < N; i++) {
    const id = `${period.text}-call-${i}`;
    const createdAt = new Date(start.getTime() + Math.floor(rand() * (span - DAY_MS)));
    const dispatched = rand() < 0.95;
    const closed = dispatched && rand() < 0.9;
    const closedAt = closed ? new Date(Math.min(createdAt.getTime() + Math.floor(rand() * 3 * DAY_MS), end.getTime() - 1)) : null;
    const category = pick(['A', 'B', 'C'] as const);
    const centre = pick(CENTRES);
    const technicianId = dispatched ? `tech-${Math.floor(rand() * TECHNICIANS)}` : null;
    calls.push({
      id,
      workflowId: `service-call-${id}`,
      number: null,
      status: closed ? 'closed' : 'open',
      stage: closed ? 'closed' : dispatched ? 'on_site' : 'dispatch',
      category,
      area: 'urban',
      serviceCentre: centre,
      customerName: `客户 ${i}`,
      customerPhone: '13800000000',
      productModel: 'XK-500',
      serialNo: `SN${String(Math.floor(rand() * N * 0.4)).padStart(6, '0')}`,
      fault: pick(FAULTS),
      activityType: null,
      contractId: null,
      technicianId,
      arrivalDueAt: new Date(createdAt.getTime() + 6 * 3_600_000),
      registeredOn: localDate(createdAt),
      state: '{}',
      version: 1,
      createdAt,
      closedAt,
    });
    if (closed && closedAt) {
      if (rand() < 0.7) {
        const level = () => 1 + Math.floor(rand() * 4);
        surveys.push({ id: `survey-${id}`, callId: id, technicianId, category, answeredAt: new Date(Math.min(closedAt.getTime() + DAY_MS, end.getTime() - 1)), attitude: level(), skill: level(), arrival: level(), promise: level(), createdAt: closedAt });
      }
      if (category === 'A' && rand() < 0.8) {
        fees.push({ id: `${id}:fee:1`, callId: id, technicianId, amountFen: 20_000 + Math.floor(rand() * 100_000), collectedOnSite: rand() < 0.5, kind: 'on_site', invoiceDueAt: closedAt, createdAt: closedAt });
      }
      const type = category === 'B' ? 'maintenance' : rand() < 0.8 ? 'repair' : pick(ACTIVITY_TYPES);
      activities.push({ id: `service_call:${id}`, source: 'service_call', sourceId: id, technicianId: technicianId!, serviceCentre: centre, activityType: type, points: DEFAULT_ACTIVITY_POINTS[type], date: localDate(closedAt), at: closedAt });
    }
  }
  for (let i = 0; i < N / 20; i++) {
    const at = new Date(start.getTime() + Math.floor(rand() * span));
    activities.push({ id: `internal_work:${period.text}-${i}`, source: 'internal_work', sourceId: `${period.text}-${i}`, technicianId: `tech-${Math.floor(rand() * TECHNICIANS)}`, serviceCentre: pick(CENTRES), activityType: 'internal', points: DEFAULT_ACTIVITY_POINTS.internal, date: localDate(at), at });
  }

  const requests = [];
  const replacements = [];
  const movements = [];
  const postings = [];
  for (let i = 0; i < N / 5; i++) {
    const call = calls[Math.floor(rand() * calls.length)]!;
    const id = `${period.text}-request-${i}`;
    const requestedAt = call.createdAt;
    const decidedAt = new Date(requestedAt.getTime() + 3_600_000);
    const approved = rand() < 0.96;
    const coverage = call.category === 'C' ? 'warranty' : call.category === 'B' ? 'contract' : 'paid';
    const waived = coverage === 'paid' && rand() < 0.1;
    const issued = approved && call.closedAt !== null;
    requests.push({
      id,
      callId: call.id,
      callNumber: null,
      serviceCentre: call.serviceCentre,
      serialNo: call.serialNo,
      category: call.category,
      coverage,
      waived,
      status: !approved ? 'rejected' : issued ? 'closed' : 'approved',
      technicianId: call.technicianId ?? 'tech-0',
      technicianName: 'Technician',
      reason: 'repair',
      requestedAt,
      decision: approved ? 'approved' : 'rejected',
      decidedAt,
      decidedBy: 'Supervisor',
      issuedAt: issued ? decidedAt : null,
      closedAt: issued ? call.closedAt : null,
      history: '[]',
      version: 1,
    });
    if (!issued || !call.closedAt) continue;
    const partNo = `P${String(Math.floor(rand() * PARTS)).padStart(4, '0')}`;
    const quantity = 1 + Math.floor(rand() * 3);
    const unitCostFen = 10_000 + (Number(partNo.slice(1)) % 50) * 1_000;
    const bearer = coverage === 'paid' && !waived ? 'customer' : 'company';
    replacements.push({ id: `${id}:3:${partNo}`, requestId: id, callId: call.id, serviceCentre: call.serviceCentre, partNo, quantity, coverage, bearer, unitCostFen, unitPriceFen: unitCostFen * 2, chargeFen: bearer === 'customer' ? unitCostFen * 2 * quantity : 0, at: call.closedAt });
    movements.push({ id: `${id}:issue`, centre: call.serviceCentre, partNo, kind: 'issue', quantity, requestId: id, at: decidedAt, by: 'Store' });
    if (bearer === 'company') {
      postings.push({ id: `part_issue:${id}:${partNo}`, month: period.text, category: 'materials', source: waived ? 'parts_waived' : `parts_${coverage}`, amountFen: unitCostFen * quantity, refType: 'part_request', refId: id, at: decidedAt, description: `${quantity} × ${partNo}` });
    }
  }
  for (let i = 0; i < N / 10; i++) {
    const at = new Date(start.getTime() + Math.floor(rand() * span));
    const category = pick(['vehicles', 'travel', 'communications', 'business', 'office', 'other'] as const);
    postings.push({ id: `claim:${period.text}-${i}`, month: period.text, category, source: 'claim', amountFen: 5_000 + Math.floor(rand() * 50_000), refType: 'cost_claim', refId: `${period.text}-${i}`, at, description: 'claim' });
  }
  for (const c of CENTRES) {
    for (let p = 0; p < PARTS; p += 10) {
      movements.push({ id: `${period.text}:${c}:receipt:${p}`, centre: c, partNo: `P${String(p).padStart(4, '0')}`, kind: 'receipt', quantity: 50, requestId: null, at: start, by: 'Store' });
    }
  }

  await inChunks(calls, (data) => db.serviceCall.createMany({ data }));
  await inChunks(surveys, (data) => db.serviceSurvey.createMany({ data }));
  await inChunks(fees, (data) => db.serviceFee.createMany({ data }));
  await inChunks(activities, (data) => db.activityRecord.createMany({ data }));
  await inChunks(requests, (data) => db.partRequest.createMany({ data }));
  await inChunks(replacements, (data) => db.partReplacement.createMany({ data }));
  await inChunks(movements, (data) => db.stockMovement.createMany({ data }));
  await inChunks(postings, (data) => db.serviceCostPosting.createMany({ data }));
  await db.serviceBudget.createMany({
    data: BUDGET_CATEGORIES.map((category) => ({ month: period.text, category, amountFen: EXAMPLE_MONTHLY_BUDGET_FEN[category], setAt: start, setBy: 'Service department' })),
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-operations-'));
  const url = await createScratchDatabase({ base: process.env.DATABASE_URL, dir, prefix: 'bench_operations_' });
  const db = createDatabase(url);
  const month = parsePeriod(MONTH)!;
  const now = new Date();
  try {
    const t0 = Date.now();
    await db.user.createMany({ data: Array.from({ length: TECHNICIANS }, (_, i) => ({ id: `tech-${i}`, name: `技术员 ${i}`, roles: '["technician"]', tokenHash: `bench-${i}` })) });
    const months = [month, ...previousPeriods(month, 3)];
    for (const [i, p] of months.entries()) await seedMonth(db, p, i + 1);
    console.log(`database: ${url.startsWith('file:') ? 'SQLite' : 'PostgreSQL'}; ${months.length} months of ${N} calls written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const regionScope = { regions: REGIONS, timeZone: TIME_ZONE };
    const reports: [string, () => Promise<string>][] = [
      ['kpis (O1, trend 3)', async () => layoutCsv(kpiLayout(zKpiReport.parse(await kpiReport(db, month, { ...regionScope, targets: DEFAULT_KPI_TARGETS, repeatWindowMs: 30 * DAY_MS, trend: 3 }))))],
      ['activity-points (O2)', async () => layoutCsv(activityLayout(zActivityPointsReport.parse(await activityPointsReport(db, month, { regions: REGIONS }))))],
      ['service-costs (O3)', async () => layoutCsv(serviceCostLayout(zServiceCostReport.parse(await serviceCostReport(db, MONTH, 8_000))))],
      ['parts (O4)', async () => layoutCsv(partsLayout(zPartsReport.parse(await partsReport(db, MONTH, regionScope))))],
      ['service-orders (O5)', async () => layoutCsv(serviceOrdersLayout(zServiceOrdersReport.parse(await serviceOrdersReport(db, month, { ...regionScope, now }))))],
    ];
    const times = new Map<string, number[]>(reports.map(([name]) => [name, []]));
    const cpu = new Map<string, number[]>(reports.map(([name]) => [name, []]));
    const all: number[] = [];
    const allCpu: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    await Promise.all(reports.map(([, make]) => make())); // warm up
    for (let r = 0; r < ROUNDS; r++) {
      const start = performance.now();
      const startCpu = process.cpuUsage();
      for (const [name, make] of reports) {
        const t = performance.now();
        const c = process.cpuUsage();
        await make();
        times.get(name)!.push(performance.now() - t);
        cpu.get(name)!.push(cpuMs(c));
      }
      all.push(performance.now() - start);
      allCpu.push(cpuMs(startCpu));
    }
    const line = (name: string, xs: number[], cs: number[]) =>
      `${name.padEnd(28)} median ${median(xs).toFixed(0).padStart(5)} ms, slowest ${Math.max(...xs).toFixed(0).padStart(5)} ms; CPU median ${median(cs).toFixed(0).padStart(5)} ms`;
    console.log(`load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
    for (const [name, xs] of times) console.log(line(name, xs, cpu.get(name)!));
    console.log(`${line('all five, one after another', all, allCpu)}   (goal: under 1000 ms)`);
  } finally {
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
    if (process.env.DATABASE_URL && !url.startsWith('file:')) {
      const admin = new PgClient({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
