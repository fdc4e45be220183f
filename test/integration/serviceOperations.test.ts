// Service operations through HTTP on the real stack (O1–O5): a month of service calls across three
// service centres in two regions, their surveys, spare parts, cost claims and a budget, built through
// the API; then every goal and every report figure is checked against a count made by hand (the
// comments show it). The company time zone is chosen so that the test runs near local noon: the month
// and the day cannot change while it runs.
import { localDateIn, localMonthIn } from '../../domain/localTime';
import { parsePeriod, periodContaining } from '../../domain/operations/period';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type Person, type ServiceParty, type View, contractFiling, eventually, expectStatus, servicePartyOf, serviceApi } from './serviceHelpers';

jest.setTimeout(300_000);

/** A fixed-offset zone in which it is about noon now. */
function middayZone(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;
let tech3: Person;
let store: Person;
let month: string;
let today: string;
const zone = middayZone();
const calls = {} as Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'c7' | 'c8', View>;
const requests = {} as Record<'r3' | 'r4' | 'r6a' | 'r6b' | 'r8', View>;

const get = (who: Person, url: string) => stack.http.get(url).set(bearer(who.token));
const post = (who: Person, url: string, body: object) => stack.http.post(url).set(bearer(who.token)).send(body);
const put = (who: Person, url: string, body: object) => stack.http.put(url).set(bearer(who.token)).send(body);
const ok = async (res: Promise<import('supertest').Response> | import('supertest').Response, status = 200) => {
  const r = await res;
  expectStatus(r, status);
  return r.body;
};

async function closeOnSite(tech: Person, id: string, fee?: string): Promise<View> {
  return api.act(tech, id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 30, ...(fee ? { fee: { amount: fee, collectedOnSite: true } } : {}) });
}

async function onSiteWith(tech: Person, overrides: Record<string, unknown>): Promise<View> {
  return api.onSite({ ...p, tech }, overrides);
}

const partRequest = (tech: Person, callId: string, lines: { partNo: string; quantity: number }[]) =>
  ok(post(tech, '/api/v1/part-requests', { callId, lines, reason: 'repair on site' }), 201);
const act = (who: Person, id: string, body: object, status = 200) => ok(post(who, `/api/v1/part-requests/${id}/actions`, body), status);

async function answerSurvey(callId: string, ratings: { attitude: number; skill: number; arrival: number; promise: number }): Promise<void> {
  const res = await eventually(
    `survey link of ${callId}`,
    () => get(p.clerk, `/api/v1/customer-messages?caseId=${callId}&kind=survey_link`),
    (r) => r.status === 200 && r.body.items.length === 1,
  );
  const sent = await ok(post(p.clerk, `/api/v1/customer-messages/${res.body.items[0].id}/send`, { channel: 'sms' }));
  await ok(stack.http.post(`/api/v1/surveys/${sent.link.token}`).send(ratings), 201);
}

