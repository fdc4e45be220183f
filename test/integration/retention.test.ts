// G4: a finished case outlives its workflow history. Temporal keeps a closed workflow only for the
// namespace's retention period; after that the API answers from the projection: the case reads the
// same, its history is the same, an action is refused with 409 and a replay says the history is gone.
// (Here the histories are deleted, which is what retention does; the server takes ~30 s.)
import { WorkflowNotFoundError } from '@temporalio/client';
import { complaintWorkflowId } from '../../workflows/complaint';
import { serviceCallWorkflowId } from '../../workflows/serviceCall';
import { bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type Person, type ServiceParty, type View, eventually, expectStatus, servicePartyOf, serviceApi } from './serviceHelpers';

jest.setTimeout(240_000);

let stack: TestStack;
let p: ServiceParty;
let sales: Person;
const call: { id: string; view: View; history: View[] } = { id: '', view: {}, history: [] };
const complaint: { id: string; view: View; history: View[] } = { id: '', view: {}, history: [] };

/** What the retention period does to a closed workflow: its history is deleted from Temporal. */
async function pastRetention(workflowId: string): Promise<void> {
  const handle = stack.client.workflow.getHandle(workflowId);
  await handle.result();
  await stack.client.workflowService.deleteWorkflowExecution({ namespace: stack.config.temporal.namespace, workflowExecution: { workflowId } });
  await eventually(
    `${workflowId} deleted`,
    () => handle.describe().then(() => false, (err) => err instanceof WorkflowNotFoundError),
    (gone) => gone,
    180_000,
  );
}

const get = (token: string, url: string) => stack.http.get(url).set(bearer(token));

beforeAll(async () => {
  stack = await startTestStack({ SERVICE_CALENDAR_ALWAYS_OPEN: 'true', SURVEY_DELAY: '1s', FOLLOW_UP_DELAY: '1s' });
  p = await servicePartyOf(stack);
  sales = await stack.user(['sales'], 'Li Sales');
  // A service call fixed on site; its workflow ends once the survey is issued and its follow-up falls due.
  const api = serviceApi(stack);
  const onSite = await api.onSite(p);
  call.id = onSite.id;
  await api.act(p.tech, call.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 25 });
  await stack.client.workflow.getHandle(serviceCallWorkflowId(call.id)).result();
  call.view = await api.get(p.clerk, call.id);
  call.history = await api.history(p.auditor, call.id);
  // A complaint withdrawn by sales; its workflow ends at once.
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling());
  expectStatus(filed, 201);
  complaint.id = filed.body.id;
  const withdrawn = await stack.http.post(`/api/v1/complaints/${complaint.id}/actions`).set(bearer(sales.token)).send({ action: 'withdraw', reason: 'The fault was the customer’s own' });
  expectStatus(withdrawn, 200);
  await stack.client.workflow.getHandle(complaintWorkflowId(complaint.id)).result();
  complaint.view = (await get(sales.token, `/api/v1/complaints/${complaint.id}`)).body;
  complaint.history = (await get(p.auditor.token, `/api/v1/complaints/${complaint.id}/history`)).body.events;
  await Promise.all([pastRetention(serviceCallWorkflowId(call.id)), pastRetention(complaintWorkflowId(complaint.id))]);
});
afterAll(async () => {
  await stack?.stop();
});

test('G4: a service call past retention reads the same from the projection; an action → 409; a replay → 404 naming retention', async () => {
  const read = await get(p.clerk.token, `/api/v1/service-calls/${call.id}`);
  expectStatus(read, 200);
  expect(read.body).toEqual(call.view);
  const history = await get(p.auditor.token, `/api/v1/service-calls/${call.id}/history`);
  expectStatus(history, 200);
  expect(history.body.events).toEqual(call.history);
  expect(call.history.map((e) => e.action)).toEqual(['register', 'dispatch', 'arrive', 'resolve_on_site', 'survey_sent', 'follow_up_due']);
  const act = await stack.http.post(`/api/v1/service-calls/${call.id}/actions`).set(bearer(p.tech.token)).send({ action: 'arrive' });
  expectStatus(act, 409);
  expect(act.body.error.code).toBe('wrong_stage');
  const replay = await get(p.auditor.token, `/api/v1/service-calls/${call.id}/replay`);
  expectStatus(replay, 404);
  expect(replay.body.error.message).toMatch(/retention/);
  // Access rules hold on the projection too: a technician reads only their own calls.
  expectStatus(await get(p.tech2.token, `/api/v1/service-calls/${call.id}`), 403);
  expectStatus(await get(p.clerk.token, '/api/v1/service-calls/00000000-0000-4000-8000-000000000000'), 404);
});

test('G4: a withdrawn complaint past retention reads the same from the projection; an action → 409', async () => {
  const read = await get(sales.token, `/api/v1/complaints/${complaint.id}`);
  expectStatus(read, 200);
  expect(read.body).toEqual(complaint.view);
  expect(read.body).toMatchObject({ status: 'withdrawn' });
  const history = await get(p.auditor.token, `/api/v1/complaints/${complaint.id}/history`);
  expectStatus(history, 200);
  expect(history.body.events).toEqual(complaint.history);
  expect(complaint.history.map((e) => e.action)).toEqual(['file', 'withdraw']);
  const act = await stack.http.post(`/api/v1/complaints/${complaint.id}/actions`).set(bearer(sales.token)).send({ action: 'withdraw', reason: 'again' });
  expectStatus(act, 409);
  const replay = await get(p.auditor.token, `/api/v1/complaints/${complaint.id}/replay`);
  expectStatus(replay, 404);
  expect(replay.body.error.message).toMatch(/retention/);
});
