// What every case workflow shares: one action at a time through an Update whose validator refuses
// before anything enters history, and the deadline loop that sleeps on durable timers until the
// next notice or the next change of the case.
import type { Duration, UpdateDefinition } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, condition, log, patched, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { OperationsActivities } from '../activities/operations';
import { AppError } from '../domain/errors';
import { asFailure } from './failures';

/** Every activity is tried with back-off for about half a minute (1 s, 2 s, … 16 s) before its workflow's patience takes over. */
export const ACTIVITY_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 6 } as const;

/** How long a workflow waits, on a durable timer, before trying again an activity whose retries ran out. */
export const STALLED_RETRY_INTERVAL = '5 minutes';

const operations = proxyActivities<OperationsActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 3 } });

/** A failure that trying again later may cure: retries ran out or timed out, but nothing said it is permanent. */
const mayPass = (err: unknown): boolean => err instanceof ActivityFailure && !(err.cause instanceof ApplicationFailure && err.cause.nonRetryable);

/**
 * The workflow's activities with bounded retries and patience (G1). A failure the activity calls
 * permanent (bad data, a refusal) ends the call at once with its error. Any other failure that
 * outlasts the retries makes the workflow wait STALLED_RETRY_INTERVAL on a durable timer and try
 * again, as long as it takes; the first time, the administrators get a notice. A long database
 * outage delays cases, never loses them, and no activity retries without bound between timers.
 */
export function patientActivities<A extends object>(options: { startToCloseTimeout: Duration }): A {
  const plain = proxyActivities<Record<string, (...args: unknown[]) => Promise<unknown>>>({ ...options, retry: ACTIVITY_RETRY });
  const patient = (name: string) =>
    async (...args: unknown[]): Promise<unknown> => {
      for (let stalled = false; ; ) {
        try {
          return await plain[name]!(...args);
        } catch (err) {
          if (!mayPass(err)) throw err;
          if (!stalled) {
            stalled = true;
            const { workflowId } = workflowInfo();
            const error = ((err as ActivityFailure).cause ?? err) as Error;
            log.error('an activity keeps failing; waiting to try again', { activity: name, error: error.message });
            try {
              await operations.recordStalledWork({ workflowId, activity: name, error: error.message, at: new Date(Date.now()).toISOString() });
            } catch {
              // The notice could not be written either (the database is down): the log line stands.
            }
          }
          await sleep(STALLED_RETRY_INTERVAL);
        }
      }
    };
  return new Proxy({} as A, { get: (_target, name) => patient(String(name)) });
}

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
  /** The case's next deadline as people see it (published as the search attribute CaseDueAt). */
  dueAt?: () => number | null;
}

/** Patch: case workflows publish their next deadline as the search attribute CaseDueAt. */
export const CASE_DUE_AT = 'case-due-at';

/** Keeps the search attribute CaseDueAt at `dueAt()`, upserting only when it changes. */
export function dueAtPublisher(): (dueAt: number | null) => void {
  let published: number | null = null;
  return (dueAt) => {
    if (dueAt === published) return;
    published = dueAt;
    upsertSearchAttributes({ CaseDueAt: dueAt === null ? [] : [new Date(dueAt)] });
  };
}

/**
 * G3: sleeps on a durable timer until the next deadline, or until the case changes, whichever
 * comes first; then lets the case record what fell due. Nobody polls.
 */
export async function runDeadlines(d: Deadlines): Promise<void> {
  // Executions that began before CaseDueAt existed keep their commands.
  const publish = d.dueAt && patched(CASE_DUE_AT) ? dueAtPublisher() : null;
  while (d.open()) {
    publish?.(d.dueAt!());
    const version = d.version();
    const next = d.nextAt();
    const changed = () => d.version() !== version || !d.open();
    const wait = next === null ? null : next - Date.now();
    if (wait === null) await condition(changed);
    else if (wait > 0) await condition(changed, wait);
    if (!d.open()) break;
    await d.onWake(Date.now());
  }
  publish?.(null);
}
