// Customer opinion surveys on the real stack at demonstration speed, with a customer gateway (a real
// HTTP server standing in for the SMS service): every call gets one the configured delay after it
// ends (S16), reached by a one-time link kept only as a hash; the ratings
// feed the monthly scores (S17); complaints go to the VP or the service department (S18) and
// always to a visit by the supervisor (S19).
import { localMonthIn } from '../../domain/localTime';
import { hashToken } from '../../services/tokens';
import { type TestGateway, startTestGateway } from '../support/customerGateway';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type Person, type ServiceParty, eventually, expectStatus, servicePartyOf, serviceApi, sleep } from './serviceHelpers';

jest.setTimeout(120_000);

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;
let gateway: TestGateway;
const GATEWAY_TOKEN = 'gateway-secret-1234';

beforeAll(async () => {
  gateway = await startTestGateway();
  stack = await startTestStack({
    SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
    SURVEY_DELAY: '1s',
    ARRIVAL_SLA_URBAN: '1h',
    CUSTOMER_GATEWAY_URL: gateway.url,
    CUSTOMER_GATEWAY_TOKEN: GATEWAY_TOKEN,
    CUSTOMER_GATEWAY_ATTEMPTS: '3',
    PUBLIC_URL: 'https://service.example.com',
  });
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
});
afterAll(async () => {
  await stack?.stop();
  await gateway?.close();
});

interface SurveyLink {
  callId: string;
  token: string;
  url: string;
  to: { name: string; phone?: string };
}
/** The survey links the gateway accepted for a call, oldest first. */
const linksOf = (callId: string): SurveyLink[] =>
  gateway.received
    .filter((r) => r.status < 300 && r.body.kind === 'survey_link' && r.body.caseId === callId)
    .map((r) => ({ callId, url: r.body.link!, token: tokenOf(r.body.link!), to: r.body.to }));

const answer = (overrides: Record<string, unknown> = {}) => ({ attitude: 4, skill: 3, arrival: 4, promise: 2, ...overrides });

/** A call fixed on site by `tech` and closed now. */
async function closedCall(tech: Person = p.tech) {
  const call = await api.onSite({ ...p, tech });
  return api.act(tech, call.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 30 });
}

async function linkOf(callId: string): Promise<SurveyLink> {
  const [link] = await eventually(`survey link of ${callId}`, async () => linksOf(callId), (l) => l.length > 0);
  return link!;
}

/** The call's survey-link message once it has reached `status`. */
async function surveyMessageOnceIn(callId: string, status: 'sent' | 'to_staff') {
  const message = await eventually(
    `survey message ${status}`,
    () => stack.db.customerMessage.findFirst({ where: { caseId: callId, kind: 'survey_link' } }),
    (m) => m?.status === status,
  );
  return message!;
}
/** The token of a link, from its URL. */
const tokenOf = (url: string) => url.split('/').pop()!;

const post = (token: string, body: unknown) => stack.http.post(`/api/v1/surveys/${encodeURIComponent(token)}`).send(body as object);

test('S16: every call gets a survey the configured delay after it ends, on both paths; only the token hash is kept', async () => {
  const onSite = await closedCall();
  const carried = await api.onSite(p);
  await api.act(p.tech, carried.id, { action: 'carry_in', receiptNo: 'RC-S1', customerSigned: true });
  await api.act(p.tech, carried.id, { action: 'record_repair', workMinutes: 40 });
  await api.act(p.service_supervisor, carried.id, { action: 'inspect', passed: true });
  const returned = await api.act(p.clerk, carried.id, { action: 'return', customerSigned: true });
  for (const call of [onSite, returned]) {
    expect(call.survey).toEqual({ dueAt: new Date(Date.parse(call.closedAt) + 1000).toISOString(), sentAt: null });
    const link = await linkOf(call.id);
    expect(link.url).toBe(`https://service.example.com/survey/${link.token}`);
    expect(link.to).toEqual({ name: 'Suzhou Textile Co.', phone: '+86 512 6666 1234' });
    const request = gateway.received.find((r) => r.body.caseId === call.id)!;
    expect(request).toMatchObject({ authorization: `Bearer ${GATEWAY_TOKEN}`, body: { kind: 'survey_link', channel: 'sms', caseType: 'service_call' } });
    expect(request.body.text).toContain(link.url);
    const row = await stack.db.serviceSurvey.findUniqueOrThrow({ where: { callId: call.id } });
    expect(row).toMatchObject({ tokenHash: hashToken(link.token), technicianId: p.tech.id, category: 'A', answeredAt: null });
    expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(call.survey.dueAt));
    const sent = await eventually('survey_sent in the call', () => api.get(p.clerk, call.id), (v) => v.survey.sentAt !== null);
    expect(sent.survey.sentAt).toBe(row.sentAt!.toISOString());
    expect((await api.history(p.auditor, call.id)).map((e) => e.action).pop()).toBe('survey_sent');
    // The token itself is nowhere in the database.
    const haystack = JSON.stringify([
      await stack.db.serviceSurvey.findMany(),
      await stack.db.customerMessage.findMany(),
      await stack.db.serviceCall.findMany(),
      await stack.db.caseEvent.findMany(),
      await stack.db.notice.findMany(),
    ]);
    expect(haystack).not.toContain(link.token);
    expect(await stack.db.customerMessage.findMany({ where: { caseId: call.id } })).toEqual([
      expect.objectContaining({ kind: 'survey_link', channel: 'sms', status: 'sent', sentBy: 'gateway', attempts: 0 }),
    ]);
    // Sent by the gateway: nothing for staff to do.
    expect(await stack.db.workItem.count({ where: { caseId: call.id } })).toBe(0);
  }
});

