// The worker's footprint per cached open case (worker/cache.ts sizes the workflow cache by it).
//   npx tsx bench/footprint.ts [--cases 1000] [--steps 4] [--concurrency 50] [--cache 0] [--actions 0] [--live 0]
// Starts the worker with a cache larger than `cases` (or of `cache` cases, to see the memory level
// off once the cache is full: cases beyond it are evicted and replayed when they next act), then opens complaints in `steps` equal
// batches (raw workflow.start; each case runs its first workflow task, is projected and stays in
// the cache, waiting for registration; with `--actions N`, each then takes the first N actions of the
// main path through the API, as a case well on its way does). After each batch it waits until the batch is projected,
// lets the worker settle and records its resident memory. Prints RSS at each step and the growth
// per case between the first and the last step: the figure CACHED_CASE_BYTES rounds up.
// With `--live 1` the worker runs its workflows in its main thread (TEMPORAL_DEBUG) and reports that
// thread's heap after a full collection (bench/heapProbe.cjs): the memory the cached cases really
// hold, which RSS overstates by the garbage not yet collected.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { MAIN_PATH } from './complaints';
import { freePort } from '../platform/ports';
import { machineLoad, options, pool, rssMB, sleep, startBench, startRawComplaint } from './harness';

async function main(): Promise<void> {
  const o = options('npx tsx bench/footprint.ts — worker memory per cached open case', { cases: 1000, steps: 4, concurrency: 50, settle: 10, cache: 0, actions: 0, live: 0 });
  const probePort = o.live ? await freePort() : 0;
  const live: Record<string, string> = o.live
    ? { TEMPORAL_DEBUG: '1', HEAP_PROBE_PORT: String(probePort), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'heapProbe.cjs')}`.trim() }
    : {};
  const b = await startBench({ WORKER_MAX_CACHED_WORKFLOWS: String(o.cache || o.cases * 2), ...live });
  const pid = b.worker.pid!;
  const measure = o.live ? 'live heap' : 'RSS';
  const settle = async () => {
    await sleep(o.settle * 1000);
    if (!o.live) return rssMB(pid);
    return Number(await (await fetch(`http://127.0.0.1:${probePort}/`)).text()) / 1024 ** 2;
  };
  const points: { open: number; mb: number }[] = [{ open: 1, mb: await settle() }];
  const perStep = Math.ceil(o.cases / o.steps);
  for (let step = 1; step <= o.steps; step++) {
    const ids: string[] = [];
    await pool(perStep, o.concurrency, async () => {
      const id = randomUUID();
      ids.push(id);
      await startRawComplaint(b, id);
    });
    const open = 1 + step * perStep;
    for (let i = 0; i < 6000 && (await b.db.complaintCase.count()) < open; i++) await sleep(100);
    if (o.actions > 0) {
      await pool(ids.length, o.concurrency, async (i) => {
        const id = ids[i]!;
        for (const [role, body] of MAIN_PATH.slice(0, o.actions)) await b.post(`/api/v1/complaints/${id}/actions`, role, body);
      });
    }
    points.push({ open, mb: await settle() });
    console.log(`  ${String(open).padStart(6)} open cases, ${Math.min(open, o.cache || open)} cached: worker ${measure} ${points.at(-1)!.mb.toFixed(0)} MB`);
  }
  const first = points[0]!;
  const last = points.at(-1)!;
  const cached = Math.min(last.open, o.cache || last.open);
  const perCase = ((last.mb - first.mb) * 1024) / (cached - 1);
  console.log(`footprint, ${last.open} open complaints in ${o.steps} steps${o.actions > 0 ? `, each after ${o.actions} actions` : ''}, cache of ${o.cache || o.cases * 2}; ${machineLoad()} at the end:`);
  console.log(`  worker ${measure} with 1 case ${first.mb.toFixed(0)} MB, with ${last.open} ${last.mb.toFixed(0)} MB`);
  console.log(`  per cached open case   ${perCase.toFixed(0)} KB of ${measure} (${cached} cached of ${last.open} open)`);
  await b.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