beforeAll(async () => {
  stack = await startTestStack({
    TIME_ZONE: zone,
    SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
    ARRIVAL_SLA_URBAN: '2h',
    SURVEY_DELAY: '1s',
    SERVICE_REGIONS: 'east=shanghai+hangzhou,north=beijing',
    BUDGET_WARNING_SHARE: '80%',
    REPEAT_REPAIR_WINDOW: '30d',
  });
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
  tech3 = await stack.user(['technician'], 'Lu Technician');
  store = await stack.user(['warehouse'], 'Zhou Store');
  month = localMonthIn(zone, new Date());
  today = localDateIn(zone, new Date());

  // O2: a repair is worth 12 points from now on (the default is 10).
  await ok(put(p.service_dept, '/api/v1/activity-types/repair', { points: 12 }));
  // O3: this month's budget: 4,000.00 yuan.
  await ok(
    put(p.service_dept, `/api/v1/service-budgets/${month}`, {
      categories: { materials: '160.00', vehicles: '240.00', travel: 1300, communications: 600, business: 500, office: 200, other: '1000.00' },
    }),
    201,
  );
  // O4: the price list and the stores of Beijing and Hangzhou (Shanghai has none).
  for (const part of [
    { partNo: 'P-BOARD', name: 'Controller board', cost: '120.50', price: '180.00' },
    { partNo: 'P-FUSE', name: 'Fuse 5A', cost: '3.20', price: '8.00' },
    { partNo: 'P-PUMP', name: 'Circulation pump', cost: 850, price: 1200 },
  ]) {
    await ok(post(store, '/api/v1/parts', part), 201);
  }
  await ok(post(p.service_dept, '/api/v1/parts', { partNo: 'M-SERVICE', name: 'Annual maintenance', kind: 'maintenance_item', cost: 0, price: 300 }), 201);
  await ok(post(store, '/api/v1/stock/receipts', { centre: 'beijing', lines: [{ partNo: 'P-BOARD', quantity: 2 }, { partNo: 'P-FUSE', quantity: 10 }] }), 201);
  await ok(post(store, '/api/v1/stock/receipts', { centre: 'hangzhou', lines: [{ partNo: 'P-PUMP', quantity: 2 }, { partNo: 'P-FUSE', quantity: 5 }] }), 201);

  const warranty = { warrantyUntil: '2099-12-31' };
  // c1 Shanghai, paid, commissioning, serial SN-1 fault E07: closed with a fee of 300.00.
  calls.c1 = await onSiteWith(p.tech, { serviceCentre: 'shanghai', serialNo: 'OPS-SN-1', fault: 'E07', activityType: 'commissioning' });
  await closeOnSite(p.tech, calls.c1.id, '300.00');
  // c2 Shanghai, paid, the same serial and fault after c1 closed (a repeat repair): fee 500.00.
  calls.c2 = await onSiteWith(p.tech, { serviceCentre: 'shanghai', serialNo: 'OPS-SN-1', fault: 'e07' });
  await closeOnSite(p.tech, calls.c2.id, '500.00');
  // c3 Beijing, in warranty: parts requested, approved, issued, two fuses fitted and two returned.
  calls.c3 = await onSiteWith(p.tech2, { serviceCentre: 'beijing', serialNo: 'OPS-SN-3', fault: 'leak', ...warranty });
  requests.r3 = await partRequest(p.tech2, calls.c3.id, [{ partNo: 'P-BOARD', quantity: 1 }, { partNo: 'P-FUSE', quantity: 4 }]);
  // c4 Beijing, in warranty, an emergency: its part request is rejected.
  calls.c4 = await onSiteWith(p.tech2, { serviceCentre: 'beijing', serialNo: 'OPS-SN-4', activityType: 'emergency', ...warranty });
  requests.r4 = await partRequest(p.tech2, calls.c4.id, [{ partNo: 'P-BOARD', quantity: 1 }]);
  // c5 Hangzhou, under a maintenance contract.
  const contract = await ok(post(p.service_dept, '/api/v1/contracts', contractFiling({ serialNos: ['OPS-SN-5'] })), 201);
  calls.c5 = await onSiteWith(tech3, { serviceCentre: 'hangzhou', serialNo: 'OPS-SN-5', contractId: contract.id });
  // c6 Hangzhou, paid, stays open: a pump the customer pays for, and fuses whose charge is waived.
  calls.c6 = await onSiteWith(tech3, { serviceCentre: 'hangzhou', serialNo: 'OPS-SN-6' });
  requests.r6a = await partRequest(tech3, calls.c6.id, [{ partNo: 'P-PUMP', quantity: 1 }]);
  requests.r6b = await partRequest(tech3, calls.c6.id, [{ partNo: 'P-FUSE', quantity: 2 }]);
  // c7 Beijing: registered, never dispatched.
  calls.c7 = await api.register(p.clerk, { serviceCentre: 'beijing', serialNo: 'OPS-SN-7' });
  // c8 Shanghai, in warranty, stays open: its approved request waits for stock.
  calls.c8 = await onSiteWith(p.tech, { serviceCentre: 'shanghai', serialNo: 'OPS-SN-8', ...warranty });
  requests.r8 = await partRequest(p.tech, calls.c8.id, [{ partNo: 'P-BOARD', quantity: 1 }]);

  requests.r3 = await act(p.service_supervisor, requests.r3.id, { action: 'approve' });
  requests.r3 = await act(store, requests.r3.id, { action: 'issue' });
  requests.r3 = await act(p.tech2, requests.r3.id, { action: 'record_replaced', lines: [{ partNo: 'P-BOARD', quantity: 1 }, { partNo: 'P-FUSE', quantity: 2 }] });
  requests.r3 = await act(store, requests.r3.id, { action: 'return_unused', lines: [{ partNo: 'P-FUSE', quantity: 2 }] });
  requests.r4 = await act(p.service_supervisor, requests.r4.id, { action: 'reject', reason: 'the board can be repaired' });
  requests.r6a = await act(p.service_supervisor, requests.r6a.id, { action: 'approve' });
  requests.r6a = await act(store, requests.r6a.id, { action: 'issue' });
  requests.r6a = await act(tech3, requests.r6a.id, { action: 'record_replaced', lines: [{ partNo: 'P-PUMP', quantity: 1 }] });
  requests.r6b = await act(p.service_supervisor, requests.r6b.id, { action: 'approve', waiveCharge: true });
  requests.r6b = await act(store, requests.r6b.id, { action: 'issue' });
  requests.r6b = await act(tech3, requests.r6b.id, { action: 'record_replaced', lines: [{ partNo: 'P-FUSE', quantity: 2 }] });
  requests.r8 = await act(p.service_supervisor, requests.r8.id, { action: 'approve' });

  calls.c3 = await closeOnSite(p.tech2, calls.c3.id);
  calls.c4 = await closeOnSite(p.tech2, calls.c4.id);
  calls.c5 = await closeOnSite(tech3, calls.c5.id);

  // O2: internal work: training for Hangzhou by Lu, parts upkeep at Beijing by Song.
  await ok(post(tech3, '/api/v1/internal-work', { date: today, minutes: 60, description: 'Trained the Hangzhou customer operators', activityType: 'training', serviceCentre: 'hangzhou' }), 201);
  await ok(post(p.tech2, '/api/v1/internal-work', { date: today, minutes: 30, description: 'Parts upkeep', serviceCentre: 'beijing' }), 201);

  // O3: cost claims: vehicles 240.00 and travel 130.00 approved, communications 50.00 rejected, office 20.00 pending.
  const claim = (who: Person, category: string, amount: string) => ok(post(who, '/api/v1/cost-claims', { category, amount, date: today, description: `${category} for service calls` }), 201);
  const vehicles = await claim(p.tech, 'vehicles', '240.00');
  const travel = await claim(p.tech2, 'travel', '130.00');
  const phone = await claim(tech3, 'communications', '50.00');
  await claim(p.tech, 'office', '20.00');
  await ok(post(p.service_supervisor, `/api/v1/cost-claims/${vehicles.id}/actions`, { action: 'approve' }));
  await ok(post(p.service_supervisor, `/api/v1/cost-claims/${travel.id}/actions`, { action: 'approve', comment: 'train to Tianjin' }));
  await ok(post(p.service_supervisor, `/api/v1/cost-claims/${phone.id}/actions`, { action: 'reject', reason: 'private calls' }));

  // S16, S17: surveys of c1 (4,4,4,4 = 100), c2 (4,3,4,4 = 93.75) and c3 (3,3,3,3 = 75); c4 and c5 unanswered.
  await answerSurvey(calls.c1.id, { attitude: 4, skill: 4, arrival: 4, promise: 4 });
  await answerSurvey(calls.c2.id, { attitude: 4, skill: 3, arrival: 4, promise: 4 });
  await answerSurvey(calls.c3.id, { attitude: 3, skill: 3, arrival: 3, promise: 3 });

  // Changing the points now leaves the recorded activities as they were.
  await ok(put(p.service_dept, '/api/v1/activity-types/repair', { points: 30 }));
  // Every activity is projected before the reports are read.
  await eventually('activities recorded', () => stack.db.activityRecord.count(), (n) => n === 7);
  // The whole month was built at once: the local day did not change meanwhile.
  expect(localDateIn(zone, new Date())).toBe(today);
});
afterAll(async () => {
  await stack?.stop();
});

