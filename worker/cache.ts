// How many open cases the worker keeps in memory (its workflow cache). A cached case answers its
// next action at once; a case outside the cache is replayed from its history when it next acts
// (a few milliseconds for a lean history), so the cache trades memory for latency, never
// correctness. The size is WORKER_MAX_CACHED_WORKFLOWS, or what WORKER_MEMORY_BUDGET allows at the
// measured footprint per cached case (bench/RESULTS.md, "Worker footprint"), and never more than
// the JavaScript heap holds: the cached cases live in the heap of the worker's workflow thread,
// which has the process's heap limit (NODE_OPTIONS=--max-old-space-size raises it). A cache larger
// than the heap stops the worker with "JS heap out of memory" once that many cases are open.
import v8 from 'node:v8';
import type { Config } from '../config';

/** What the worker process holds with no case cached: code, the workflow bundle, connections (measured, rounded up). */
export const WORKER_BASE_BYTES = 400 * 1024 ** 2;

/**
 * Memory one cached open case takes in the worker, measured with bench/footprint.ts (worker RSS:
 * about 0.3 MB for a complaint waiting for registration, 1.25 MB after eleven actions, rounded up;
 * the heap the case really holds is 0.16 and 0.21 MB, RSS adds the garbage not yet collected):
 * each cached workflow holds its own instance of its workflow's modules and its state; the schema
 * library and the domain's rules are shared by all (workflows/sharedLibraries.ts).
 */
export const CACHED_CASE_BYTES = 1.5 * 1024 ** 2;

/** The share of the heap limit the cached cases may fill; the rest is the workflow code and room to collect garbage. */
export const HEAP_SHARE_FOR_CACHE = 0.6;

/** The cache size when neither variable is set and the heap holds it: about 1.9 GB of worker memory. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;

/** The most cases a heap with this limit holds (the process's own limit unless given). */
export const casesTheHeapHolds = (heapLimitBytes: number = v8.getHeapStatistics().heap_size_limit): number =>
  Math.floor((heapLimitBytes * HEAP_SHARE_FOR_CACHE) / CACHED_CASE_BYTES);

export interface CacheSize {
  /** The size the worker runs with. */
  cases: number;
  /** What the configuration asked for (or the default), when the heap could not hold it. */
  cappedFrom?: number;
}

/** The workflow cache size for this configuration and heap. */
export function workflowCacheSize(worker: Config['worker'], heapLimitBytes?: number): CacheSize {
  const fromBudget = worker.memoryBudgetBytes === undefined ? undefined : Math.max(0, Math.floor((worker.memoryBudgetBytes - WORKER_BASE_BYTES) / CACHED_CASE_BYTES));
  const asked =
    worker.maxCachedWorkflows !== undefined
      ? fromBudget === undefined
        ? worker.maxCachedWorkflows
        : Math.min(worker.maxCachedWorkflows, fromBudget)
      : (fromBudget ?? DEFAULT_MAX_CACHED_WORKFLOWS);
  const heapHolds = casesTheHeapHolds(heapLimitBytes);
  return asked <= heapHolds ? { cases: asked } : { cases: heapHolds, cappedFrom: asked };
}

/** The worker's expected resident memory with a full cache: what an operator provisions for. */
export const expectedWorkerBytes = (cached: number): number => WORKER_BASE_BYTES + cached * CACHED_CASE_BYTES;
