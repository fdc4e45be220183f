// The replay gate (G4): histories captured from real runs of every workflow path
// (test/replay/capture/capture-histories.ts) replay against the current workflow code, and every value
// the code derives from them (activity and child workflow inputs, signals, timer durations, search
// attributes) is the recorded one. A change that would break running cases
// fails here; see docs/VERSIONING.md for how to make it safely. The gate also fails on a history
// whose recorded data was edited: an auditor can trust a replay that passes.
import fs from 'node:fs';
import path from 'node:path';
import { type Payload, defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import * as workflows from '../workflows';
import { type ReplayResult, historyFromJson, historyToJson, replayHistories, replayHistory } from '../temporal/replay';
import { workflowCode } from '../temporal/workflowCode';
import { parsePayloadKeys } from '../config/payloadKeys';
import { ENCRYPTED_ENCODING, EncryptionCodec } from '../temporal/codec';
import { TEST_PAYLOAD_KEYS } from './support/payloadKeys';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Histories captured since payloads are encrypted (G6) were sealed with the test key; earlier ones pass through. */
const codec = new EncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS));
const dataConverter = { payloadCodecs: [codec] };

const DIR = path.join(__dirname, 'replay', 'histories');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const read = (file: string): History => historyFromJson(fs.readFileSync(path.join(DIR, file), 'utf8'));

jest.setTimeout(120_000);

// The replay workers' comings and goings are not news here; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

test('G4: every recorded history replays against the current workflow code, and every recorded value follows from it', async () => {
  expect(files.length).toBeGreaterThan(0);
  const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: read(f) }));
  const results: (ReplayResult & { workflowId: string })[] = [];
  for await (const result of replayHistories(histories, dataConverter)) results.push(result);
  expect(results).toHaveLength(files.length);
  expect(results.filter((r) => !r.ok)).toEqual([]);
  for (const r of results) {
    expect({ workflowId: r.workflowId, determinism: r.determinism.ok, data: r.data.ok }).toEqual({ workflowId: r.workflowId, determinism: true, data: true });
    expect(r.data.checked).toBeGreaterThan(0);
  }
});

test('G4, G6: the gate holds encrypted histories, and they replay only with their key', async () => {
  const encrypted = files.filter((f) => fs.readFileSync(path.join(DIR, f), 'utf8').includes(Buffer.from('binary/encrypted').toString('base64')));
  expect(encrypted.length).toBeGreaterThan(0);
  const history = read(encrypted[0]!);
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowCode(), replayName: 'no-key' }, history, 'no-key')).rejects.toThrow();
  expect(await replayHistory('no-key', history)).toMatchObject({ ok: false, determinism: { ok: false } });
});

test('G4: every workflow type has recorded histories', () => {
  const recorded = new Set(files.map((f) => f.split('-')[0]));
  const missing = Object.keys(workflows).filter((name) => name.endsWith('Workflow') && !recorded.has(name));
  expect(missing).toEqual([]);
});

test('G4: a history from a different code path is refused (the gate can fail)', async () => {
  const text = fs.readFileSync(path.join(DIR, 'complaintWorkflow-main-path.json'), 'utf8');
  const history = JSON.parse(text) as { events: { eventType?: string; activityTaskScheduledEventAttributes?: { activityType?: { name?: string } } }[] };
  // Pretend the recorded run called an activity the current code never calls at that point.
  const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes);
  scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'someRemovedActivity';
  const tampered = historyFromJson(JSON.stringify(history));
  await expect(
    Worker.runReplayHistory({ workflowBundle: await workflowCode(), replayName: 'tampered' }, tampered, 'tampered'),
  ).rejects.toThrow(/[Nn]ondeterminism|DeterminismViolation|activity/);
  const result = await replayHistory('tampered', tampered, dataConverter);
  expect(result).toMatchObject({ ok: false, determinism: { ok: false } });
  expect(result.error).toMatch(/[Nn]ondeterminism|DeterminismViolation|activity/);
});

// Editing recorded data: a payload is decoded, changed and encoded again as it was recorded (plain
// JSON stays plain; an encrypted one is encrypted again with the test key), as someone with the key
// could do to a stored history.

const isEncrypted = (p: Payload): boolean => Buffer.from(p.metadata?.encoding ?? []).toString() === ENCRYPTED_ENCODING;

async function valueOf(p: Payload): Promise<unknown> {
  const [plain] = isEncrypted(p) ? await codec.decode([p]) : [p];
  return defaultPayloadConverter.fromPayload(plain!);
}

async function edited<T>(p: Payload, edit: (value: T) => T | void): Promise<Payload> {
  const value = (await valueOf(p)) as T;
  const plain = defaultPayloadConverter.toPayload(edit(value) ?? value);
  return isEncrypted(p) ? (await codec.encode([plain]))[0]! : plain;
}

/** A fresh copy of the history, so that each test edits its own. */
const copy = (history: History): History => historyFromJson(historyToJson(history));

const activityName = (e: HistoryEvent): string | undefined => e.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;