test('S16, G1: a worker restart during the survey delay sends the survey once', async () => {
  const call = await closedCall();
  await stack.restartWorker();
  await linkOf(call.id);
  await eventually('survey recorded', () => api.get(p.clerk, call.id), (v) => v.survey.sentAt !== null);
  await sleep(500);
  expect(linksOf(call.id)).toHaveLength(1);
  expect(await stack.db.serviceSurvey.count({ where: { callId: call.id } })).toBe(1);
  expect((await api.history(p.auditor, call.id)).filter((e) => e.action === 'survey_sent')).toHaveLength(1);
});

test('S16: a gateway that fails twice (503) is retried; the link goes out on the third attempt and only that link works', async () => {
  gateway.failNext(2, 503);
  const call = await closedCall();
  const message = await surveyMessageOnceIn(call.id, 'sent');
  expect(message).toMatchObject({ sentBy: 'gateway', attempts: 2, lastError: null });
  const tries = gateway.received.filter((r) => r.body.caseId === call.id);
  expect(tries.map((r) => r.status)).toEqual([503, 503, 202]);
  expect(tries.map((r) => r.idempotencyKey)).toEqual([`${message.id}:0`, `${message.id}:1`, `${message.id}:2`]);
  expect(new Set(tries.map((r) => r.body.link)).size).toBe(3);
  expect(await stack.db.workItem.count({ where: { caseId: call.id } })).toBe(0);
  expectStatus(await post(tokenOf(tries[0]!.body.link!), answer()), 404);
  expectStatus(await post((await linkOf(call.id)).token, answer()), 201);
});

test('S16: a message the gateway refuses (400) goes to staff at once; the clerk sends it by phone and that link works', async () => {
  gateway.failNext(1, 400);
  const call = await closedCall();
  const message = await surveyMessageOnceIn(call.id, 'to_staff');
  expect(message).toMatchObject({ attempts: 1, lastError: 'gateway answered 400', sentAt: null });
  expect(gateway.received.filter((r) => r.body.caseId === call.id)).toHaveLength(1);
  const task = (await api.tasks(p.clerk)).find((t) => t.caseId === call.id);
  expect(task).toMatchObject({ action: 'customer_message', caseType: 'service_call' });
  const sent = await stack.http.post(`/api/v1/customer-messages/${message.id}/send`).set(bearer(p.clerk.token)).send({ channel: 'phone' });
  expectStatus(sent, 200);
  expect(sent.body.message).toMatchObject({ status: 'sent', sentBy: p.clerk.id, channel: 'phone' });
  expect(sent.body.contact).toEqual({ name: 'Suzhou Textile Co.', phone: '+86 512 6666 1234', address: expect.any(String) });
  expect(sent.body.link.url).toBe(`https://service.example.com/survey/${sent.body.link.token}`);
  expect((await api.tasks(p.clerk)).find((t) => t.caseId === call.id)).toBeUndefined();
  expectStatus(await post(tokenOf(gateway.received.find((r) => r.body.caseId === call.id)!.body.link!), answer()), 404);
  expectStatus(await post(sent.body.link.token, answer()), 201);
});

