// Lean projections: a case's projection receives what changed since it last wrote, and rebuilds
// the whole state from what it holds; the worker's cache is sized by configuration.
import { loadConfig } from '../../config';
import { applyStateDelta, stateDeltas } from '../../domain/stateDelta';
import { projectDelta } from '../../services/projectionDeltas';
import { CACHED_CASE_BYTES, DEFAULT_MAX_CACHED_WORKFLOWS, HEAP_SHARE_FOR_CACHE, WORKER_BASE_BYTES, casesTheHeapHolds, workflowCacheSize } from '../../worker/cache';
import { EncryptionCodec } from '../../temporal/codec';
import { parsePayloadKeys } from '../../config/payloadKeys';
import { TEST_PAYLOAD_KEYS } from '../support/payloadKeys';
import { defaultPayloadConverter } from '@temporalio/common';

type Case = { id: string; stage: string; tier: string | null; note?: string; history: { seq: number; action: string }[] };

const event = (seq: number, action: string) => ({ seq, action });

describe('G4: a projection fed by deltas holds the same state as one fed the whole state', () => {
  test('each delta carries only the changed fields and the new history entries; merged, they rebuild every version', () => {
    const deltas = stateDeltas<Case>();
    const state: Case = { id: 'c1', stage: 'registration', tier: null, history: [event(1, 'file')] };
    let stored: Case | null = null;
    const project = () => {
      const delta = deltas.next(state);
      stored = applyStateDelta(stored, delta);
      deltas.written(delta);
      return delta;
    };
    expect(project()).toMatchObject({ base: 0, version: 1, set: { id: 'c1', stage: 'registration', tier: null }, events: [event(1, 'file')] });

    state.stage = 'analysis';
    state.note = 'urgent';
    state.history.push(event(2, 'register'));
    const second = project();
    expect(second).toEqual({ base: 1, version: 2, set: { stage: 'analysis', note: 'urgent' }, unset: [], events: [event(2, 'register')] });

    delete state.note;
    state.tier = 'vp';
    state.history.push(event(3, 'consolidate'));
    expect(project()).toEqual({ base: 2, version: 3, set: { tier: 'vp' }, unset: ['note'], events: [event(3, 'consolidate')] });
    expect(stored).toEqual(JSON.parse(JSON.stringify(state)));
  });

  test('a projection that holds an older version than the delta starts from cannot apply it (the workflow then sends everything)', () => {
    const deltas = stateDeltas<Case>();
    const state: Case = { id: 'c2', stage: 'analysis', tier: null, history: [event(1, 'file')] };
    deltas.written(deltas.next(state));
    state.history.push(event(2, 'register'));
    const delta = deltas.next(state);
    expect(applyStateDelta(null, delta)).toBeNull();
    deltas.reset();
    expect(applyStateDelta(null, deltas.next(state))).toEqual(JSON.parse(JSON.stringify(state)));
  });

  test('merged into a copy newer than its base, a delta keeps the copy\'s history up to that base and adds its entries once', () => {
    const stored: Case = { id: 'c3', stage: 'check', tier: null, history: [event(1, 'file'), event(2, 'register'), event(3, 'analyze')] };
    const merged = applyStateDelta(stored, { base: 2, version: 3, set: { stage: 'check' }, unset: [], events: [event(3, 'analyze')] });
    expect(merged!.history).toEqual(stored.history);
  });

  test('a delta that was not taken (the projection failed) is sent again with the next one', () => {
    const deltas = stateDeltas<Case>();
    const state: Case = { id: 'c4', stage: 'registration', tier: null, history: [event(1, 'file')] };
    deltas.written(deltas.next(state));
    state.stage = 'analysis';
    state.history.push(event(2, 'register'));
    deltas.next(state); // failed: never written
    state.tier = 'gm';
    state.history.push(event(3, 'consolidate'));
    expect(deltas.next(state)).toMatchObject({ base: 1, set: { stage: 'analysis', tier: 'gm' }, events: [event(2, 'register'), event(3, 'consolidate')] });
  });
});

