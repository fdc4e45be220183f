// T5: a complaint's full lifecycle ÷ a no-op workflow taking the same Updates, side by side in one run.
//   npx tsx bench/lifecycle.ts [--cases 100] [--concurrency 10]
// Starts M complaints and drives each along the main path to its closing with raw executeUpdate
// (the platform's workflow: validation, state, projection, deadlines, the closing and its
// accountability hand-off), and M no-op workflows taking the same Updates; the two sets run in
// alternating rounds. Prints lifecycles per second for both and the ratio (goal ≥ 0.8).
import { randomUUID } from 'node:crypto';
import { complaintActionUpdate } from '../workflows/complaint';
import { MAIN_PATH } from './complaints';
import { machineLoad, options, pool, ratio, startBench, startRawComplaint } from './harness';
import { benchNoopWorkflow, noopFinish, noopUpdate } from './noopWorkflow';

async function main(): Promise<void> {
  const o = options('T5: npx tsx bench/lifecycle.ts — complaint lifecycles per second ÷ no-op workflows taking the same Updates', { cases: 100, concurrency: 10 });
  const b = await startBench();
  const actor = (role: string) => {
    const t = b.tokens[role]!;
    return { id: t.id, name: t.name, roles: t.roles };
  };
  const complaint = async () => {
    const id = randomUUID();
    const handle = await startRawComplaint(b, id);
    for (const [role, body] of MAIN_PATH) await handle.executeUpdate(complaintActionUpdate, { args: [{ actor: actor(role), input: body }] });
    await handle.result();
  };
  const noop = async () => {
    const handle = await b.client.workflow.start(benchNoopWorkflow, { workflowId: `noop-${randomUUID()}`, taskQueue: b.noopQueue });
    for (const [role, body] of MAIN_PATH) await handle.executeUpdate(noopUpdate, { args: [{ actor: actor(role), input: body }] });
    await handle.executeUpdate(noopFinish);
    await handle.result();
  };
  let complaintMs = 0;
  let noopMs = 0;
  const rounds = 4;
  const n = Math.max(1, Math.ceil(o.cases / rounds));
  for (let r = 0; r < rounds; r++) {
    // Alternate which set goes first, so neither always runs in the other's aftermath.
    const first = r % 2 === 0;
    if (first) complaintMs += await pool(n, o.concurrency, complaint);
    noopMs += await pool(n, o.concurrency, noop);
    if (!first) complaintMs += await pool(n, o.concurrency, complaint);
  }
  const total = n * rounds;
  const complaintRate = (total / complaintMs) * 1000;
  const noopRate = (total / noopMs) * 1000;
  console.log(`T5 lifecycles, ${total} each (${MAIN_PATH.length} Updates each), ${o.concurrency} concurrent, ${rounds} alternating rounds; ${machineLoad()} at the end:`);
  console.log(`  complaint, filing to closed   ${complaintRate.toFixed(2)} /s`);
  console.log(`  no-op, same Updates           ${noopRate.toFixed(2)} /s`);
  console.log(`  T5 ratio complaint ÷ no-op    ${ratio(complaintRate, noopRate)}  (goal ≥ 0.8)`);
  await b.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