test('O1, O2: a call names its fault and activity type, or takes the default of its category', async () => {
  expect(calls.c1).toMatchObject({ fault: 'E07', activityType: 'commissioning', category: 'A' });
  expect(calls.c3).toMatchObject({ fault: 'leak', activityType: 'repair', category: 'C' });
  expect(calls.c5).toMatchObject({ fault: null, activityType: 'maintenance', category: 'B' });
  const bad = await post(p.clerk, '/api/v1/service-calls', { customer: { name: 'x', address: 'y', phone: '+86 21 1234 5678' }, productModel: 'm', area: 'urban', description: 'd', activityType: 'juggling' });
  expectStatus(bad, 400);
  expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['activityType']);
});

test('O4: the part request path: reserved on approval, issued, fitted and returned; the waiting one has its reason', async () => {
  expect(requests.r3).toMatchObject({
    status: 'closed',
    coverage: 'warranty',
    bearer: 'company',
    decision: 'approved',
    decidedBy: p.service_supervisor.name,
    issuedBy: store.name,
    lines: [
      { partNo: 'P-BOARD', quantity: 1, issued: 1, replaced: 1, returned: 0, unitCost: '120.50', unitPrice: '180.00' },
      { partNo: 'P-FUSE', quantity: 4, issued: 4, replaced: 2, returned: 2, unitCost: '3.20', unitPrice: '8.00' },
    ],
  });
  expect(requests.r3.history.map((h: View) => h.action)).toEqual(['request', 'approve', 'issue', 'record_replaced', 'return_unused', 'close']);
  expect(requests.r4).toMatchObject({ status: 'rejected', decision: 'rejected' });
  expect(requests.r6a).toMatchObject({ status: 'closed', coverage: 'paid', bearer: 'customer', waived: false });
  expect(requests.r6b).toMatchObject({ status: 'closed', coverage: 'paid', bearer: 'company', waived: true });
  expect(requests.r8).toMatchObject({ status: 'waiting_stock', waitingReason: '0 of P-BOARD available at shanghai, 1 needed' });

  // Stock: Beijing had 2 boards and 10 fuses; 1 board and 4 fuses issued, 2 fuses back.
  const stock = await ok(get(store, '/api/v1/stock?centre=beijing'));
  expect(stock.items.map((s: View) => [s.partNo, s.onHand, s.reserved, s.available])).toEqual([
    ['P-BOARD', 1, 0, 1],
    ['P-FUSE', 8, 0, 8],
  ]);
  expect((await ok(get(p.service_supervisor, '/api/v1/stock?centre=shanghai'))).items).toEqual([
    { centre: 'shanghai', partNo: 'P-BOARD', name: 'Controller board', onHand: 0, reserved: 0, available: 0, waiting: 1 },
  ]);
  const waiting = await ok(get(store, '/api/v1/part-requests?status=waiting_stock'));
  expect(waiting.items.map((r: View) => r.id)).toEqual([requests.r8.id]);
  // The store sees the issue work items only for what is ready; the supervisor nothing left to decide.
  expect((await api.tasks(p.service_supervisor)).filter((t) => t.caseType === 'part_request')).toEqual([]);
});

