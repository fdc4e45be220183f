// The engine's floor for the benchmarks: a workflow that takes the same Updates as a case and does
// nothing with them (no validation, no projection, no timers), and a probe that sleeps on one
// durable timer and says how late it woke. Bundled only by bench/harness.ts.
import { condition, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const noopUpdate = defineUpdate<null, [unknown]>('complaintAction');
export const noopFinish = defineUpdate<null, []>('finish');

export async function benchNoopWorkflow(): Promise<void> {
  let finished = false;
  setHandler(noopUpdate, async () => null);
  setHandler(noopFinish, async () => {
    finished = true;
    return null;
  });
  await condition(() => finished);
}

/** Sleeps `delayMs` on a durable timer; answers how many milliseconds after it was due the workflow woke. */
export async function benchTimerProbe(delayMs: number): Promise<number> {
  const due = Date.now() + delayMs;
  await sleep(delayMs);
  return Date.now() - due;
}
