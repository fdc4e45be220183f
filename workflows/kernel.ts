// What every case workflow shares: one action at a time through an Update whose validator refuses
// before anything enters history, and the deadline loop that sleeps on durable timers until the
// next notice or the next change of the case.
import type { Duration, UpdateDefinition } from '@temporalio/common';
import { CancellationScope, condition, log, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { OperationsActivities } from '../activities/operations';
import { AppError } from '../domain/errors';
import { type StateDelta, stateDeltas } from '../domain/stateDelta';
import { activityFailureCause, asFailure, isActivityFailureOfType, mayPassLater } from './failures';

/** Every activity is tried with back-off for about half a minute (1 s, 2 s, … 16 s) before its workflow's patience takes over. */
export const ACTIVITY_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 6 } as const;

/** How long a workflow waits, on a durable timer, before trying again an activity whose retries ran out. */
export const STALLED_RETRY_INTERVAL = '5 minutes';

const operations = proxyActivities<OperationsActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 3 } });

/**
 * The workflow's activities with bounded retries and patience (G1). A failure the activity calls
 * permanent (bad data, a refusal) ends the call at once with its error. Any other failure that
 * outlasts the retries makes the workflow wait STALLED_RETRY_INTERVAL on a durable timer and try
 * again, as long as it takes; the first time, the administrators get a notice. A long database
 * outage delays cases, never loses them, and no activity retries without bound between timers.
 */
export function patientActivities<A extends object>(options: { startToCloseTimeout: Duration }): A {
  return patient<A>(proxyActivities<Record<string, (...args: unknown[]) => Promise<unknown>>>({ ...options, retry: ACTIVITY_RETRY }));
}

/**
 * The same patience for local activities: run by the worker that runs the workflow, inside the
 * workflow task that called them, so an action and its projection take one workflow task and no
 * activity task. Their input is not recorded in the history (only their result is).
 */
export function patientLocalActivities<A extends object>(options: { startToCloseTimeout: Duration }): A {
  // Retries wait on a workflow timer, not inside the workflow task: a local activity that keeps
  // failing (e.g. on a database lock) does not hold its workflow task, so a stopping worker drains
  // and another worker takes the retry, as with activities.
  return patient<A>(proxyLocalActivities<Record<string, (...args: unknown[]) => Promise<unknown>>>({ ...options, retry: ACTIVITY_RETRY, localRetryThreshold: 0 }));
}