test('O4: refusals: wrong role 403, wrong state 409, bad data 400 naming the field; none changes anything', async () => {
  const before = await ok(get(p.service_supervisor, `/api/v1/part-requests/${requests.r8.id}`));
  const clerkApproves = await post(p.clerk, `/api/v1/part-requests/${requests.r8.id}/actions`, { action: 'approve' });
  expectStatus(clerkApproves, 403);
  const techIssues = await post(p.tech, `/api/v1/part-requests/${requests.r8.id}/actions`, { action: 'issue' });
  expectStatus(techIssues, 403);
  const issueWaiting = await post(store, `/api/v1/part-requests/${requests.r8.id}/actions`, { action: 'issue' });
  expectStatus(issueWaiting, 409);
  expect(issueWaiting.body.error.code).toBe('wrong_stage');
  const approveAgain = await post(p.service_supervisor, `/api/v1/part-requests/${requests.r8.id}/actions`, { action: 'approve' });
  expectStatus(approveAgain, 409);
  const tooMany = await post(p.tech2, `/api/v1/part-requests/${requests.r3.id}/actions`, { action: 'record_replaced', lines: [{ partNo: 'P-FUSE', quantity: 1 }] });
  expectStatus(tooMany, 409); // the request is closed
  const notOnCall = await post(p.tech, '/api/v1/part-requests', { callId: calls.c3.id, lines: [{ partNo: 'P-BOARD', quantity: 1 }], reason: 'x' });
  expectStatus(notOnCall, 403); // not the technician assigned to the call
  const closedCall = await post(p.tech2, '/api/v1/part-requests', { callId: calls.c3.id, lines: [{ partNo: 'P-BOARD', quantity: 1 }], reason: 'x' });
  expectStatus(closedCall, 409);
  const badLines = await post(p.tech, '/api/v1/part-requests', { callId: calls.c8.id, lines: [{ partNo: 'M-SERVICE', quantity: 1 }, { partNo: 'P-NONE', quantity: 0 }], reason: 'x' });
  expectStatus(badLines, 400);
  expect(badLines.body.error.details.map((d: { field: string }) => d.field)).toEqual(['lines.1.quantity']);
  const notStocked = await post(p.tech, '/api/v1/part-requests', { callId: calls.c8.id, lines: [{ partNo: 'M-SERVICE', quantity: 1 }, { partNo: 'P-NONE', quantity: 1 }], reason: 'x' });
  expectStatus(notStocked, 400);
  expect(notStocked.body.error.details).toEqual([
    { field: 'lines.0.partNo', message: 'is a maintenance item, not a stocked part' },
    { field: 'lines.1.partNo', message: 'is not on the price list' },
  ]);
  expect(await ok(get(p.service_supervisor, `/api/v1/part-requests/${requests.r8.id}`))).toEqual(before);
  expect(await stack.db.partRequest.count()).toBe(5);
  // A price change applies from now on: the parts already issued keep their price.
  await ok(stack.http.patch('/api/v1/parts/P-FUSE').set(bearer(p.service_dept.token)).send({ price: '9.50' }));
  expectStatus(await stack.http.patch('/api/v1/parts/P-FUSE').set(bearer(store.token)).send({ price: '1' }), 403);
  expect((await ok(get(p.accounting, `/api/v1/part-requests/${requests.r3.id}`))).lines[1].unitPrice).toBe('8.00');
  // A technician reads only their own requests.
  expect((await ok(get(tech3, '/api/v1/part-requests'))).items.map((r: View) => r.id).sort()).toEqual([requests.r6a.id, requests.r6b.id].sort());
  expectStatus(await get(tech3, `/api/v1/part-requests/${requests.r3.id}`), 403);
});

