// Traces (README "Observing it"): one approval through the API is one connected trace, from the
// HTTP request through the Temporal client's Update and the workflow's handling of it to the
// projection activity on the worker; tracing changes no workflow command, and traced histories
// replay with their data (G4).
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type request from 'supertest';
import { startTracing } from '../../observability/tracing';
import { dataConverterFor } from '../../temporal/codec';
import { replayWorkflow } from '../../temporal/replay';
import { accountabilityWorkflowId } from '../../workflows/accountability';
import { complaintWorkflowId } from '../../workflows/complaint';
import { eventually } from '../support/faults';
import { PARTY_ROLES, type PartyRole, type Person } from '../support/faultsComplaints';
import { COMPLAINT_ACTION_BODIES, bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';

jest.setTimeout(180_000);

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'aftersales-test', exporter });
let stack: TestStack;
let who: Record<PartyRole, Person>;

beforeAll(async () => {
  stack = await startTestStack({}, { tracing });
  who = Object.fromEntries(await Promise.all(PARTY_ROLES.map(async (r) => [r, await stack.user([r], `Traced ${r}`)] as const))) as Record<PartyRole, Person>;
});
afterAll(async () => {
  await stack?.stop();
  await tracing.shutdown();
});

type View = { id: string; stage: string; status: string; awaiting: { roles: PartyRole[]; action: string } | null };

/** Takes a case filed through `http` to `stage`, each awaited action by the first awaited role. */
async function driveTo(http: ReturnType<typeof request>, stage: string): Promise<View> {
  const filed = await http.post('/api/v1/complaints').set(bearer(who.sales.token)).send(complaintFiling());
  expect(filed.status).toBe(201);
  let view = filed.body as View;
  while (view.stage !== stage) {
    const { action, roles } = view.awaiting!;
    const res = await http.post(`/api/v1/complaints/${view.id}/actions`).set(bearer(who[roles[0]!].token)).send(COMPLAINT_ACTION_BODIES[action]!);
    expect(res.status).toBe(200);
    view = res.body as View;
  }
  return view;
}

const spanId = (s: ReadableSpan) => s.spanContext().spanId;
const traceId = (s: ReadableSpan) => s.spanContext().traceId;

test('C8: one approval is one connected trace: the HTTP request, the Update, the workflow handling it and the projection activity, each the parent of the next', async () => {
  const atDecision = await driveTo(stack.http, 'decision');
  exporter.reset();

  const approved = await stack.http.post(`/api/v1/complaints/${atDecision.id}/actions`).set(bearer(who.sales_manager.token)).send(COMPLAINT_ACTION_BODIES.decide!);
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ stage: 'customer_result', decision: { decision: 'approve' } });

  const [root] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
  expect(root).toBeDefined();
  expect(root!.name).toBe('POST /api/v1/complaints/{id}/actions');
  expect(root!.attributes).toMatchObject({ 'http.route': '/api/v1/complaints/{id}/actions', 'http.response.status_code': 200 });
  expect(root!.parentSpanId).toBeUndefined();
  // The workflow's spans reach the worker's sink once its workflow task is done.
  const trace = await eventually(
    'the workflow and activity spans',
    async () => exporter.getFinishedSpans().filter((s) => traceId(s) === traceId(root!)),
    (spans) => spans.some((s) => s.name === 'HandleUpdate:complaintAction') && spans.some((s) => s.name === 'RunActivity:projectComplaintChanges'),
  );

  const only = (name: string) => {
    const found = trace.filter((s) => s.name === name);
    expect(found.map((s) => s.name)).toEqual([name]);
    return found[0]!;
  };
  const update = only('StartWorkflowUpdate:complaintAction');
  const handling = only('HandleUpdate:complaintAction');
  const scheduling = only('StartActivity:projectComplaintChanges');
  const projection = only('RunActivity:projectComplaintChanges');
  expect(update.parentSpanId).toBe(spanId(root!));
  expect(handling.parentSpanId).toBe(spanId(update));
  expect(scheduling.parentSpanId).toBe(spanId(handling));
  expect(projection.parentSpanId).toBe(spanId(scheduling));
  expect(update.attributes.temporalWorkflowId).toBe(complaintWorkflowId(atDecision.id));
  expect(projection.attributes.temporalWorkflowId).toBe(complaintWorkflowId(atDecision.id));
  // Connected: every span but the request's has its parent in the trace; nothing of the request went elsewhere.
  const ids = new Set(trace.map(spanId));
  expect(trace.filter((s) => s !== root && !ids.has(s.parentSpanId!))).toEqual([]);
  expect(exporter.getFinishedSpans().filter((s) => traceId(s) !== traceId(root!))).toEqual([]);
  expect(trace.every((s) => s.resource.attributes['service.name'] === 'aftersales-test')).toBe(true);
});

test('G4: tracing changes no command: a traced case’s history (the complaint and its accountability child) replays on workflow code without tracing, and with it, data included', async () => {
  const traced = await driveTo(stack.http, 'closed');
  const complaintId = complaintWorkflowId(traced.id);
  await stack.client.workflow.getHandle(complaintId).result();
  const histories = await Promise.all(
    [complaintId, accountabilityWorkflowId(traced.id)].map(async (id) => ({ id, history: await stack.client.workflow.getHandle(id).fetchHistory() })),
  );

  // The trace travelled through Temporal: every action the traced case took in (an Update) carries it in its
  // header, and so does every activity it scheduled (its projections run as local activities, inside the task).
  const events = histories[0]!.history.events ?? [];
  const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(accepted.length).toBeGreaterThan(10);
  for (const e of accepted) expect(Object.keys(e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest?.input?.header?.fields ?? {})).toContain('_tracer-data');
  for (const e of events.filter((x) => x.activityTaskScheduledEventAttributes)) {
    expect(Object.keys(e.activityTaskScheduledEventAttributes!.header?.fields ?? {})).toContain('_tracer-data');
  }

  // The same workflow code without the tracing interceptor issues the recorded commands, in the recorded order.
  const untraced = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules: [require.resolve('../../workflows/audit/interceptors')],
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  for (const { id, history } of histories) {
    await Worker.runReplayHistory({ workflowBundle: untraced, dataConverter: dataConverterFor(stack.config) }, history, id);
    const replay = await replayWorkflow(stack.client, id);
    expect(replay).toMatchObject({ ok: true, determinism: { ok: true }, data: { ok: true } });
    expect(replay.data.checked).toBeGreaterThan(0);
  }

  // The filing's trace holds the workflow's whole run, which ended with the case, and the start of its accountability child.
  const [filing] = exporter.getFinishedSpans().filter((s) => s.name === 'POST /api/v1/complaints');
  expect(filing).toBeDefined();
  const filingTrace = await eventually(
    'the workflow run span',
    async () => exporter.getFinishedSpans().filter((s) => traceId(s) === traceId(filing!)),
    (spans) => spans.some((s) => s.name === 'RunWorkflow:complaintWorkflow'),
  );
  const start = filingTrace.find((s) => s.name === 'StartWorkflow:complaintWorkflow')!;
  const run = filingTrace.find((s) => s.name === 'RunWorkflow:complaintWorkflow')!;
  const child = filingTrace.find((s) => s.name === 'StartChildWorkflow:accountabilityWorkflow')!;
  expect(start.parentSpanId).toBe(spanId(filing!));
  expect(run.parentSpanId).toBe(spanId(start));
  expect(child.parentSpanId).toBe(spanId(run));
});
