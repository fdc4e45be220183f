// Service calls and maintenance contracts carry numbers people can quote (C2's scheme: S2611-001,
// HT2611-001), shown in lists and held as the search attribute CaseNumber; every case workflow
// publishes its next deadline as CaseDueAt, so that operators find what is due in the Temporal UI.
import { caseNumberPeriod } from '../../domain/caseNumber';
import { bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { callRegistration, contractFiling, eventually } from './serviceHelpers';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const searchAttributes = async (workflowId: string) => (await stack.client.workflow.getHandle(workflowId).describe()).searchAttributes;

test('C2, S2: service calls are numbered S + YYMM + a three-digit serial, in order, and found by number', async () => {
  const clerk = await stack.user(['clerk']);
  const period = caseNumberPeriod(new Date(), stack.config.timeZone);
  const first = await stack.http.post('/api/v1/service-calls').set(bearer(clerk.token)).send(callRegistration()).expect(201);
  const second = await stack.http.post('/api/v1/service-calls').set(bearer(clerk.token)).send(callRegistration()).expect(201);
  expect(first.body.number).toMatch(new RegExp(`^S${period}-\\d{3}$`));
  expect(Number(second.body.number.slice(-3))).toBe(Number(first.body.number.slice(-3)) + 1);
  const listed = await eventually(
    'the call in the register',
    async () => ((await stack.http.get('/api/v1/service-calls').set(bearer(clerk.token))).body.items as { id: string; number: string | null }[]).find((c) => c.id === first.body.id),
    (c) => c !== undefined,
  );
  expect(listed!.number).toBe(first.body.number);
  const attrs = await eventually('search attributes', () => searchAttributes(`service-call-${first.body.id as string}`), (a) => a.CaseNumber !== undefined && a.CaseDueAt !== undefined);
  expect(attrs.CaseNumber).toEqual([first.body.number]);
  // S14: its next deadline is the arrival.
  expect((attrs.CaseDueAt as Date[])[0]!.toISOString()).toBe(first.body.arrivalDueAt);
  // Other test runs on this Temporal server number their own calls: look on this platform's task queue.
  // Visibility (what count reads) may lag the search attributes' update by a moment.
  const found = await eventually('the number in visibility', () => stack.client.workflow.count(`CaseNumber = '${first.body.number as string}' AND TaskQueue = '${stack.config.temporal.taskQueue}'`), (c) => c.count > 0);
  expect(found.count).toBe(1);
});

test('C2, S15: contracts are numbered HT + YYMM + a three-digit serial; their next deadline is the expiry notice', async () => {
  const dept = await stack.user(['service_dept']);
  const contract = await stack.http.post('/api/v1/contracts').set(bearer(dept.token)).send(contractFiling({ endsOn: '2030-06-30' })).expect(201);
  expect(contract.body.number).toMatch(/^HT\d{4}-\d{3}$/);
  const attrs = await eventually('search attributes', () => searchAttributes(`contract-${contract.body.id as string}`), (a) => a.CaseDueAt !== undefined);
  expect(attrs.CaseNumber).toEqual([contract.body.number]);
  expect((attrs.CaseDueAt as Date[])[0]!.toISOString()).toBe(contract.body.noticeAt);
});

test('C18: a complaint’s next deadline is its current stage’s, and moves with the stage', async () => {
  const sales = await stack.user(['sales']);
  const gmOffice = await stack.user(['gm_office']);
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling()).expect(201);
  const id = filed.body.id as string;
  const before = await eventually('CaseDueAt', () => searchAttributes(`complaint-${id}`), (a) => a.CaseDueAt !== undefined);
  expect((before.CaseDueAt as Date[])[0]!.toISOString()).toBe(filed.body.stageDueAt);
  const registered = await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(gmOffice.token)).send({ action: 'register' }).expect(200);
  const after = await eventually(
    'CaseDueAt after registration',
    () => searchAttributes(`complaint-${id}`),
    (a) => (a.CaseDueAt as Date[] | undefined)?.[0]?.toISOString() === registered.body.stageDueAt,
  );
  expect(after.CaseNumber).toEqual([registered.body.number]);
});