test('O1: every goal of the month against a hand count, with its target, met or missed, and the trend', async () => {
  const days = parsePeriod(month)!.days;
  const r = await ok(get(p.service_dept, `/api/v1/kpis?period=${month}`));
  expect(r).toMatchObject({ period: month, region: null });
  // Surveys: (100 + 93.75 + 75) / 3 = 89.58 < 93: missed.
  expect(r.goals.satisfaction_index).toMatchObject({ value: 89.58, target: { comparison: 'at_least', value: 93 }, met: false, counts: { surveys: 3, scoreSum: 268.75 } });
  // Closed: c1–c5; c2 repeats c1 (same serial, same fault, 0 days after): 1 / 5 = 20% ≥ 2%: missed.
  expect(r.goals.repeat_repair_rate).toMatchObject({ value: 20, met: false, counts: { closedCalls: 5, repeats: 1, windowDays: 30 } });
  // In-warranty requests decided: r3 approved, r8 approved (waiting), r4 rejected: 2 / 3.
  expect(r.goals.warranty_claim_approval_rate).toMatchObject({ value: 66.67, met: false, counts: { decided: 3, approved: 2, rejected: 1 } });
  // 8 calls registered (c1–c8) over the month's days.
  expect(r.goals.calls_per_day).toMatchObject({ value: Math.round((8 / days) * 100) / 100, met: false, counts: { registered: 8, days } });
  // Fees 300.00 + 500.00 on the two closed paid calls (c6 is open): 400.00 a job.
  expect(r.goals.revenue_per_job).toMatchObject({ value: 400, met: false, counts: { fees: '800.00', completedCategoryA: 2 } });
  // The three months before had nothing.
  expect(r.goals.revenue_per_job.trend).toHaveLength(3);
  expect(r.goals.revenue_per_job.trend.every((t: View) => t.value === null && t.met === null)).toBe(true);

  // The same for today and this ISO week; a region counts its own centres only.
  const week = periodContaining('week', today).text;
  for (const period of [today, week]) {
    const x = await ok(get(p.vp, `/api/v1/kpis?period=${period}&trend=1`));
    expect(x.goals.repeat_repair_rate.counts).toMatchObject({ closedCalls: 5, repeats: 1 });
    expect(x.goals.calls_per_day.counts).toEqual({ registered: 8, days: parsePeriod(period)!.days });
    expect(x.goals.satisfaction_index.trend).toHaveLength(1);
  }
  // A trend that is not a whole number from 0 to 12 (an empty one included) is refused, naming it.
  for (const trend of ['', '13', '1.5']) {
    const refused = await get(p.vp, `/api/v1/kpis?period=${today}&trend=${trend}`);
    expect([refused.status, refused.body.error.details[0].field]).toEqual([400, 'trend']);
  }
  const north = await ok(get(p.service_dept, `/api/v1/kpis?period=${month}&region=north`));
  // Beijing: c3 (75) surveyed; c3, c4 closed, no repeat; r3 approved, r4 rejected; c3, c4, c7 registered; no paid call closed.
  expect(north.goals.satisfaction_index).toMatchObject({ value: 75, counts: { surveys: 1 } });
  expect(north.goals.repeat_repair_rate).toMatchObject({ value: 0, met: true, counts: { closedCalls: 2, repeats: 0 } });
  expect(north.goals.warranty_claim_approval_rate).toMatchObject({ value: 50, counts: { decided: 2, approved: 1 } });
  expect(north.goals.calls_per_day.counts.registered).toBe(3);
  expect(north.goals.revenue_per_job).toMatchObject({ value: null, met: null });

  const csv = await get(p.service_dept, `/api/v1/kpis?period=${month}&format=csv`);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['section,key,field,value', 'goal,revenue_per_job,value,400', 'goal,revenue_per_job,met,missed']));
  const html = await get(p.service_dept, `/api/v1/kpis?period=${month}&format=html`);
  expect(html.headers['content-type']).toMatch(/^text\/html/);
  expect(html.text).toContain(`<h1>Service goals ${month}</h1>`);
  expectStatus(await get(p.tech, `/api/v1/kpis?period=${month}`), 403);
  const bad = await get(p.service_dept, '/api/v1/kpis?period=2026-W60');
  expectStatus(bad, 400);
  expect(bad.body.error.details[0].field).toBe('period');
});