test('S16: after the configured attempts (3) a failing gateway hands the message to staff', async () => {
  gateway.failNext(3, 503);
  const call = await closedCall();
  const message = await surveyMessageOnceIn(call.id, 'to_staff');
  expect(message).toMatchObject({ attempts: 3, lastError: 'gateway answered 503' });
  await eventually('survey recorded', () => api.get(p.clerk, call.id), (v) => v.survey.sentAt !== null);
  await sleep(1500);
  expect(gateway.received.filter((r) => r.body.caseId === call.id).map((r) => r.status)).toEqual([503, 503, 503]);
  expect(await stack.db.workItem.findMany({ where: { caseId: call.id } })).toEqual([
    expect.objectContaining({ kind: 'customer_message', roles: '["clerk","service_dept"]', status: 'open' }),
  ]);
});

test('S17: the answer needs no login and counts once; a used link → 409, an unknown one → 404, bad ratings → 400 naming the field', async () => {
  const call = await closedCall();
  const { token } = await linkOf(call.id);
  const bad = await post(token, answer({ attitude: 5, promise: 0 }));
  expectStatus(bad, 400);
  expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['attitude', 'promise']);
  const ok = await post(token, answer({ comment: 'Quick and friendly' }));
  expectStatus(ok, 201);
  expect(ok.body).toEqual({ received: true, complaint: null });
  expect(await stack.db.serviceSurvey.findUniqueOrThrow({ where: { callId: call.id } })).toMatchObject({ attitude: 4, skill: 3, arrival: 4, promise: 2, comment: 'Quick and friendly' });
  const again = await post(token, answer());
  expectStatus(again, 409);
  expectStatus(await post('svy_not-a-real-token', answer()), 404);
  expect(await stack.db.workItem.count({ where: { caseId: call.id } })).toBe(0);
});

test('S16: the survey page shows the form for a live link, and at once a clear page for an unknown or answered one', async () => {
  const call = await closedCall();
  const { token } = await linkOf(call.id);
  const form = await stack.http.get(`/survey/${token}`);
  expect(form.status).toBe(200);
  expect(form.text).toContain('<form id="survey">');
  const unknown = await stack.http.get('/survey/svy_not-a-real-token');
  expect(unknown.status).toBe(404);
  expect(unknown.text).toContain('This link is not valid');
  expect(unknown.text).not.toContain('<form');
  expectStatus(await post(token, answer()), 201);
  const answered = await stack.http.get(`/survey/${token}`);
  expect(answered.status).toBe(410);
  expect(answered.text).toContain('already been answered');
  expect(answered.headers['cache-control']).toBe('no-store');
});

test("S17: ratings feed each technician's monthly score", async () => {
  const scored = await stack.user(['technician'], 'Yu Technician');
  for (const ratings of [answer({ attitude: 4, skill: 4, arrival: 4, promise: 4 }), answer({ attitude: 2, skill: 3, arrival: 3, promise: 4 })]) {
    const call = await closedCall(scored);
    expectStatus(await post((await linkOf(call.id)).token, ratings), 201);
  }
  const month = localMonthIn(stack.config.timeZone, new Date());
  const res = await stack.http.get(`/api/v1/reports/technician-scores?month=${month}`).set(bearer(p.service_supervisor.token));
  expectStatus(res, 200);
  const mine = res.body.items.find((i: { technician: { id: string } }) => i.technician.id === scored.id);
  // Means 3, 3.5, 3.5, 4 → 3.5 of 4 → 87.5.
  expect(mine).toEqual({ technician: { id: scored.id, name: 'Yu Technician' }, surveys: 2, averages: { attitude: 3, skill: 3.5, arrival: 3.5, promise: 4 }, score: 87.5, complaints: 0 });
  const empty = await stack.http.get('/api/v1/reports/technician-scores?month=2001-01').set(bearer(p.service_supervisor.token));
  expect(empty.body.items).toEqual([]);
  expectStatus(await stack.http.get(`/api/v1/reports/technician-scores?month=${month}`).set(bearer(p.tech.token)), 403);
  expectStatus(await stack.http.get('/api/v1/reports/technician-scores?month=2026-13').set(bearer(p.service_supervisor.token)), 400);
});