/** The first event scheduling `activity` whose input satisfies `where`. */
async function scheduled(history: History, activity: string, where: (input: never) => boolean = () => true): Promise<HistoryEvent> {
  for (const e of history.events ?? []) {
    if (activityName(e) !== activity) continue;
    if (where((await valueOf(e.activityTaskScheduledEventAttributes!.input!.payloads![0]!)) as never)) return e;
  }
  throw new Error(`no ${activity} in the history`);
}

/** The completion of the activity `scheduledEvent` scheduled. */
function completionOf(history: History, scheduledEvent: HistoryEvent): HistoryEvent {
  const found = history.events!.find((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '') === String(scheduledEvent.eventId));
  if (!found) throw new Error(`event ${String(scheduledEvent.eventId)} has no completion`);
  return found;
}

type ProjectedComplaint = { state: { tier: string | null; number: string | null } };

describe.each([
  ['plain', 'complaintWorkflow-main-path.json'],
  ['encrypted', 'complaintWorkflow-main-path-encrypted.json'],
])('G4: the data check (%s payloads)', (_kind, file) => {
  test('a tier edited in the input of a projectComplaint activity is named: event, activity, field, both values', async () => {
    const history = copy(read(file));
    const event = await scheduled(history, 'projectComplaint', (input: ProjectedComplaint) => input.state.tier !== null);
    const input = event.activityTaskScheduledEventAttributes!.input!;
    const derivedTier = ((await valueOf(input.payloads![0]!)) as ProjectedComplaint).state.tier!;
    const editedTier = derivedTier === 'gm' ? 'sales_manager' : 'gm';
    input.payloads![0] = await edited<ProjectedComplaint>(input.payloads![0]!, (v) => {
      v.state.tier = editedTier;
    });
    expect(isEncrypted(input.payloads![0]!)).toBe(file.includes('encrypted'));

    const result = await replayHistory('tampered-tier', copy(history), dataConverter);
    expect(result.determinism).toEqual({ ok: true });
    expect(result.ok).toBe(false);
    expect(result.data).toMatchObject({
      ok: false,
      difference: {
        eventId: Number(event.eventId),
        eventType: 'ActivityTaskScheduled',
        activityType: 'projectComplaint',
        field: 'state.tier',
        recorded: JSON.stringify(editedTier),
        derived: JSON.stringify(derivedTier),
      },
    });
    expect(result.error).toContain('state.tier');
  });

  test('a recorded payload encoded again without a change is no difference (values are compared, not bytes)', async () => {
    const history = copy(read(file));
    const event = await scheduled(history, 'projectComplaint', (input: ProjectedComplaint) => input.state.tier !== null);
    const input = event.activityTaskScheduledEventAttributes!.input!;
    // The same value, its fields in another order.
    input.payloads![0] = await edited<Record<string, unknown>>(input.payloads![0]!, (v) => Object.fromEntries(Object.entries(v).reverse()));
    const result = await replayHistory('re-encoded', copy(history), dataConverter);
    expect(result).toMatchObject({ ok: true, determinism: { ok: true }, data: { ok: true } });
  });

  test("a case number edited in assignComplaintNumber's result fails at the next value derived from it", async () => {
    const history = copy(read(file));
    const assign = await scheduled(history, 'assignComplaintNumber');
    const completed = completionOf(history, assign);
    const result = completed.activityTaskCompletedEventAttributes!.result!;
    const recordedNumber = (await valueOf(result.payloads![0]!)) as string;
    result.payloads![0] = await edited<string>(result.payloads![0]!, () => '2611-99');

    const replayed = await replayHistory('tampered-number', copy(history), dataConverter);
    expect(replayed.determinism).toEqual({ ok: true });
    expect(replayed.ok).toBe(false);
    // The code takes the edited number into the case: the next values it derives (the CaseNumber
    // search attribute, then the projection's state) now carry 2611-99 where the history recorded the original.
    const difference = replayed.data.difference!;
    expect(difference.eventId).toBeGreaterThan(Number(completed.eventId));
    expect([
      { eventType: 'UpsertWorkflowSearchAttributes', field: 'CaseNumber[0]' },
      { eventType: 'ActivityTaskScheduled', field: 'state.number' },
    ]).toContainEqual({ eventType: difference.eventType, field: difference.field });
    expect(difference.recorded).toBe(JSON.stringify(recordedNumber));
    expect(difference.derived).toBe(JSON.stringify('2611-99'));
  });
});

