import { monitorEventLoopDelay } from 'node:perf_hooks';
import { complaintFiling } from './scripts/examples';
import { pool, startBench } from './bench/harness';
async function main() {
  const b = await startBench();
  for (let round = 0; round < 3; round++) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const ms = await pool(100, 10, async () => { await b.post('/api/v1/complaints', 'sales', complaintFiling()); });
    h.disable();
    console.log(`round ${round}: ${(100000 / ms).toFixed(1)}/s; event loop delay p50 ${(h.percentile(50) / 1e6).toFixed(1)} p99 ${(h.percentile(99) / 1e6).toFixed(1)} max ${(h.max / 1e6).toFixed(1)} ms`);
    await new Promise((r) => setTimeout(r, 5000));
  }
  await b.close();
}
main();
