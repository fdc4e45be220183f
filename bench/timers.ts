// T4: timer lateness with many pending deadline timers ÷ idle, side by side in one run.
//   npx tsx bench/timers.ts [--pending 10000] [--probes 20] [--delay 2000] [--concurrency 50]
// 1. Idle (after one round not counted): `probes` probe workflows each sleep `delay` ms on a durable timer and report how late
//    they woke (workflow time: from when the timer was due to the workflow task that followed it).
// 2. Starts `pending` complaints (each holds its registration deadline timer; raw workflow.start,
//    as many at a time as `concurrency`), waits until they are projected, then the same probes again.
// Prints p50/p95/max lateness for both, the ratio loaded p95 ÷ idle p95 (goal ≤ 2) and whether the
// loaded p95 stays under 1 s.
import { randomUUID } from 'node:crypto';
import { machineLoad, ms, options, percentile, pool, ratio, sleep, startBench, startRawComplaint } from './harness';
import { benchTimerProbe } from './noopWorkflow';

async function main(): Promise<void> {
  const o = options('T4: npx tsx bench/timers.ts — probe timer lateness with many pending deadline timers ÷ idle', { pending: 10000, probes: 20, delay: 2000, concurrency: 50 });
  const b = await startBench();
  const probe = async (): Promise<number[]> => {
    const late: number[] = [];
    await pool(o.probes, o.probes, async () => {
      late.push(await b.client.workflow.execute(benchTimerProbe, { workflowId: `probe-${randomUUID()}`, taskQueue: b.noopQueue, args: [o.delay] }));
    });
    return late;
  };
  // A first round (not counted) brings the probes' worker and its workflow code up to speed.
  await probe();
  const idle = await probe();
  const startedAt = performance.now();
  await pool(o.pending, o.concurrency, async () => {
    const id = randomUUID();
    await startRawComplaint(b, id);
  });
  // Every case has run its first workflow task (projected, its deadline timer set) before the probes.
  const expected = o.pending + 1;
  for (let i = 0; i < 36_000 && (await b.db.complaintCase.count()) < expected; i++) await sleep(100);
  const startSeconds = (performance.now() - startedAt) / 1000;
  const loaded = await probe();
  console.log(`T4 timer lateness, ${o.probes} probes of ${o.delay} ms; ${o.pending} complaints with pending deadline timers started in ${startSeconds.toFixed(1)} s; ${machineLoad()} at the end:`);
  console.log(`  idle     p50 ${ms(percentile(idle, 50))}  p95 ${ms(percentile(idle, 95))}  max ${ms(Math.max(...idle))}`);
  console.log(`  loaded   p50 ${ms(percentile(loaded, 50))}  p95 ${ms(percentile(loaded, 95))}  max ${ms(Math.max(...loaded))}`);
  console.log(`  T4 ratio p95 loaded ÷ idle   ${ratio(Math.max(percentile(loaded, 95), 1), Math.max(percentile(idle, 95), 1))}  (goal ≤ 2; both floored at 1 ms)`);
  console.log(`  T4 loaded p95 < 1 s          ${percentile(loaded, 95) < 1000 ? 'yes' : 'NO'}`);
  await b.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