test("G4: an amount edited in settleAccountability's result fails at the next activity whose input carries it", async () => {
  type Settlement = { allocations: { amountFen: number }[] };
  const history = copy(read('accountabilityWorkflow-approved-published.json'));
  const settle = await scheduled(history, 'settleAccountability');
  const completed = completionOf(history, settle);
  const result = completed.activityTaskCompletedEventAttributes!.result!;
  const recorded = ((await valueOf(result.payloads![0]!)) as Settlement).allocations[0]!.amountFen;
  result.payloads![0] = await edited<Settlement>(result.payloads![0]!, (s) => {
    s.allocations[0]!.amountFen += 1;
  });

  const replayed = await replayHistory('tampered-settlement', copy(history), dataConverter);
  expect(replayed.determinism).toEqual({ ok: true });
  const next = history.events!.find((e) => Number(e.eventId) > Number(completed.eventId) && activityName(e));
  expect(replayed.data).toMatchObject({
    ok: false,
    difference: {
      eventId: Number(next!.eventId),
      eventType: 'ActivityTaskScheduled',
      activityType: 'projectAccountability',
      field: 'state.settlement.allocations[0].amountFen',
      recorded: String(recorded),
      derived: String(recorded + 1),
    },
  });
});

test("G4: an edited Update argument or workflow input fails at the first value derived from it", async () => {
  type ActionRequest = { actor: unknown; command?: { action: string; cause?: string }; input?: { action: string; cause?: string } };
  const history = copy(read('complaintWorkflow-main-path-encrypted.json'));
  let accepted: HistoryEvent | undefined;
  for (const e of history.events!) {
    const args = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads;
    if (!args) continue;
    const request = (await valueOf(args[0]!)) as ActionRequest;
    if ((request.command ?? request.input)?.action !== 'analyze') continue;
    args[0] = await edited<ActionRequest>(args[0]!, (r) => {
      (r.command ?? r.input)!.cause = 'An edited cause';
    });
    accepted = e;
    break;
  }
  expect(accepted).toBeDefined();
  const replayed = await replayHistory('tampered-update', copy(history), dataConverter);
  expect(replayed.determinism).toEqual({ ok: true });
  expect(replayed.data.difference).toMatchObject({ eventType: 'ActivityTaskScheduled', activityType: 'projectComplaint', derived: '"An edited cause"' });
  expect(replayed.data.difference!.field).toMatch(/cause$/);
  expect(replayed.data.difference!.eventId).toBeGreaterThan(Number(accepted!.eventId));

  const filed = copy(read('complaintWorkflow-main-path-encrypted.json'));
  const input = filed.events![0]!.workflowExecutionStartedEventAttributes!.input!;
  input.payloads![0] = await edited<{ filing: { customer: { name: string } } }>(input.payloads![0]!, (v) => {
    v.filing.customer.name = 'Another Customer Ltd';
  });
  const replayedInput = await replayHistory('tampered-input', copy(filed), dataConverter);
  expect(replayedInput.data.difference).toMatchObject({
    eventType: 'ActivityTaskScheduled',
    activityType: 'projectComplaint',
    field: 'state.filing.customer.name',
    recorded: '"Hangzhou Precision Co."',
    derived: '"Another Customer Ltd"',
  });
});

test("G4: an edited timer, search attribute or child workflow input is named where it is", async () => {
  const file = 'complaintWorkflow-main-path-encrypted.json';

  const timers = copy(read(file));
  const timer = timers.events!.find((e) => e.timerStartedEventAttributes)!;
  const recordedMs = Math.floor((timer.timerStartedEventAttributes!.startToFireTimeout!.nanos ?? 0) / 1e6) + 1000 * Number(timer.timerStartedEventAttributes!.startToFireTimeout!.seconds ?? 0);
  timer.timerStartedEventAttributes!.startToFireTimeout = { seconds: recordedMs / 1000 + 3600, nanos: 0 } as never;
  expect((await replayHistory('tampered-timer', copy(timers), dataConverter)).data.difference).toMatchObject({
    eventId: Number(timer.eventId),
    eventType: 'TimerStarted',
    field: 'startToFireTimeoutMs',
    derived: String(recordedMs),
  });

  const upserts = copy(read(file));
  const upsert = upserts.events!.find((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.CaseStage)!;
  const fields = upsert.upsertWorkflowSearchAttributesEventAttributes!.searchAttributes!.indexedFields!;
  const stage = defaultPayloadConverter.fromPayload<string[]>(fields.CaseStage!);
  fields.CaseStage = { ...fields.CaseStage, data: Buffer.from(JSON.stringify(['closing'])) };
  expect((await replayHistory('tampered-search-attribute', copy(upserts), dataConverter)).data.difference).toMatchObject({
    eventId: Number(upsert.eventId),
    eventType: 'UpsertWorkflowSearchAttributes',
    field: 'CaseStage[0]',
    recorded: '"closing"',
    derived: JSON.stringify(stage[0]),
  });

  const children = copy(read(file));
  const child = children.events!.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)!;
  const input = child.startChildWorkflowExecutionInitiatedEventAttributes!.input!;
  input.payloads![0] = await edited<{ lossFen: number }>(input.payloads![0]!, (handOff) => {
    handOff.lossFen += 100;
  });
  const replayed = await replayHistory('tampered-child', copy(children), dataConverter);
  expect(replayed.data.difference).toMatchObject({ eventId: Number(child.eventId), eventType: 'StartChildWorkflowExecutionInitiated', workflowType: 'accountabilityWorkflow', field: 'lossFen' });
});