test('S18, S19: a serious complaint goes to the VP, answered by letter; the supervisor visits the customer', async () => {
  const call = await closedCall();
  const res = await post((await linkOf(call.id)).token, answer({ attitude: 1, complaint: { severity: 'serious', text: 'The technician was rude and left a mess' } }));
  expectStatus(res, 201);
  expect(res.body.complaint).toMatchObject({ severity: 'serious' });
  const complaintId = res.body.complaint.id as string;
  const items = await stack.db.workItem.findMany({ where: { caseId: call.id }, orderBy: { kind: 'asc' } });
  expect(items.map((w) => [w.kind, w.roles])).toEqual([
    ['customer_visit', '["service_supervisor"]'],
    ['survey_complaint_serious', '["vp"]'],
  ]);
  expect((await api.tasks(p.vp)).map((t) => t.caseId)).toContain(call.id);
  expect((await api.tasks(p.service_supervisor)).filter((t) => t.caseId === call.id).map((t) => t.action)).toEqual(['customer_visit']);
  const list = await stack.http.get(`/api/v1/survey-complaints?callId=${call.id}`).set(bearer(p.vp.token));
  expect(list.body.items).toEqual([
    expect.objectContaining({ id: complaintId, severity: 'serious', handlerRole: 'vp', reply: expect.objectContaining({ channel: 'letter', status: 'pending' }), visit: expect.objectContaining({ status: 'pending' }) }),
  ]);
  // Only the VP answers it, only by letter, once.
  expectStatus(await stack.http.post(`/api/v1/survey-complaints/${complaintId}/reply`).set(bearer(p.service_dept.token)).send({ channel: 'letter', outcome: 'x' }), 403);
  const byPhone = await stack.http.post(`/api/v1/survey-complaints/${complaintId}/reply`).set(bearer(p.vp.token)).send({ channel: 'phone', outcome: 'x' });
  expectStatus(byPhone, 400);
  expect(byPhone.body.error.details[0].field).toBe('channel');
  const replied = await stack.http.post(`/api/v1/survey-complaints/${complaintId}/reply`).set(bearer(p.vp.token)).send({ channel: 'letter', outcome: 'We apologise; the technician has been coached and the visit is free.' });
  expectStatus(replied, 200);
  expect(replied.body.reply).toMatchObject({ channel: 'letter', status: 'sent' });
  expectStatus(await stack.http.post(`/api/v1/survey-complaints/${complaintId}/reply`).set(bearer(p.vp.token)).send({ channel: 'letter', outcome: 'again' }), 409);
  expect(await stack.db.customerMessage.findMany({ where: { caseId: call.id, kind: 'complaint_reply' } })).toEqual([expect.objectContaining({ channel: 'letter' })]);
  const visited = await stack.http.post(`/api/v1/survey-complaints/${complaintId}/visit`).set(bearer(p.service_supervisor.token)).send({ notes: 'Visited with the branch manager' });
  expectStatus(visited, 200);
  expect(visited.body.visit).toMatchObject({ status: 'done', visitedBy: p.service_supervisor.name });
  expect((await stack.db.workItem.findMany({ where: { caseId: call.id } })).map((w) => w.status)).toEqual(['done', 'done']);
});

test('S18, S19: a general complaint goes to the service department, answered by phone or in writing; still a visit', async () => {
  const call = await closedCall();
  const res = await post((await linkOf(call.id)).token, answer({ complaint: { severity: 'general', text: 'Came an hour later than said' } }));
  expectStatus(res, 201);
  const items = await stack.db.workItem.findMany({ where: { caseId: call.id }, orderBy: { kind: 'asc' } });
  expect(items.map((w) => [w.kind, w.roles])).toEqual([
    ['customer_visit', '["service_supervisor"]'],
    ['survey_complaint_general', '["service_dept"]'],
  ]);
  const complaint = await stack.db.surveyComplaint.findUniqueOrThrow({ where: { id: res.body.complaint.id } });
  expect(complaint).toMatchObject({ handlerRole: 'service_dept', replyChannel: 'phone_or_written', replyStatus: 'pending', visitStatus: 'pending' });
  const byLetter = await stack.http.post(`/api/v1/survey-complaints/${complaint.id}/reply`).set(bearer(p.service_dept.token)).send({ channel: 'letter', outcome: 'x' });
  expectStatus(byLetter, 400);
  expectStatus(await stack.http.post(`/api/v1/survey-complaints/${complaint.id}/reply`).set(bearer(p.service_dept.token)).send({ channel: 'phone', outcome: 'Called; apologised for the delay' }), 200);
  const month = localMonthIn(stack.config.timeZone, new Date());
  const scores = await stack.http.get(`/api/v1/reports/technician-scores?month=${month}`).set(bearer(p.service_dept.token));
  expect(scores.body.items.find((i: { technician: { id: string } }) => i.technician.id === p.tech.id).complaints).toBeGreaterThanOrEqual(1);
});
