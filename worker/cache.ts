// How many open cases the worker keeps in memory (its workflow cache). A cached case answers its
// next action at once; a case outside the cache is replayed from its history when it next acts
// (a few milliseconds for a lean history), so the cache trades memory for latency, never
// correctness. The size is WORKER_MAX_CACHED_WORKFLOWS, or what WORKER_MEMORY_BUDGET allows at the
// measured footprint per cached case (bench/RESULTS.md, "Worker footprint").
import type { Config } from '../config';

/** What the worker process holds with no case cached: code, the workflow bundle, connections (measured, rounded up). */
export const WORKER_BASE_BYTES = 400 * 1024 ** 2;

/** Memory one cached open case takes in the worker, measured with lean projections (rounded up). */
export const CACHED_CASE_BYTES = 300 * 1024;

/** The cache size when neither variable is set: 2,000 cases, about 600 MB over the base. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 2000;

/** The workflow cache size for this configuration. */
export function maxCachedWorkflows(worker: Config['worker']): number {
  const fromBudget = worker.memoryBudgetBytes === undefined ? undefined : Math.max(0, Math.floor((worker.memoryBudgetBytes - WORKER_BASE_BYTES) / CACHED_CASE_BYTES));
  if (worker.maxCachedWorkflows !== undefined) return fromBudget === undefined ? worker.maxCachedWorkflows : Math.min(worker.maxCachedWorkflows, fromBudget);
  return fromBudget ?? DEFAULT_MAX_CACHED_WORKFLOWS;
}

/** The worker's expected resident memory with a full cache: what an operator provisions for. */
export const expectedWorkerBytes = (cached: number): number => WORKER_BASE_BYTES + cached * CACHED_CASE_BYTES;
