// The customer-message outbox without a gateway (S16): every survey link waits for staff, who see
// it in /tasks and the outbox and record how they sent it; sending issues the one-time link. Wrong
// roles and wrong states are refused and change nothing; the customer's survey page.
import { hashToken } from '../../services/tokens';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type ServiceParty, eventually, expectStatus, servicePartyOf, serviceApi } from './serviceHelpers';

jest.setTimeout(120_000);

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;

beforeAll(async () => {
  stack = await startTestStack({ SERVICE_CALENDAR_ALWAYS_OPEN: 'true', SURVEY_DELAY: '1s', ARRIVAL_SLA_URBAN: '1h' });
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const answer = { attitude: 4, skill: 4, arrival: 3, promise: 4 };
const postAnswer = (token: string) => stack.http.post(`/api/v1/surveys/${token}`).send(answer);
const send = (token: string, id: string, body: object) => stack.http.post(`/api/v1/customer-messages/${id}/send`).set(bearer(token)).send(body);

async function surveyMessageOfNewCall() {
  const onSite = await api.onSite(p);
  const call = await api.act(p.tech, onSite.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 20 });
  const res = await eventually(
    'survey link in the outbox',
    () => stack.http.get(`/api/v1/customer-messages?caseId=${call.id}&kind=survey_link`).set(bearer(p.clerk.token)),
    (r) => r.status === 200 && r.body.items.length === 1,
  );
  return { call, message: res.body.items[0] };
}

test('S16: without a gateway the survey link waits for staff: in the outbox and in the tasks of the clerk and the service department', async () => {
  const { call, message } = await surveyMessageOfNewCall();
  expect(message).toMatchObject({ kind: 'survey_link', channel: 'sms', status: 'to_staff', sentAt: null, attempts: 0, recipient: 'Suzhou Textile Co. +** *** **** 1234' });
  const pending = await stack.http.get('/api/v1/customer-messages?status=to_staff').set(bearer(p.service_dept.token));
  expectStatus(pending, 200);
  expect(pending.body.items.map((m: { id: string }) => m.id)).toContain(message.id);
  for (const who of [p.clerk, p.service_dept]) {
    expect((await api.tasks(who)).filter((t) => t.caseId === call.id).map((t) => t.action)).toEqual(['customer_message']);
  }
  expect((await api.tasks(p.service_supervisor)).filter((t) => t.caseId === call.id)).toEqual([]);
  // No link exists until staff send it.
  expect(await stack.db.serviceSurvey.findUniqueOrThrow({ where: { callId: call.id } })).toMatchObject({ tokenHash: null, sentAt: expect.any(Date) });
});

test('S16: the clerk sends it by SMS: the answer issues the link once; the survey is answered through it; sending again after that → 409', async () => {
  const { call, message } = await surveyMessageOfNewCall();
  const sent = await send(p.clerk.token, message.id, { channel: 'sms' });
  expectStatus(sent, 200);
  expect(sent.body).toEqual({
    message: expect.objectContaining({ id: message.id, status: 'sent', channel: 'sms', sentBy: p.clerk.id }),
    contact: { name: 'Suzhou Textile Co.', phone: '+86 512 6666 1234', address: expect.any(String) },
    link: { url: `${stack.config.http.publicUrl}/survey/${sent.body.link.token}`, token: expect.stringMatching(/^svy_/) },
  });
  expect(await stack.db.serviceSurvey.findUniqueOrThrow({ where: { callId: call.id } })).toMatchObject({ tokenHash: hashToken(sent.body.link.token) });
  expect((await api.tasks(p.clerk)).filter((t) => t.caseId === call.id)).toEqual([]);
  expect(await stack.db.workItem.findFirst({ where: { caseId: call.id, kind: 'customer_message' } })).toMatchObject({ status: 'done', doneBy: p.clerk.id });
  expectStatus(await postAnswer(sent.body.link.token), 201);
  const again = await send(p.clerk.token, message.id, { channel: 'sms' });
  expectStatus(again, 409);
  // The token itself is kept nowhere.
  expect(JSON.stringify([await stack.db.customerMessage.findMany(), await stack.db.auditEntry.findMany()])).not.toContain(sent.body.link.token);
});

test('S16: sending a survey link again before it is answered issues a new link; the earlier one stops working', async () => {
  const { message } = await surveyMessageOfNewCall();
  const first = await send(p.clerk.token, message.id, { channel: 'sms' });
  const second = await send(p.service_dept.token, message.id, { channel: 'phone' });
  expectStatus(second, 200);
  expect(second.body.link.token).not.toBe(first.body.link.token);
  expect(second.body.message).toMatchObject({ sentBy: p.service_dept.id, channel: 'phone' });
  expectStatus(await postAnswer(first.body.link.token), 404);
  expectStatus(await postAnswer(second.body.link.token), 201);
});

test('G2: a wrong role, a bad channel, an unknown id or extra fields are refused and change nothing', async () => {
  const { call, message } = await surveyMessageOfNewCall();
  const before = await stack.db.customerMessage.findUniqueOrThrow({ where: { id: message.id } });
  for (const who of [p.tech, p.service_supervisor, p.auditor]) expectStatus(await send(who.token, message.id, { channel: 'sms' }), 403);
  expectStatus(await stack.http.get('/api/v1/customer-messages').set(bearer(p.tech.token)), 403);
  expectStatus(await stack.http.post(`/api/v1/customer-messages/${message.id}/send`).send({ channel: 'sms' }), 401);
  const badChannel = await send(p.clerk.token, message.id, { channel: 'pigeon' });
  expectStatus(badChannel, 400);
  expect(badChannel.body.error.details.map((d: { field: string }) => d.field)).toEqual(['channel']);
  const extra = await send(p.clerk.token, message.id, { channel: 'sms', sentBy: 'someone' });
  expectStatus(extra, 400);
  const badId = await send(p.clerk.token, 'not-a-uuid', { channel: 'sms' });
  expectStatus(badId, 400);
  expect(badId.body.error.details[0].field).toBe('id');
  expectStatus(await send(p.clerk.token, '00000000-0000-4000-8000-000000000000', { channel: 'sms' }), 404);
  const badStatus = await stack.http.get('/api/v1/customer-messages?status=lost').set(bearer(p.clerk.token));
  expectStatus(badStatus, 400);
  expect(badStatus.body.error.details[0].field).toBe('status');
  expect(await stack.db.customerMessage.findUniqueOrThrow({ where: { id: message.id } })).toEqual(before);
  expect(await stack.db.serviceSurvey.findUniqueOrThrow({ where: { callId: call.id } })).toMatchObject({ tokenHash: null });
  expect(await stack.db.workItem.findFirst({ where: { caseId: call.id, kind: 'customer_message' } })).toMatchObject({ status: 'open' });
});

test('S16, S17: the link opens a survey page that posts the answer; never cached, no referrer, scripts locked down', async () => {
  const { message } = await surveyMessageOfNewCall();
  const { body } = await send(p.clerk.token, message.id, { channel: 'sms' });
  const page = await stack.http.get(new URL(body.link.url).pathname);
  expectStatus(page, 200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
  for (const field of ['attitude', 'skill', 'arrival', 'promise', 'comment', 'complaint', 'severity']) expect(page.text).toContain(`name="${field}"`);
  expect(page.text).toContain("fetch('/api/v1/surveys/'");
  expect(page.text).toContain('服务态度 Service attitude'); // in the customers' language and in English
  expect(page.text).not.toContain(body.link.token);
});