test('O2: activities and points per type, technician and region with the ranking, per day and week', async () => {
  const r = await ok(get(p.service_dept, `/api/v1/reports/activity-points?period=${month}`));
  // c1 commissioning 20 (Tang); c2 repair 12 (Tang); c3 repair 12 and c4 emergency 25 (Song); c5 maintenance 10 (Lu);
  // internal: training 5 (Lu, Hangzhou), internal 2 (Song, Beijing). The later change of repair to 30 counts for none of them.
  expect(r.totals).toEqual({ count: 7, points: 86 });
  const type = (t: string) => r.byType.find((x: View) => x.type === t);
  expect([type('commissioning'), type('repair'), type('emergency'), type('maintenance'), type('training'), type('internal'), type('assembly')].map((x: View) => [x.type, x.count, x.points])).toEqual([
    ['commissioning', 1, 20],
    ['repair', 2, 24],
    ['emergency', 1, 25],
    ['maintenance', 1, 10],
    ['training', 1, 5],
    ['internal', 1, 2],
    ['assembly', 0, 0],
  ]);
  // Song 39, Tang 32, Lu 15.
  expect(r.byTechnician.map((x: View) => [x.rank, x.name, x.count, x.points])).toEqual([
    [1, p.tech2.name, 3, 39],
    [2, p.tech.name, 2, 32],
    [3, tech3.name, 2, 15],
  ]);
  // East (Shanghai + Hangzhou) 32 + 15 = 47 in 4; North (Beijing) 39 in 3.
  expect(r.byRegion).toEqual([
    { rank: 1, region: 'east', count: 4, points: 47 },
    { rank: 2, region: 'north', count: 3, points: 39 },
  ]);
  expect(r.byDay.find((d: View) => d.date === today)).toEqual({ date: today, count: 7, points: 86 });
  expect(r.byDay).toHaveLength(parsePeriod(month)!.days);
  expect(r.byWeek.find((w: View) => w.week === periodContaining('week', today).text)).toMatchObject({ count: 7, points: 86 });

  const east = await ok(get(p.service_dept, `/api/v1/reports/activity-points?period=${today}&region=east`));
  expect(east.totals).toEqual({ count: 4, points: 47 });
  expect(east.byTechnician.map((x: View) => [x.rank, x.name, x.points])).toEqual([
    [1, p.tech.name, 32],
    [2, tech3.name, 15],
  ]);
  const types = await ok(get(p.tech, '/api/v1/activity-types'));
  expect(types.items.find((t: View) => t.type === 'repair')).toMatchObject({ points: 30, defaultPoints: 10, updatedBy: p.service_dept.name });
  const csv = await get(p.service_supervisor, `/api/v1/reports/activity-points?period=${month}&format=csv`);
  expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining([`technician,${p.tech2.id},points,39`, 'region,east,rank,1', 'total,total,points,86']));
  expectStatus(await put(p.service_supervisor, '/api/v1/activity-types/repair', { points: 1 }), 403);
});

