// What a case's projection receives after an action: what changed since the version it last wrote,
// not the whole state. A case's state is a flat object of fields plus its `history`, which only
// grows; the delta carries the fields whose value changed, those that went away, and the new
// history entries. The projection merges it into the state it holds for that version, so every
// read model keeps the whole state while each call carries only the change. Pure: it runs inside
// workflows (building deltas) and in the projection (merging them).

/** The fields of a case's state that changed between two versions (version = history length). */
export interface StateDelta {
  /** The version the delta starts from: the projection must hold at least this one (0: the whole state). */
  base: number;
  /** The version the delta brings the projection to. */
  version: number;
  /** Fields (other than `history`) whose value changed since `base`, with their new value. */
  set: Record<string, unknown>;
  /** Fields that held a value at `base` and hold none now. */
  unset: string[];
  /** The history entries after `base`, in order. */
  events: unknown[];
}

type WithHistory = { history: readonly unknown[] };

/**
 * Tracks what the projection holds and builds the next delta. `next` only reads the state;
 * `written` records that the projection took the delta (call it after the projection succeeds,
 * so that a failed one is sent again in full); `reset` starts again from nothing (the projection
 * lost its copy).
 */
export function stateDeltas<S extends WithHistory>(): {
  next: (state: S) => StateDelta;
  written: (delta: StateDelta) => void;
  reset: () => void;
} {
  let base = 0;
  let held = new Map<string, string>();
  let pending: Map<string, string> | null = null;
  return {
    next(state) {
      const now = new Map<string, string>();
      const set: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(state)) {
        if (key === 'history' || value === undefined) continue;
        const json = JSON.stringify(value);
        now.set(key, json);
        if (held.get(key) !== json) set[key] = value;
      }
      const unset = [...held.keys()].filter((k) => !now.has(k));
      pending = now;
      return { base, version: state.history.length, set, unset, events: state.history.slice(base) };
    },
    written(delta) {
      if (pending) held = pending;
      pending = null;
      base = delta.version;
    },
    reset() {
      base = 0;
      held = new Map();
      pending = null;
    },
  };
}

/**
 * The state at `delta.version`, from the state the projection holds (`stored`, at version
 * `stored.history.length`), or null when the delta cannot be applied to it: the projection holds
 * nothing or an older version than the delta starts from (it must be sent the whole state).
 */
export function applyStateDelta<S extends WithHistory>(stored: S | null, delta: StateDelta): S | null {
  if (delta.base === 0) return withFields({ history: [] } as unknown as S, delta);
  if (!stored || stored.history.length < delta.base) return null;
  return withFields(stored, delta);
}

function withFields<S extends WithHistory>(from: S, delta: StateDelta): S {
  const merged: Record<string, unknown> = delta.base === 0 ? {} : { ...from };
  for (const key of delta.unset) delete merged[key];
  Object.assign(merged, delta.set);
  merged.history = [...from.history.slice(0, delta.base), ...delta.events];
  return merged as S;
}
