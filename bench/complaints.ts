// T1, T2: the API's overhead over raw Temporal calls, and over the engine's floor, side by side in one run.
//   npx tsx bench/complaints.ts [--filings 200] [--cases 20] [--concurrency 10]
// T1: files N complaints through the HTTP API and N through raw client.workflow.start; the ratio of
//     the rates (goal ≥ 0.8).
// T2: drives M cases along the main path through the API and M through raw executeUpdate, and M
//     no-op workflows with the same Updates (the engine's floor), interleaved; the ratio of p95s
//     API ÷ raw (goal ≤ 1.5) and of p50s API ÷ no-op (goal ≤ 2).
import { randomUUID } from 'node:crypto';
import { complaintRulesFrom } from '../config/caseRules';
import { complaintFiling } from '../scripts/examples';
import { complaintActionUpdate, complaintWorkflow, complaintWorkflowId } from '../workflows/complaint';
import { benchNoopWorkflow, noopFinish, noopUpdate } from './noopWorkflow';
import { ms, options, percentile, pool, ratio, startBench } from './harness';

/** The complaint's main path, as the replay gate's capture drives it (test/replay/capture/capture-lean-history.ts). */
export const MAIN_PATH: [string, Record<string, unknown>][] = [
  ['gm_office', { action: 'register' }],
  ['qa', { action: 'comment', comment: 'Samples received' }],
  ['qa', { action: 'analyze', cause: 'Die wear', responsibleDepartments: ['manufacturing'], ourFault: true, needsRnd: false }],
  [
    'manufacturing',
    {
      action: 'countermeasure',
      cause: 'Worn die',
      countermeasure: 'Replace the die; 100% inspection for a month',
      traceability: { productionUnit: 'manufacturing/section-1/group-2', machine: 'P-12', shift: 'A', operators: ['Zhang Wei', 'Li Qiang'], productionDate: '2026-10-20' },
    },
  ],
  ['manager_office', { action: 'review', comment: 'Agreed' }],
  ['gm_office', { action: 'check' }],
  ['sales', { action: 'propose', handling: { kind: 'return', quantity: 37, unitPrice: '200', compensation: '600' } }],
  ['gm_office', { action: 'consolidate', opinion: 'Accept the return' }],
  ['sales_manager', { action: 'decide', decision: 'approve' }],
  ['sales', { action: 'record_result', customerAccepted: true, result: 'Customer accepted by phone', channel: 'phone' }],
  ['sales_manager', { action: 'confirm' }],
  ['gm_office', { action: 'close', responsibility: [{ department: 'manufacturing', person: 'Zhang Wei', ratio: 0.7 }, { department: 'qa', ratio: 0.3 }], lossAmount: '8000', trackImprovement: true }],
];

async function main(): Promise<void> {
  const o = options('T1, T2: npx tsx bench/complaints.ts — API filing rate ÷ raw workflow.start; API action p95 ÷ raw executeUpdate p95; API p50 ÷ no-op Update p50', { filings: 200, cases: 20, concurrency: 10 });
  const b = await startBench();
  const queue = b.config.temporal.taskQueue;
  const rules = complaintRulesFrom(b.config);

  // T1: filing rates, API and raw alternating in rounds so that both see the same load.
  let apiMs = 0;
  let rawMs = 0;
  const rounds = 4;
  for (let r = 0; r < rounds; r++) {
    const n = Math.ceil(o.filings / rounds);
    apiMs += await pool(n, o.concurrency, async () => {
      await b.post('/api/v1/complaints', 'sales', complaintFiling());
    });
    rawMs += await pool(n, o.concurrency, async () => {
      const id = randomUUID();
      await b.client.workflow.start(complaintWorkflow, {
        workflowId: complaintWorkflowId(id),
        taskQueue: queue,
        args: [{ id, filing: complaintFiling() as never, filedBy: { id: 'bench', name: 'bench' }, filedAt: new Date().toISOString(), rules }],
      });
    });
  }
  const filed = Math.ceil(o.filings / rounds) * rounds;
  const apiRate = (filed / apiMs) * 1000;
  const rawRate = (filed / rawMs) * 1000;

  // T2: action latencies.
  const api: number[] = [];
  const raw: number[] = [];
  const noop: number[] = [];
  for (let i = 0; i < o.cases; i++) {
    const a = await b.post('/api/v1/complaints', 'sales', complaintFiling());
    const r = await b.post('/api/v1/complaints', 'sales', complaintFiling());
    const n = await b.client.workflow.start(benchNoopWorkflow, { workflowId: `noop-${randomUUID()}`, taskQueue: b.noopQueue });
    while ((await b.db.complaintCase.count({ where: { id: { in: [a.id, r.id] } } })) < 2) await new Promise((res) => setTimeout(res, 10));
    const timed = async (into: number[], f: () => Promise<unknown>) => {
      const t = performance.now();
      await f();
      into.push(performance.now() - t);
    };
    for (const [k, [role, body]] of MAIN_PATH.entries()) {
      const actor = b.tokens[role]!;
      const runs = [
        () => timed(api, () => b.post(`/api/v1/complaints/${a.id}/actions`, role, body)),
        () => timed(raw, () => b.client.workflow.getHandle(complaintWorkflowId(r.id)).executeUpdate(complaintActionUpdate, { args: [{ actor: { id: actor.id, name: actor.name, roles: actor.roles }, input: body }] })),
        () => timed(noop, () => n.executeUpdate(noopUpdate, { args: [{ actor: { id: actor.id, name: actor.name, roles: actor.roles }, input: body }] })),
      ];
      // Rotate which goes first, so that none always follows another's aftermath.
      for (let j = 0; j < runs.length; j++) await runs[(i + k + j) % runs.length]!();
    }
    await n.executeUpdate(noopFinish);
  }

  console.log(`T1 filing, ${filed} each, ${o.concurrency} concurrent, interleaved in ${rounds} rounds:`);
  console.log(`  API POST /complaints        ${apiRate.toFixed(1)} /s`);
  console.log(`  raw client.workflow.start   ${rawRate.toFixed(1)} /s`);
  console.log(`  T1 ratio API ÷ raw          ${ratio(apiRate, rawRate)}  (goal ≥ 0.8)`);
  console.log(`T2 actions, ${o.cases} cases × ${MAIN_PATH.length} actions, one at a time, rotated:`);
  console.log(`  API     p50 ${ms(percentile(api, 50))}  p95 ${ms(percentile(api, 95))}`);
  console.log(`  raw     p50 ${ms(percentile(raw, 50))}  p95 ${ms(percentile(raw, 95))}`);
  console.log(`  no-op   p50 ${ms(percentile(noop, 50))}  p95 ${ms(percentile(noop, 95))}`);
  console.log(`  T2 ratio p95 API ÷ raw      ${ratio(percentile(api, 95), percentile(raw, 95))}  (goal ≤ 1.5)`);
  console.log(`  T2 ratio p50 API ÷ no-op    ${ratio(percentile(api, 50), percentile(noop, 50))}  (goal ≤ 2)`);
  await b.close();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