function patient<A extends object>(plain: Record<string, (...args: unknown[]) => Promise<unknown>>): A {
  const patient = (name: string) =>
    async (...args: unknown[]): Promise<unknown> => {
      for (let stalled = false; ; ) {
        try {
          return await plain[name]!(...args);
        } catch (err) {
          // A failure that trying again later may cure: retries ran out or timed out, but nothing
          // said it is permanent (for activities and local activities alike).
          if (!mayPassLater(err)) throw err;
          if (!stalled) {
            stalled = true;
            const { workflowId } = workflowInfo();
            const error = (activityFailureCause(err) ?? err) as Error;
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

/**
 * What an action answers when its request asks for `answer: 'projected'`: nothing. The case's
 * projection is current when the Update returns, and the API reads the case there, instead of
 * every Update recording the whole view in the history.
 */
export type ProjectedAnswer = null | undefined;

/** Whether an action's answer says "read the projection" rather than being a view (null, or nothing at all from lean histories). */
export const isProjectedAnswer = (answer: unknown): answer is ProjectedAnswer => answer === null || answer === undefined;

/** The failure type a delta projection throws when it holds no copy the delta applies to. */
export const PROJECTION_GAP = 'ProjectionGap';

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
  /** Publishes CaseDueAt (when the workflow also publishes it with its other search attributes); by default one of the loop's own. */
  dueAtPublisher?: ReturnType<typeof dueAtPublisher>;
  /** Whether CaseDueAt is published, when the workflow knows already (a later patch implies CASE_DUE_AT); by default patched(CASE_DUE_AT). */
  publishesDueAt?: boolean;
  /** Keep the running timer when an action leaves the next deadline where it was (lean histories); by default every change restarts it. */
  keepsTimer?: boolean;
}

/** Patch: case workflows publish their next deadline as the search attribute CaseDueAt. */
export const CASE_DUE_AT = 'case-due-at';

/** Keeps the search attribute CaseDueAt at `dueAt()`, upserting only when it changes. */
export function dueAtPublisher(): ((dueAt: number | null) => void) & { fields: (dueAt: number | null) => { CaseDueAt?: Date[] } } {
  let published: number | null = null;
  /** The CaseDueAt field to upsert with others when it changed (recorded as published), else nothing. */
  const fields = (dueAt: number | null): { CaseDueAt?: Date[] } => {
    if (dueAt === published) return {};
    published = dueAt;
    return { CaseDueAt: dueAt === null ? [] : [new Date(dueAt)] };
  };
  const publish = (dueAt: number | null): void => {
    const f = fields(dueAt);
    if (f.CaseDueAt) upsertSearchAttributes(f);
  };
  return Object.assign(publish, { fields });
}

/**
 * G3: sleeps on a durable timer until the next deadline, or until the case changes, whichever
 * comes first; then lets the case record what fell due. Nobody polls.
 */
export async function runDeadlines(d: Deadlines): Promise<void> {
  // Executions that began before CaseDueAt existed keep their commands.
  const publish = d.dueAt && (d.publishesDueAt ?? patched(CASE_DUE_AT)) ? (d.dueAtPublisher ?? dueAtPublisher()) : null;
  if (d.keepsTimer) return runDeadlinesKeepingTimer(d, publish);
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

/**
 * The same loop, but one timer runs for as long as the next deadline stays where it is: an action
 * that leaves it (a comment) cancels and restarts nothing.
 */
async function runDeadlinesKeepingTimer(d: Deadlines, publish: ((dueAt: number | null) => void) | null): Promise<void> {
  let timer: { at: number; fired: boolean; scope: CancellationScope } | null = null;
  while (d.open()) {
    publish?.(d.dueAt!());
    const version = d.version();
    const next = d.nextAt();
    if (timer && timer.at !== next) {
      timer.scope.cancel();
      timer = null;
    }
    if (next !== null && next > Date.now() && !timer) {
      const started: { at: number; fired: boolean; scope: CancellationScope } = { at: next, fired: false, scope: new CancellationScope() };
      started.scope.run(() => sleep(next - Date.now())).then(
        () => void (started.fired = true),
        () => undefined,
      );
      timer = started;
    }
    if (next === null || next > Date.now()) await condition(() => d.version() !== version || !d.open() || timer?.fired === true);
    if (timer?.fired) timer = null;
    if (!d.open()) break;
    await d.onWake(Date.now());
  }
  if (timer) timer.scope.cancel();
  publish?.(null);
}

/**
 * Patch: a case's projection receives what changed since it last wrote (a StateDelta, not the whole
 * state), through a local activity in the workflow task of the action; search attributes are
 * upserted only when they change.
 */
export const LEAN_PROJECTION = 'lean-projection';

/**
 * Patch: a case's history records as little as it can. It implies LEAN_PROJECTION and CASE_DUE_AT
 * (and, for complaints, ACCOUNTABILITY_AS_CHILD): executions that carry its marker never ask for
 * those, so each execution records one patch marker instead of several. Short lookups (a case
 * number, the closing's records) run as local activities in the workflow task of the action;
 * search attributes are upserted field by field, only those that changed; an action answered
 * through the projection records no answer at all.
 */
export const LEAN_HISTORY = 'lean-history';

/**
 * Projects a case by deltas: `write` sends one; when the projection holds no copy of the version
 * the delta starts from (e.g. a database restored from an older backup) it fails with
 * PROJECTION_GAP, and the whole state is sent once more.
 */
export function deltaProjector<S extends { history: readonly unknown[] }, N, R = void>(write: (delta: StateDelta, notices: N) => Promise<R>): (state: S, notices: N) => Promise<R> {
  const deltas = stateDeltas<S>();
  return async (state, notices) => {
    let delta = deltas.next(state);
    let result: R;
    try {
      result = await write(delta, notices);
    } catch (err) {
      const gap = isActivityFailureOfType(err, PROJECTION_GAP);
      if (!gap) throw err;
      deltas.reset();
      delta = deltas.next(state);
      result = await write(delta, notices);
    }
    deltas.written(delta);
    return result;
  };
}
