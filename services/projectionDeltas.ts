// Projections by delta: a case workflow sends what changed since the version the projection last
// wrote (domain/stateDelta.ts); the whole state is rebuilt here from the stored row and handed to
// the case type's projection, which writes it idempotently and never over a newer version.
import { type StateDelta, applyStateDelta } from '../domain/stateDelta';

/** What a delta projection did: wrote, found a newer version already written, or could not apply the delta. */
export type DeltaOutcome = 'projected' | 'current' | 'gap';

/**
 * Rebuilds the state at `delta.version` from the stored row (`read` loads its state JSON and
 * version, null when there is none) and projects it with `project`.
 *
 * The delta applies only to the very version it starts from. `gap` (the workflow then sends the
 * whole state, which overwrites the row) when the stored row is older than that, and also when it
 * is newer but not newer than the delta: then a workflow task wrote it and failed before it was
 * recorded, and the retried task, later in time or taking another action, may have produced a
 * different state at that version. `current` only when the stored row is newer than the delta.
 */
export async function projectDelta<S extends { history: readonly unknown[] }>(
  delta: StateDelta,
  read: () => Promise<{ state: string; version: number } | null>,
  project: (state: S) => Promise<void>,
): Promise<DeltaOutcome> {
  const stored = delta.base === 0 ? null : await read();
  if (stored && stored.version > delta.version) return 'current';
  if (stored && stored.version !== delta.base) return 'gap';
  const state = applyStateDelta<S>(stored ? (JSON.parse(stored.state) as S) : null, delta);
  if (!state) return 'gap';
  await project(state);
  return 'projected';
}