test('O3: actual against budget from the records, the variance, and one warning per category passed', async () => {
  const r = await ok(get(p.service_dept, `/api/v1/reports/service-costs?month=${month}`));
  const c = (k: string) => r.categories.find((x: View) => x.category === k);
  // Materials: r3 issued 120.50 + 4 × 3.20 = 133.30, 2 fuses back −6.40; r6b's waived fuses 2 × 3.20 = 6.40; r6a's pump is the customer's.
  expect(c('materials')).toMatchObject({
    budget: '160.00',
    actual: '133.30',
    bySource: { parts_warranty: '126.90', parts_contract: '0.00', parts_waived: '6.40', claim: '0.00' },
    variance: '26.70',
    usedPercent: 83.31,
    warned: true,
  });
  expect(c('vehicles')).toMatchObject({ budget: '240.00', actual: '240.00', variance: '0.00', usedPercent: 100, warned: true });
  expect(c('travel')).toMatchObject({ budget: '1300.00', actual: '130.00', variance: '1170.00', usedPercent: 10, warned: false });
  expect(c('communications')).toMatchObject({ actual: '0.00', warned: false }); // the claim was rejected
  expect(c('office')).toMatchObject({ actual: '0.00' }); // the claim is pending
  // 133.30 + 240.00 + 130.00 = 503.30 of 4,000.00.
  expect(r.total).toMatchObject({ budget: '4000.00', actual: '503.30', variance: '3496.70', usedPercent: 12.58 });
  expect(r.claimsPending).toEqual({ count: 1, amount: '20.00' });

  // The service department head was told once per category: materials when r3 was issued (83.31%), vehicles on approval.
  const notices = await ok(get(p.service_dept, '/api/v1/notices?type=warning&mine=true'));
  expect(notices.items.map((n: View) => [n.caseId, n.stage])).toEqual([
    [month, 'materials'],
    [month, 'vehicles'],
  ]);
  expect(notices.items[0].message).toMatch(/Materials and installation has reached 133\.30 of its 160\.00 yuan budget \(83\.31%, warning at 80%\)/);
  // Setting the budget again (higher) warns no second time.
  await ok(put(p.service_dept, `/api/v1/service-budgets/${month}`, { categories: { materials: 100, vehicles: 240, travel: 1300, communications: 600, business: 500, office: 200, other: 1000 } }));
  expect(await stack.db.notice.count({ where: { caseType: 'service_budget' } })).toBe(2);
  const budget = await ok(get(p.accounting, `/api/v1/service-budgets/${month}`));
  expect(budget).toMatchObject({ month, total: '3940.00', setBy: p.service_dept.name });
  expect(budget.categories[0]).toEqual({ category: 'materials', label: 'Materials and installation', amount: '100.00' });

  const html = await get(p.vp, `/api/v1/reports/service-costs?month=${month}&format=html`);
  expectStatus(html, 200);
  expect(html.text).toContain('<td>materials</td><td>Materials and installation</td><td>100.00</td><td>133.30</td>');
  expectStatus(await get(p.tech, `/api/v1/reports/service-costs?month=${month}`), 403);
  const missing = await put(p.service_dept, `/api/v1/service-budgets/${month}`, { categories: { materials: 1 } });
  expectStatus(missing, 400);
  expect(missing.body.error.details.map((d: { field: string }) => d.field)).toContain('categories.vehicles');
  const claims = await ok(get(p.tech, `/api/v1/cost-claims?month=${month}`));
  expect(claims.items.map((x: View) => [x.category, x.status])).toEqual([
    ['office', 'submitted'],
    ['vehicles', 'approved'],
  ]);
});

test('O3, O4: budgets and prices above 21,474,836.47 yuan are kept to the fen on either database', async () => {
  const big = { materials: '50000000.55', vehicles: 21474836.48, travel: 0, communications: 0, business: 0, office: 0, other: '9999999999.99' };
  await ok(put(p.service_dept, '/api/v1/service-budgets/2027-01', { categories: big }), 201);
  const budget = await ok(get(p.service_dept, '/api/v1/service-budgets/2027-01'));
  expect(budget.categories.find((c: View) => c.category === 'materials').amount).toBe('50000000.55');
  expect(budget.categories.find((c: View) => c.category === 'vehicles').amount).toBe('21474836.48');
  // 50,000,000.55 + 21,474,836.48 + 9,999,999,999.99 = 10,071,474,837.02.
  expect(budget.total).toBe('10071474837.02');
  const report = await ok(get(p.service_dept, '/api/v1/reports/service-costs?month=2027-01'));
  expect(report.total).toMatchObject({ budget: '10071474837.02', actual: '0.00', variance: '10071474837.02' });
  const part = await ok(post(p.service_dept, '/api/v1/parts', { partNo: 'PRESS-LINE', name: 'Press line', cost: '30000000.00', price: '45000000.01' }), 201);
  expect(part).toMatchObject({ cost: '30000000.00', price: '45000000.01' });
});

