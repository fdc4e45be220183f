// T6: list, inbox and monthly report p95 at many cases ÷ at a few, side by side in one run.
//   npx tsx bench/lists.ts [--cases 100000] [--sample 20] [--requests 50] [--months 24]
// 1. Files `sample` real complaints through the API (half driven to their closing), then times
//    `requests` reads of each: the complaint list (GET /api/v1/complaints), the inbox
//    (GET /api/v1/tasks as the GM office) and this month's report (GET /api/v1/reports/complaints/monthly).
// 2. Adds projection rows up to `cases` (copies of the real ones' rows under new ids, written in
//    batches: the database as it looks after that many cases, without running that many
//    workflows), then times the same reads again. The closed copies are spread over the last
//    `months` months (closed and filed that many months earlier, whole months apart), as a
//    company's closed cases are; the open ones are all current. `--months 1` puts every case in
//    this month: the report then lists half of them.
// Prints p50/p95 of each at both sizes, the ratio at `cases` ÷ at `sample`, and whether each p95
// stays under 100 ms (the goal).
import { randomUUID } from 'node:crypto';
import { complaintFiling } from '../scripts/examples';
import { MAIN_PATH } from './complaints';
import { machineLoad, ms, options, percentile, ratio, sleep, startBench, timed } from './harness';

async function main(): Promise<void> {
  const o = options('T6: npx tsx bench/lists.ts — list, inbox and monthly report p95 at many cases ÷ at a few', { cases: 100000, sample: 20, requests: 50, months: 24 });
  const b = await startBench();
  const month = new Date().toISOString().slice(0, 7);
  const ids: string[] = [];
  for (let i = 0; i < o.sample; i++) {
    const filed = await b.post('/api/v1/complaints', 'sales', complaintFiling());
    ids.push(filed.id);
    if (i % 2 === 0) for (const [role, body] of MAIN_PATH) await b.post(`/api/v1/complaints/${filed.id}/actions`, role, body);
  }
  for (let i = 0; i < 600 && (await b.db.complaintCase.count({ where: { id: { in: ids } } })) < ids.length; i++) await sleep(100);

  const reads: [string, string, string][] = [
    ['list', '/api/v1/complaints', 'gm_office'],
    ['inbox', '/api/v1/tasks', 'gm_office'],
    ['monthly report', `/api/v1/reports/complaints/monthly?month=${month}`, 'gm_office'],
  ];
  const measure = async (): Promise<Map<string, number[]>> => {
    const out = new Map<string, number[]>(reads.map(([name]) => [name, []]));
    for (let i = 0; i < o.requests; i++) for (const [name, url, role] of reads) await timed(out.get(name)!, () => b.get(url, role));
    return out;
  };
  const few = await measure();
  const atFew = await b.db.complaintCase.count();

  // Copies of the real rows, open and closed alike, until the table holds `cases`; each closed
  // copy moved back by a whole number of months (the same day and time of day in that month).
  const templates = await b.db.complaintCase.findMany();
  const monthsBack = (at: Date | null, n: number): Date | null => {
    if (!at || n === 0) return at;
    const d = new Date(at);
    d.setUTCMonth(d.getUTCMonth() - n);
    return d;
  };
  const startedAt = performance.now();
  for (let made = atFew; made < o.cases; ) {
    const batch = Math.min(1000, o.cases - made);
    await b.db.complaintCase.createMany({
      data: Array.from({ length: batch }, (_, k) => {
        const { updatedAt: _u, ...t } = templates[(made + k) % templates.length]!;
        const id = randomUUID();
        const back = t.closedAt ? (made + k) % o.months : 0;
        const createdAt = monthsBack(t.createdAt, back)!;
        return {
          ...t,
          id,
          workflowId: `complaint-${id}`,
          number: t.number ? `B${made + k}` : null,
          createdAt,
          month: createdAt.toISOString().slice(0, 7),
          closedAt: monthsBack(t.closedAt, back),
          dueAt: monthsBack(t.dueAt, back),
          stageDueAt: monthsBack(t.stageDueAt, back),
        };
      }),
    });
    made += batch;
  }
  // The query planner's statistics, as a platform that grew to this size has them: SQLite's are
  // refreshed on opening and hourly (db/client.ts), PostgreSQL's by its autovacuum.
  await b.db.$executeRawUnsafe(b.config.databaseProvider === 'sqlite' ? 'PRAGMA optimize' : 'ANALYZE');
  const generateSeconds = (performance.now() - startedAt) / 1000;
  const atMany = await b.db.complaintCase.count();
  const many = await measure();
  const report = (await b.get(`/api/v1/reports/complaints/monthly?month=${month}`, 'gm_office')) as { report: { cases: unknown[] } };

  console.log(`T6 reads, ${o.requests} of each, one at a time: at ${atFew} cases (${o.sample} real) and at ${atMany} (rows added in ${generateSeconds.toFixed(1)} s, closed ones over ${o.months} months: this month's report lists ${report.report.cases.length} cases); ${machineLoad()} at the end:`);
  for (const [name] of reads) {
    const a = few.get(name)!;
    const z = many.get(name)!;
    console.log(`  ${name.padEnd(15)} at ${atFew}: p50 ${ms(percentile(a, 50))} p95 ${ms(percentile(a, 95))}   at ${atMany}: p50 ${ms(percentile(z, 50))} p95 ${ms(percentile(z, 95))}`);
    console.log(`  T6 ${name.padEnd(15)} ratio p95 many ÷ few ${ratio(percentile(z, 95), percentile(a, 95))};  p95 < 100 ms: ${percentile(z, 95) < 100 ? 'yes' : 'NO'}`);
  }
  await b.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