describe('G1, G4: a workflow task that wrote its projection and then failed does not leave its state behind', () => {
  /** A projection row held in memory: what `projectDelta` reads and writes. */
  function row(initial: Case | null) {
    let held = initial ? JSON.stringify(initial) : null;
    return {
      read: async () => (held ? { state: held, version: (JSON.parse(held) as Case).history.length } : null),
      project: async (state: Case) => {
        const current = held ? (JSON.parse(held) as Case).history.length : 0;
        if (current <= state.history.length) held = JSON.stringify(state);
      },
      get: () => (held ? (JSON.parse(held) as Case) : null),
    };
  }

  test('the retried task\'s delta at the version the failed task wrote is refused as a gap; the whole state it then sends replaces the row', async () => {
    const deltas = stateDeltas<Case>();
    const state: Case = { id: 'c5', stage: 'analysis', tier: null, history: [event(1, 'file'), event(2, 'register')] };
    deltas.written(deltas.next(state));
    // The failed task took another action at version 3 (here: a tier and an entry of its own) and wrote it.
    const projection = row({ ...state, tier: 'vp', note: 'from the failed task', history: [...state.history, event(3, 'consolidate')] });
    // The retried task's action at version 3.
    state.stage = 'countermeasure';
    state.history.push(event(3, 'analyze'));
    expect(await projectDelta(deltas.next(state), projection.read, projection.project)).toBe('gap');
    expect(projection.get()!.history[2]).toEqual(event(3, 'consolidate'));
    deltas.reset();
    expect(await projectDelta(deltas.next(state), projection.read, projection.project)).toBe('projected');
    expect(projection.get()).toEqual(JSON.parse(JSON.stringify(state)));
  });

  test('a delta older than the row is not written (the projection never goes backwards); one from the row\'s version is', async () => {
    const state: Case = { id: 'c6', stage: 'check', tier: null, history: [event(1, 'file'), event(2, 'register'), event(3, 'analyze')] };
    const projection = row(state);
    const stale = { base: 1, version: 2, set: { stage: 'analysis' }, unset: [], events: [event(2, 'register')] };
    expect(await projectDelta(stale, projection.read, projection.project)).toBe('current');
    expect(projection.get()).toEqual(state);
    const next = { base: 3, version: 4, set: { stage: 'review' }, unset: [], events: [event(4, 'check')] };
    expect(await projectDelta(next, projection.read, projection.project)).toBe('projected');
    expect(projection.get()).toMatchObject({ stage: 'review', history: [...state.history, event(4, 'check')] });
  });
});

describe('G6: payloads are compressed before they are encrypted', () => {
  const codec = new EncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS));
  test('a large payload comes back as it was and is stored in far fewer bytes; a null carries no data to encrypt', async () => {
    const view = { history: Array.from({ length: 40 }, (_, i) => ({ seq: i, action: 'comment', actor: { id: 'u1', name: 'Li Na' }, comment: 'Samples received' })) };
    const plain = defaultPayloadConverter.toPayload(view);
    const [sealed] = await codec.encode([plain]);
    expect(sealed!.data!.length).toBeLessThan(plain.data!.length / 4);
    expect(Buffer.from(sealed!.data!).includes(Buffer.from('Li Na'))).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(view);
    const none = defaultPayloadConverter.toPayload(undefined);
    expect(await codec.encode([none])).toEqual([none]);
  });
});

describe('the worker keeps a bounded number of open cases in memory', () => {
  const bigHeap = 64 * 1024 ** 3;
  const size = (env: Record<string, string>, heap = bigHeap) => workflowCacheSize(loadConfig(env).worker, heap);

  test('WORKER_MAX_CACHED_WORKFLOWS sets it; WORKER_MEMORY_BUDGET caps it at the measured footprint per case', () => {
    expect(size({})).toEqual({ cases: DEFAULT_MAX_CACHED_WORKFLOWS });
    expect(size({ WORKER_MAX_CACHED_WORKFLOWS: '500' })).toEqual({ cases: 500 });
    const budget = WORKER_BASE_BYTES + 1000 * CACHED_CASE_BYTES;
    expect(size({ WORKER_MEMORY_BUDGET: String(budget) })).toEqual({ cases: 1000 });
    expect(size({ WORKER_MEMORY_BUDGET: '1GB', WORKER_MAX_CACHED_WORKFLOWS: '100' })).toEqual({ cases: 100 });
    expect(size({ WORKER_MEMORY_BUDGET: '100MB' })).toEqual({ cases: 0 });
    expect(() => loadConfig({ WORKER_MEMORY_BUDGET: 'lots' })).toThrow(/WORKER_MEMORY_BUDGET/);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ WORKFLOW_HISTORY_LIMIT: '5' })).toThrow(/WORKFLOW_HISTORY_LIMIT/);
  });

  test('never more cases than the JavaScript heap holds: a larger cache would stop the worker out of memory once that many cases are open', () => {
    const heap = 2 * 1024 ** 3;
    const holds = casesTheHeapHolds(heap);
    expect(holds).toBe(Math.floor((heap * HEAP_SHARE_FOR_CACHE) / CACHED_CASE_BYTES));
    expect(holds * CACHED_CASE_BYTES).toBeLessThan(heap);
    // The default and an explicit size are both capped, and the worker is told what was asked.
    expect(size({}, heap)).toEqual(DEFAULT_MAX_CACHED_WORKFLOWS > holds ? { cases: holds, cappedFrom: DEFAULT_MAX_CACHED_WORKFLOWS } : { cases: DEFAULT_MAX_CACHED_WORKFLOWS });
    expect(size({ WORKER_MAX_CACHED_WORKFLOWS: String(holds + 1) }, heap)).toEqual({ cases: holds, cappedFrom: holds + 1 });
    expect(size({ WORKER_MAX_CACHED_WORKFLOWS: String(holds) }, heap)).toEqual({ cases: holds });
    // This process's own heap limit when none is given.
    expect(casesTheHeapHolds()).toBeGreaterThan(0);
  });
});