test('O4: the month of spare parts per region against a hand count', async () => {
  const r = await ok(get(store, `/api/v1/reports/parts?month=${month}`));
  // Requests r3, r4, r6a, r6b, r8; r4 rejected; r3, r6a, r6b issued; r8 waiting.
  expect(r.requests).toEqual({ received: 5, approved: 4, rejected: 1, issued: 3, waitingNow: 1 });
  expect(r.replaced).toEqual([
    { kind: 'warranty', bearer: 'company', pieces: 3, cost: '126.90', charged: '0.00' }, // 1 board + 2 fuses
    { kind: 'contract', bearer: 'company', pieces: 0, cost: '0.00', charged: '0.00' },
    { kind: 'paid_waived', bearer: 'company', pieces: 2, cost: '6.40', charged: '0.00' },
    { kind: 'paid', bearer: 'customer', pieces: 1, cost: '850.00', charged: '1200.00' },
  ]);
  expect(r.bearers).toEqual({ company: { pieces: 5, cost: '133.30' }, customer: { pieces: 1, cost: '850.00', charged: '1200.00' } });
  expect(r.byRegion).toEqual([
    { region: 'east', inWarranty: { pieces: 0, cost: '0.00' }, outsideWarranty: { pieces: 3, cost: '856.40', charged: '1200.00' } },
    { region: 'north', inWarranty: { pieces: 3, cost: '126.90' }, outsideWarranty: { pieces: 0, cost: '0.00', charged: '0.00' } },
  ]);
  expect(r.byPart).toEqual([
    { partNo: 'P-BOARD', name: 'Controller board', pieces: 1, cost: '120.50', charged: '0.00' },
    { partNo: 'P-FUSE', name: 'Fuse 5A', pieces: 4, cost: '12.80', charged: '0.00' },
    { partNo: 'P-PUMP', name: 'Circulation pump', pieces: 1, cost: '850.00', charged: '1200.00' },
  ]);
  // Received 2 + 10 + 2 + 5 = 19; issued 5 + 1 + 2 = 8; returned 2.
  expect(r.movements).toEqual({ received: 19, issued: 8, returned: 2 });
  const north = await ok(get(p.service_dept, `/api/v1/reports/parts?month=${month}&region=north`));
  expect(north.requests).toEqual({ received: 2, approved: 1, rejected: 1, issued: 1, waitingNow: 0 });
  expect(north.movements).toEqual({ received: 12, issued: 5, returned: 2 });
  const csv = await get(p.service_dept, `/api/v1/reports/parts?month=${month}&format=csv`);
  expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['replaced,paid,charged,1200.00', 'region,north,in_warranty_cost,126.90']));
});

test('O5: requests received, execution orders issued, receipts returned and the execution rate, per region', async () => {
  const r = await ok(get(p.service_dept, `/api/v1/reports/service-orders?period=${month}`));
  // 8 received; all but c7 dispatched (7); c1–c5 closed with the customer's signature (5).
  expect(r.total).toEqual({ received: 8, ordersIssued: 7, receiptsReturned: 5, executionRate: 87.5, receiptRate: 71.43 });
  expect(r.byRegion).toEqual([
    { region: 'east', received: 5, ordersIssued: 5, receiptsReturned: 3, executionRate: 100, receiptRate: 60 },
    { region: 'north', received: 3, ordersIssued: 2, receiptsReturned: 2, executionRate: 66.67, receiptRate: 100 },
  ]);
  const day = await ok(get(p.branch_manager, `/api/v1/reports/service-orders?period=${today}&region=north`));
  expect(day.total).toEqual({ received: 3, ordersIssued: 2, receiptsReturned: 2, executionRate: 66.67, receiptRate: 100 });
  const csv = await get(p.service_dept, `/api/v1/reports/service-orders?period=${month}&format=csv`);
  expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['orders,total,execution_rate,87.5', 'orders,north,received,3']));
  const html = await get(p.service_dept, `/api/v1/reports/service-orders?period=${month}&format=html`);
  expect(html.text).toContain('<td>total</td><td>8</td><td>7</td><td>5</td><td>87.5</td><td>71.43</td>');
});
