// What every case workflow shares: one action at a time through an Update whose validator refuses
// before anything enters history, and the deadline loop that sleeps on durable timers until the
// next notice or the next change of the case.
import type { UpdateDefinition } from '@temporalio/common';
import { condition, setHandler } from '@temporalio/workflow';
import { AppError } from '../domain/errors';
import { asFailure } from './failures';

export interface CaseActions<Req, Cmd, Result> {
  /** How the case is named in the refusal of a second concurrent action ("case", "call", ...). */
  noun: string;
  /**
   * Parses and checks a request against the current state: throws an AppError (wrong role, wrong
   * stage, invalid data) or returns the command to apply. Changes nothing.
   */
  check: (req: Req) => Cmd;
  /** Applies a checked command; what it returns answers the Update. */
  apply: (req: Req, cmd: Cmd) => Promise<Result>;
}

/**
 * Handles the case's action Update. The validator runs `check` (a refused Update never enters
 * history); the handler checks again, since the state may have moved between validation and
 * execution, and applies. A second action arriving while one is being applied is refused as a
 * conflict. Returns whether an action is in progress, for loops that must not interleave with one.
 */
export function handleCaseActions<Req, Cmd, Result>(update: UpdateDefinition<Result, [Req]>, actions: CaseActions<Req, Cmd, Result>): { busy: () => boolean } {
  let busy = false;
  const validate = (req: Req): Cmd => {
    try {
      if (busy) throw new AppError('conflict', `Another action on this ${actions.noun} is being processed; try again.`);
      return actions.check(req);
    } catch (err) {
      return asFailure(err);
    }
  };
  setHandler(
    update,
    async (req) => {
      const cmd = validate(req);
      busy = true;
      try {
        return await actions.apply(req, cmd);
      } finally {
        busy = false;
      }
    },
    {
      validator: (req) => {
        validate(req);
      },
    },
  );
  return { busy: () => busy };
}

export interface Deadlines {
  /** The loop runs while this holds. */
  open: () => boolean;
  /** Changes whenever an action or signal changes the case (its history length). */
  version: () => number;
  /** When the next notice or deadline falls due; null when none is pending. */
  nextAt: () => number | null;
  /** Called when the timer fires (or the case changed): records whatever is due at `nowMs`. */
  onWake: (nowMs: number) => Promise<void>;
}

/**
 * G3: sleeps on a durable timer until the next deadline, or until the case changes, whichever
 * comes first; then lets the case record what fell due. Nobody polls.
 */
export async function runDeadlines(d: Deadlines): Promise<void> {
  while (d.open()) {
    const version = d.version();
    const next = d.nextAt();
    const changed = () => d.version() !== version || !d.open();
    const wait = next === null ? null : next - Date.now();
    if (wait === null) await condition(changed);
    else if (wait > 0) await condition(changed, wait);
    if (!d.open()) break;
    await d.onWake(Date.now());
  }
}
