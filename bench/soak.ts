// T3, T7: a steady mixed load for a while; nothing lost or duplicated, p95 flat over time, and the
// worker's memory after the soak ÷ after warm-up, side by side in one run.
//   npx tsx bench/soak.ts [--seconds 600] [--rate 8] [--inFlight 50] [--warmup 30] [--window 60] [--serviceShare 0.25]
// Offers `rate` new cases a second (at most `inFlight` at a time; an offer that finds them all busy
// waits, and is counted late): complaints filed, registered and analysed, service calls
// registered, dispatched and arrived at, three API calls each. The first `warmup` seconds are load
// too but not measured; the worker's RSS is sampled at their end, at the end of each window and
// after the soak.
// Prints cases/s completed, p95 per call type and per window of `window` seconds, started =
// completed = projected, lost and duplicated cases, the ratio last window p95 ÷ first window p95
// (flat: ≤ 1.5), the worker's RSS by window, and worker RSS after ÷ after warm-up (T7 goal ≤ 1.2).
import { complaintFiling } from '../scripts/examples';
import { machineLoad, ms, options, percentile, ratio, rssMB, sleep, startBench } from './harness';

type Kind = 'complaint' | 'service';

async function main(): Promise<void> {
  const o = options('T3, T7: npx tsx bench/soak.ts — steady mixed load: completed = projected, p95 over time, worker RSS after ÷ after warm-up', {
    seconds: 600,
    rate: 8,
    inFlight: 50,
    warmup: 30,
    window: 60,
    serviceShare: 0.25,
  });
  const b = await startBench();
  const technicianId = b.tokens.technician!.id;
  const baseline = { complaints: await b.db.complaintCase.count(), calls: await b.db.serviceCall.count() };

  const calls: { kind: Kind; call: number; at: number; ms: number }[] = [];
  const finals = new Map<string, { kind: Kind; stage: string }>();
  let started = 0;
  let completed = 0;
  let failed = 0;
  let late = 0;
  let inFlight = 0;
  const t0 = performance.now();
  const measureFrom = t0 + o.warmup * 1000;
  const until = measureFrom + o.seconds * 1000;
  let rssWarm = NaN;
  /** The worker's RSS at the end of each measured window: whether its memory levels off or keeps climbing. */
  const rssByWindow: number[] = [];

  const call = async (kind: Kind, index: number, f: () => Promise<{ id: string } & Record<string, unknown>>) => {
    const t = performance.now();
    const out = await f();
    if (t >= measureFrom) calls.push({ kind, call: index, at: t - measureFrom, ms: performance.now() - t });
    return out;
  };
  const complaintCase = async () => {
    const filed = await call('complaint', 0, () => b.post('/api/v1/complaints', 'sales', complaintFiling()));
    await call('complaint', 1, () => b.post(`/api/v1/complaints/${filed.id}/actions`, 'gm_office', { action: 'register' }));
    const last = await call('complaint', 2, () =>
      b.post(`/api/v1/complaints/${filed.id}/actions`, 'qa', { action: 'analyze', cause: 'burr', responsibleDepartments: ['manufacturing'], ourFault: true, needsRnd: false }),
    );
    finals.set(filed.id, { kind: 'complaint', stage: String(last.stage) });
  };
  const serviceCase = async (i: number) => {
    const filed = await call('service', 0, () =>
      b.post('/api/v1/service-calls', 'clerk', { customer: { name: 'Soak Works', address: '1 Test Road, Suzhou', phone: '13800001234' }, productModel: 'LX-200', serialNo: `SOAK-${i}`, area: 'urban', description: 'Controller resets' }),
    );
    await call('service', 1, () => b.post(`/api/v1/service-calls/${filed.id}/actions`, 'service_supervisor', { action: 'dispatch', technicianId }));
    const last = await call('service', 2, () => b.post(`/api/v1/service-calls/${filed.id}/actions`, 'technician', { action: 'arrive' }));
    finals.set(filed.id, { kind: 'service', stage: String(last.stage) });
  };

  const running: Promise<void>[] = [];
  for (let i = 0; ; i++) {
    const due = t0 + (i * 1000) / o.rate;
    if (due >= until) break;
    if (rssWarm !== rssWarm && performance.now() >= measureFrom) rssWarm = rssMB(b.worker.pid!);
    while (performance.now() >= measureFrom + (rssByWindow.length + 1) * o.window * 1000) rssByWindow.push(rssMB(b.worker.pid!));
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight >= o.inFlight) await sleep(5);
    if (performance.now() - due > 1000) late++;
    started++;
    inFlight++;
    // Service calls spread evenly among the complaints, `serviceShare` of all cases.
    const kind: Kind = Math.floor((i + 1) * o.serviceShare) > Math.floor(i * o.serviceShare) ? 'service' : 'complaint';
    running.push(
      (kind === 'service' ? serviceCase(i) : complaintCase()).then(
        () => void completed++,
        (err: unknown) => {
          failed++;
          if (failed <= 3) console.error(`a ${kind} failed: ${(err as Error).message}`);
        },
      ).finally(() => void inFlight--),
    );
  }
  await Promise.all(running);
  const elapsed = (performance.now() - t0) / 1000;
  if (rssWarm !== rssWarm) rssWarm = rssMB(b.worker.pid!);
  const rssAfter = rssMB(b.worker.pid!);
  while (rssByWindow.length < Math.ceil(o.seconds / o.window)) rssByWindow.push(rssAfter);

  // Projected: the projection holds each completed case at the stage its last call answered.
  let projected = 0;
  for (const [id, f] of finals) {
    const row = f.kind === 'complaint' ? await b.db.complaintCase.findUnique({ where: { id }, select: { stage: true } }) : await b.db.serviceCall.findUnique({ where: { id }, select: { stage: true } });
    if (row?.stage === f.stage) projected++;
  }
  const rows = (await b.db.complaintCase.count()) - baseline.complaints + (await b.db.serviceCall.count()) - baseline.calls;
  const windows = Math.max(1, Math.ceil(o.seconds / o.window));
  const p95s = Array.from({ length: windows }, (_, w) => percentile(calls.filter((c) => c.at >= w * o.window * 1000 && c.at < (w + 1) * o.window * 1000).map((c) => c.ms), 95));

  console.log(`T3 soak, ${o.rate} cases/s offered for ${o.seconds} s after ${o.warmup} s warm-up, ≤ ${o.inFlight} in flight, ${Math.round(o.serviceShare * 100)}% service calls; ${machineLoad()} at the end:`);
  console.log(`  started ${started}, completed ${completed}, projected ${projected}, failed ${failed}, lost ${started - projected}, duplicated ${Math.max(0, rows - started)}, offered > 1 s late ${late}`);
  console.log(`  completed ${(completed / elapsed).toFixed(2)} cases/s (of ${o.rate} offered)`);
  for (const kind of ['complaint', 'service'] as const) {
    for (const [i, name] of (kind === 'complaint' ? ['file', 'register', 'analyze'] : ['register', 'dispatch', 'arrive']).entries()) {
      const xs = calls.filter((c) => c.kind === kind && c.call === i).map((c) => c.ms);
      if (xs.length > 0) console.log(`  ${kind.padEnd(9)} ${name.padEnd(9)} n ${String(xs.length).padStart(6)}  p50 ${ms(percentile(xs, 50))}  p95 ${ms(percentile(xs, 95))}`);
    }
  }
  console.log(`  p95 of all calls by ${o.window} s window: ${p95s.map((p) => (Number.isNaN(p) ? '-' : p.toFixed(0))).join(' ')} ms`);
  console.log(`  T3 ratio p95 last window ÷ first   ${ratio(p95s[p95s.length - 1]!, p95s[0]!)}  (flat: ≤ 1.5)`);
  console.log(`T7 worker RSS: after warm-up ${rssWarm.toFixed(0)} MB, after the soak ${rssAfter.toFixed(0)} MB`);
  console.log(`  worker RSS at the end of each ${o.window} s window: ${rssByWindow.map((r) => r.toFixed(0)).join(' ')} MB`);
  console.log(`  T7 ratio after ÷ warm-up      ${ratio(rssAfter, rssWarm)}  (goal ≤ 1.2)`);
  await b.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
