// G4: replays a case's recorded Temporal history against the current workflow code, and checks two
// things. Determinism: the code issues the commands the history recorded, in the same order (the
// SDK's replay). Data: every value the code hands on — each activity's and child workflow's input,
// each signal it sends, each timer's duration, each search attribute — is what the history
// recorded, re-derived by the current code from the recorded inputs (the workflow input, Updates,
// signals, timer firings and activity results). The first value that differs is named: its event,
// the field and both values.
import type { Client } from '@temporalio/client';
import type { DataConverter, LoadedDataConverter, Payload } from '@temporalio/common';
import { decode, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { type InjectedSinks, Worker } from '@temporalio/worker';
import { AUDIT_REPLAY_NAME, type AuditSinks, type DerivedCommand, durationMs } from '../workflows/audit/commands';
import { workflowCode } from './workflowCode';
import { type TracingSinks, tracingSinks } from './tracing';
import { NO_TRACING } from '../observability/tracing';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** A history as JSON text, e.g. for a committed replay file. */
export function historyToJson(history: History): string {
  return `${JSON.stringify(temporal.api.history.v1.History.fromObject(history).toJSON())}\n`;
}

/** Reads a history written by historyToJson. */
export function historyFromJson(text: string): History {
  return temporal.api.history.v1.History.fromObject(JSON.parse(text));
}

/** The first recorded value the current code derives differently. */
export interface DataDifference {
  /** The history event that recorded the value. */
  eventId: number;
  /** Its type: ActivityTaskScheduled, StartChildWorkflowExecutionInitiated, SignalExternalWorkflowExecutionInitiated, TimerStarted, UpsertWorkflowSearchAttributes. */
  eventType: string;
  /** The activity, for an activity's input. */
  activityType?: string;
  /** The child workflow's type, for a child workflow's input. */
  workflowType?: string;
  /** Where in the value, dotted: `state.tier`, `notices[0].dueAt`; `$` for the whole value. */
  field: string;
  /** The recorded and the derived value as JSON, shortened for display; `(none)` when there is no value. */
  recorded: string;
  derived: string;
}

export interface ReplayResult {
  /** Both checks passed. */
  ok: boolean;
  eventCount: number;
  /** Why not, when not ok: the determinism error, else the data difference in words. */
  error?: string;
  /** The code issues the recorded commands in the recorded order. */
  determinism: { ok: boolean; error?: string };
  /** The values the code derives are the recorded ones; `checked` counts the recorded values compared. */
  data: { ok: boolean; checked: number; difference?: DataDifference; error?: string };
}

export interface HistoryToReplay {
  /** The execution's workflow id; a history that records its own (servers since 1.25 do) is replayed under that one. */
  workflowId: string;
  history: History;
}

/** The workflow id the history recorded in its first event, if it did. */
const recordedWorkflowId = (history: History): string | undefined => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId || undefined;

/** How much of a value a difference shows. */
const SHOWN_CHARS = 200;

const show = (v: unknown): string => {
  if (v === undefined) return '(none)';
  const text = JSON.stringify(v);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
};

const numberOf = (v: unknown): number => Number(String(v ?? 0));

/** The search attribute in which the SDK records the patches an execution took. */
const CHANGE_VERSION = 'TemporalChangeVersion';

/** Search attributes without TemporalChangeVersion; null when nothing else is left. */
function withoutPatches(fields: Record<string, Payload> | null | undefined): Record<string, Payload> | null {
  const { [CHANGE_VERSION]: _patches, ...rest } = fields ?? {};
  return Object.keys(rest).length > 0 ? rest : null;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The first place where two JSON values differ, in the recorded value's key order (then the keys
 * only the derived value has); null when they are equal.
 */
function firstDifference(recorded: unknown, derived: unknown, path = ''): { path: string; recorded: unknown; derived: unknown } | null {
  if (Object.is(recorded, derived)) return null;
  if (Array.isArray(recorded) && Array.isArray(derived)) {
    for (let i = 0; i < Math.max(recorded.length, derived.length); i++) {
      const d = firstDifference(recorded[i], derived[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(recorded) && isObject(derived)) {
    const keys = [...Object.keys(recorded), ...Object.keys(derived).filter((k) => !Object.hasOwn(recorded, k))];
    for (const k of keys) {
      // A field one side lacks and the other holds as null has no value on either: code that adds
      // an optional field (null for cases from before it) still matches histories recorded without it.
      if ((recorded[k] ?? null) === null && (derived[k] ?? null) === null) continue;
      const key = IDENTIFIER.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`;
      const d = firstDifference(recorded[k], derived[k], key);
      if (d) return d;
    }
    return null;
  }
  return { path, recorded, derived };
}

type Found = { field: string; recorded: unknown; derived: unknown } | null;

const sameBytes = (a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean =>
  Buffer.from(a ?? []).equals(Buffer.from(b ?? []));

const sameEncoding = (a: Payload, b: Payload): boolean => sameBytes(a.metadata?.encoding, b.metadata?.encoding);

/**
 * Compares decoded payloads: equal bytes are equal values; otherwise both are converted and
 * compared as JSON. One argument is named by its own fields ("state.tier"), several by their index
 * ("[1].amountFen"); `single` names a value that is one payload or none (a search attribute).
 */
function comparePayloads(converter: LoadedDataConverter, recorded: Payload[], derived: Payload[], prefix: string, single = false): Found {
  const indexed = !single && (recorded.length !== 1 || derived.length !== 1);
  for (let i = 0; i < Math.max(recorded.length, derived.length); i++) {
    const r = recorded[i];
    const d = derived[i];
    if (r && d && sameEncoding(r, d) && sameBytes(r.data, d.data)) continue;
    const value = (p: Payload | undefined): unknown => {
      if (!p) return undefined;
      const v = converter.payloadConverter.fromPayload(p);
      return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
    };
    const base = indexed ? `${prefix}[${i}]` : prefix;
    const diff = firstDifference(value(r), value(d), base);
    if (diff) return { field: diff.path || '$', recorded: diff.recorded, derived: diff.derived };
  }
  return null;
}

/** What one recorded event holds that the code derives, and how to compare it with the derived command. */
interface Recorded {
  eventId: number;
  eventType: string;
  activityType?: string;
  workflowType?: string;
  /** The matching derived command, or undefined when the code derived none. */
  derived: DerivedCommand | undefined;
  compare: (derived: DerivedCommand) => Promise<Found>;
}

/** Lines the recorded events up with the derived commands: by id where the history has one, else by order. */
function recordedValues(events: HistoryEvent[], commands: DerivedCommand[], converter: LoadedDataConverter): Recorded[] {
  const byId = (kind: DerivedCommand['kind']) => new Map(commands.filter((c) => c.kind === kind).map((c) => [(c as { id: string }).id, c]));
  const inOrder = (kind: DerivedCommand['kind']) => commands.filter((c) => c.kind === kind);
  const activities = byId('activity');
  const timers = byId('timer');
  const children = inOrder('child');
  const signals = inOrder('signal');
  const continued = inOrder('continueAsNew');
  const upserts = commands.flatMap((c) => {
    const fields = c.kind === 'searchAttributes' ? withoutPatches(c.fields) : null;
    return fields ? [{ ...c, fields }] : [];
  });
  const decoded = async (payloads: Payload[] | null | undefined) => decode(converter.payloadCodecs, payloads ?? []);
  const out: Recorded[] = [];
  for (const e of events) {
    const eventId = numberOf(e.eventId);
    if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      out.push({
        eventId,
        eventType: 'ActivityTaskScheduled',
        activityType: a.activityType?.name ?? '',
        derived: activities.get(a.activityId ?? ''),
        compare: async (d) => {
          if (d.kind !== 'activity') return null;
          if (d.name !== a.activityType?.name) return { field: 'activityType', recorded: a.activityType?.name, derived: d.name };
          return comparePayloads(converter, await decoded(a.input?.payloads), d.args, '');
        },
      });
    } else if (e.timerStartedEventAttributes) {
      const t = e.timerStartedEventAttributes;
      out.push({
        eventId,
        eventType: 'TimerStarted',
        derived: timers.get(t.timerId ?? ''),
        compare: async (d) => {
          const recorded = durationMs(t.startToFireTimeout);
          return d.kind === 'timer' && d.ms !== recorded ? { field: 'startToFireTimeoutMs', recorded, derived: d.ms } : null;
        },
      });
    } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      const s = e.startChildWorkflowExecutionInitiatedEventAttributes;
      out.push({
        eventId,
        eventType: 'StartChildWorkflowExecutionInitiated',
        workflowType: s.workflowType?.name ?? '',
        derived: children.shift(),
        compare: async (d) => {
          if (d.kind !== 'child') return null;
          if (d.workflowId !== s.workflowId) return { field: 'workflowId', recorded: s.workflowId, derived: d.workflowId };
          return comparePayloads(converter, await decoded(s.input?.payloads), d.args, '');
        },
      });
    } else if (e.signalExternalWorkflowExecutionInitiatedEventAttributes) {
      const s = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
      out.push({
        eventId,
        eventType: 'SignalExternalWorkflowExecutionInitiated',
        derived: signals.shift(),
        compare: async (d) => {
          if (d.kind !== 'signal') return null;
          if (d.name !== s.signalName) return { field: 'signalName', recorded: s.signalName, derived: d.name };
          return comparePayloads(converter, await decoded(s.input?.payloads), d.args, '');
        },
      });
    } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
      const s = e.workflowExecutionContinuedAsNewEventAttributes;
      out.push({
        eventId,
        eventType: 'WorkflowExecutionContinuedAsNew',
        workflowType: s.workflowType?.name ?? '',
        derived: continued.shift(),
        compare: async (d) => {
          if (d.kind !== 'continueAsNew') return null;
          return comparePayloads(converter, await decoded(s.input?.payloads), d.args, '');
        },
      });
    } else if (e.upsertWorkflowSearchAttributesEventAttributes) {
      // Search attributes are indexed by the server, so they are never passed through the payload codec.
      // TemporalChangeVersion is not the code's: the SDK records in it the patches the execution
      // took, in an upsert of its own (the patch markers are checked by the determinism check).
      const fields = withoutPatches(e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields);
      if (!fields) continue;
      out.push({
        eventId,
        eventType: 'UpsertWorkflowSearchAttributes',
        derived: upserts.shift(),
        compare: async (d) => {
          if (d.kind !== 'searchAttributes') return null;
          for (const name of new Set([...Object.keys(fields), ...Object.keys(d.fields)])) {
            const recorded = fields[name];
            const derived = d.fields[name];
            const found = comparePayloads(converter, recorded ? [recorded] : [], derived ? [derived] : [], name, true);
            if (found) return found;
          }
          return null;
        },
      });
    }
  }
  return out;
}

/**
 * Compares the recorded values with the commands the code derived on replay. When the replay
 * stopped early (a determinism error), values past that point were never derived and are not
 * counted; after a complete replay, a recorded value the code did not derive is a difference.
 */
async function checkData(history: History, commands: DerivedCommand[], converter: LoadedDataConverter, replayedAll: boolean): Promise<ReplayResult['data']> {
  const recorded = recordedValues(history.events ?? [], commands, converter);
  if (replayedAll && recorded.length > 0 && commands.length === 0) {
    return { ok: false, checked: 0, error: 'The workflow code reported none of its commands: it was bundled without the audit interceptor (workflows/audit), so its data cannot be checked.' };
  }
  let checked = 0;
  for (const r of recorded) {
    const where = { eventId: r.eventId, eventType: r.eventType, ...(r.activityType !== undefined ? { activityType: r.activityType } : {}), ...(r.workflowType !== undefined ? { workflowType: r.workflowType } : {}) };
    if (!r.derived) {
      if (!replayedAll) continue;
      return { ok: false, checked, difference: { ...where, field: '$', recorded: '(recorded)', derived: '(none)' } };
    }
    checked += 1;
    const found = await r.compare(r.derived);
    if (found) return { ok: false, checked, difference: { ...where, field: found.field, recorded: show(found.recorded), derived: show(found.derived) } };
  }
  return { ok: true, checked };
}

const errorText = (err: unknown): string => `${(err as Error).name}: ${(err as Error).message}`;

function describe(d: DataDifference): string {
  const what = d.activityType ?? d.workflowType;
  return `DataDifference: event ${d.eventId} (${d.eventType}${what ? ` ${what}` : ''}) ${d.field}: recorded ${d.recorded}, the current code derives ${d.derived}`;
}

function result(eventCount: number, determinism: ReplayResult['determinism'], data: ReplayResult['data']): ReplayResult {
  const ok = determinism.ok && data.ok;
  const error = determinism.error ?? (data.difference ? describe(data.difference) : data.error);
  return { ok, eventCount, ...(ok || !error ? {} : { error }), determinism, data };
}

/**
 * Replays each history on one replay worker (one at a time) and checks its determinism and its
 * data; `dataConverter` decodes the payloads (the platform's encryption, see codec.ts).
 */
export async function* replayHistories(
  histories: Iterable<HistoryToReplay> | AsyncIterable<HistoryToReplay>,
  dataConverter: DataConverter = {},
): AsyncGenerator<ReplayResult & { workflowId: string }> {
  const converter = loadDataConverter(dataConverter);
  const derived = new Map<string, DerivedCommand[]>();
  const started: { given: HistoryToReplay; replayAs: HistoryToReplay }[] = [];
  // A traced history's workflow code hands spans to the tracing sink; a replay drops them.
  const sinks: InjectedSinks<AuditSinks & TracingSinks> = {
    ...tracingSinks(NO_TRACING),
    audit: {
      commands: {
        fn: (info, commands) => {
          derived.get(info.workflowId)?.push(...commands);
        },
        callDuringReplay: true,
      },
    },
  };
  async function* feed(): AsyncGenerator<HistoryToReplay> {
    for await (const h of histories) {
      const replayAs = { workflowId: recordedWorkflowId(h.history) ?? h.workflowId, history: h.history };
      derived.set(replayAs.workflowId, []);
      started.push({ given: h, replayAs });
      yield replayAs;
    }
  }
  const replays = Worker.runReplayHistories({ workflowBundle: await workflowCode(), replayName: AUDIT_REPLAY_NAME, dataConverter, sinks }, feed());
  for await (const replayed of replays) {
    const { given, replayAs } = started.shift()!;
    const determinism = replayed.error ? { ok: false, error: errorText(replayed.error) } : { ok: true };
    let data: ReplayResult['data'];
    try {
      data = await checkData(given.history, derived.get(replayAs.workflowId) ?? [], converter, determinism.ok);
    } catch (err) {
      data = { ok: false, checked: 0, error: `The recorded values could not be read: ${errorText(err)}` };
    }
    derived.delete(replayAs.workflowId);
    yield { workflowId: given.workflowId, ...result(given.history.events?.length ?? 0, determinism, data) };
  }
}

/** Replays `history` and checks its determinism and data; `dataConverter` decodes its payloads (see codec.ts). */
export async function replayHistory(workflowId: string, history: History, dataConverter: DataConverter = {}): Promise<ReplayResult> {
  try {
    for await (const { workflowId: _id, ...replayed } of replayHistories([{ workflowId, history }], dataConverter)) return replayed;
    throw new Error('the replay worker returned no result');
  } catch (err) {
    const error = errorText(err);
    return result(history.events?.length ?? 0, { ok: false, error }, { ok: false, checked: 0, error: 'Not checked: the history was not replayed.' });
  }
}

export async function replayWorkflow(client: Client, workflowId: string): Promise<ReplayResult> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return replayHistory(workflowId, history, { payloadCodecs: client.options.loadedDataConverter.payloadCodecs });
}
