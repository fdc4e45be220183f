// End to end through HTTP on the real stack (API + worker + Temporal dev server + database):
// closing complaints produces, on its own, each case's accountability (allocation P9, P12, P15),
// the GM office's proposal and the GM's approval (P2) with refusals that change nothing (G2, G5),
// the resale outcome (P8), the charges (P10, P13) and the month's ledger with its cap (P14), the
// notices in three copies (P2), HR's publication (P1) and the monthly statistics (C12), readable as
// JSON, CSV and HTML, by the roles allowed to read personal data and by each person for themself.
import { monthOf } from '../../domain/accountability/ledger';
import { reviewDueAt } from '../../domain/accountability/review';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type Party, type Person, complaints, eventually, expectStatus, partyOf } from './accountabilityHelpers';

jest.setTimeout(180_000);

let stack: TestStack;
let who: Party;
let api: ReturnType<typeof complaints>;
let month: string;
let stranger: Person; // a second salesperson, with no person record

const GROUP = 'manufacturing/section-2/group-3';

beforeAll(async () => {
  stack = await startTestStack();
  who = await partyOf(stack);
  api = complaints(stack, who);
  stranger = await stack.user(['sales'], 'Other Sales');
  month = monthOf(new Date(), stack.config.timeZone);
  const people: [string, Record<string, unknown>][] = [
    ['p-a', { name: 'An Ping', unit: GROUP, basePoints: '1.20' }],
    ['p-b', { name: 'Bai Lu', unit: GROUP, basePoints: 1 }],
    ['p-c', { name: 'Cao Yu', unit: 'Manufacturing/Section-2/Group-3', basePoints: '0.8' }],
    ['p-li', { name: 'Li Sales', unit: 'sales/east', basePoints: '1.00', userId: who.sales.id }],
  ];
  for (const [id, body] of people) expectStatus(await stack.http.put(`/api/v1/people/${id}`).set(bearer(who.hr.token)).send(body), 201);
  const bonuses: [string, string, string][] = [
    ['p-a', '1000', '600'],
    ['p-b', '1000', '600'],
    ['p-c', '800', '500'],
    ['p-li', '5000', '2000'],
  ];
  for (const [id, efficiencyBonus, performanceBonus] of bonuses) {
    expectStatus(await stack.http.put(`/api/v1/bonuses/${month}/${id}`).set(bearer(who.accounting.token)).send({ efficiencyBonus, performanceBonus }), 201);
  }
});

afterAll(async () => {
  await stack?.stop();
});

const get = (path: string, by: Person) => stack.http.get(path).set(bearer(by.token));
const act = (id: string, by: Person, body: Record<string, unknown>) => stack.http.post(`/api/v1/accountability/${id}/actions`).set(bearer(by.token)).send(body);
const accountability = (id: string) =>
  eventually('the case accountability', async () => (await get(`/api/v1/accountability/${id}`, who.gm_office)).body, (b) => b.caseId === id);

test('master data: base points and bonuses are set by HR and accounting, refused to others, and validated (G5)', async () => {
  expectStatus(await stack.http.put('/api/v1/people/p-x').set(bearer(who.sales.token)).send({ name: 'X', unit: 'sales', basePoints: 1 }), 403);
  const bad = await stack.http.put('/api/v1/people/p-x').set(bearer(who.hr.token)).send({ name: 'X', unit: 'sales east!', basePoints: '1.234' });
  expectStatus(bad, 400);
  expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['basePoints', 'unit']);
  expectStatus(await stack.http.put(`/api/v1/bonuses/${month}/p-nobody`).set(bearer(who.accounting.token)).send({ efficiencyBonus: '1', performanceBonus: '1' }), 404);
  const person = await get('/api/v1/people/p-c', who.hr);
  expectStatus(person, 200);
  expect(person.body).toMatchObject({ unit: GROUP, basePoints: '0.80' });
});

test('P2, P9, P10, P12, P13, G2: a joint fault closed through the API is allocated, proposed, approved and charged on its own', async () => {
  const closed = await api.closed({
    responsibility: [
      { department: GROUP, ratio: 0.6 },
      { department: 'sales', person: 'p-li', ratio: 0.4 },
    ],
    lossAmount: '4321.50',
  });
  const opened = await accountability(closed.id);
  expect(opened).toMatchObject({ caseNumber: closed.number, status: 'awaiting_proposal', loss: { atClosing: '4321.50', fixed: null }, awaiting: [{ roles: ['gm_office'], action: 'propose' }] });
  expect(opened.allocations.map((a: any) => [a.amount, a.chargedTo, a.scope, a.status])).toEqual([
    ['2592.90', GROUP, 'group', 'provisional'],
    ['1728.60', 'p-li', 'individual', 'provisional'],
  ]);
  const tasks = await eventually('the proposal task', async () => (await get('/api/v1/tasks', who.gm_office)).body.items as any[], (t) => t.some((x) => x.caseId === closed.id));
  // P1: the proposal is due before the 10th of the month after closing, in the company's time zone.
  const due = reviewDueAt(new Date(opened.closedAt), stack.config.timeZone).toISOString();
  expect(opened.reviewDueAt).toBe(due);
  expect(tasks.find((x) => x.caseId === closed.id)).toMatchObject({ caseType: 'accountability', action: 'penalty_proposal', dueAt: due, overdue: false });

  // Refusals change nothing (G2, G5).
  const proposal = {
    action: 'propose',
    resale: false,
    lines: [
      { entry: 0, ground: 'materials_not_per_spec', level: 'none' },
      { entry: 1, ground: 'order_entry_error', level: 'warning' },
    ],
  };
  expectStatus(await act(closed.id, who.sales, proposal), 403);
  expectStatus(await act(closed.id, who.gm, { action: 'approve' }), 409);
  const missing = await act(closed.id, who.gm_office, { ...proposal, lines: proposal.lines.slice(0, 1) });
  expectStatus(missing, 400);
  expect(missing.body.error.details).toEqual([{ field: 'lines', message: expect.stringMatching(/party 1/) }]);
  const unknown = await act(closed.id, who.gm_office, { ...proposal, lines: [proposal.lines[0], { ...proposal.lines[1], chargeTo: { person: 'p-nobody' } }] });
  expectStatus(unknown, 400);
  expect(unknown.body.error.details[0].field).toBe('lines.1.chargeTo.person');
  const badGround = await act(closed.id, who.gm_office, { ...proposal, lines: [{ ...proposal.lines[0], ground: 'bad luck' }, proposal.lines[1]] });
  expectStatus(badGround, 400);
  expect(badGround.body.error.details[0].field).toBe('lines.0.ground');
  const untouched = (await get(`/api/v1/accountability/${closed.id}`, who.auditor)).body;
  expect(untouched).toMatchObject({ status: 'awaiting_proposal', proposal: null });

  const proposed = await act(closed.id, who.gm_office, proposal);
  expectStatus(proposed, 200);
  expect(proposed.body).toMatchObject({ status: 'awaiting_approval', awaiting: [{ roles: ['gm'], action: 'approve' }] });
  expectStatus(await act(closed.id, who.gm_office, { action: 'approve' }), 403);
  const approved = await act(closed.id, who.gm, { action: 'approve', comment: 'Agreed' });
  expectStatus(approved, 200);
  expect(approved.body).toMatchObject({ status: 'settled', loss: { fixed: '4321.50' }, publication: { required: true } });
  expect(approved.body.settlement.charges.map((c: any) => [c.personId, c.share, c.minimum, c.charge])).toEqual([
    ['p-a', '1037.16', '0.00', '1037.16'],
    ['p-b', '864.30', '0.00', '864.30'],
    ['p-c', '691.44', '0.00', '691.44'],
    ['p-li', '1728.60', '400.00', '1728.60'],
  ]);

  // P2: one notice per penalised party, three copies each, printable.
  const notices = (await get(`/api/v1/penalty-notices?caseId=${closed.id}`, who.accounting)).body.items as any[];
  expect(notices.map((n) => [n.party, n.copies, n.final])).toEqual([
    [GROUP, ['gm_office', 'accounting', GROUP], true],
    ['p-li', ['gm_office', 'accounting', 'p-li'], true],
  ]);
  const printed = await get(`/api/v1/penalty-notices/${notices[0].number}?format=html`, who.gm_office);
  expectStatus(printed, 200);
  expect(printed.headers['content-type']).toMatch(/text\/html/);
  expect(printed.text.match(/<section/g)).toHaveLength(3);
  expect(printed.text).toContain('1037.16');

  // P1: the warning goes to HR to publish.
  const hrTasks = await eventually('the publication task', async () => (await get('/api/v1/tasks', who.hr)).body.items as any[], (t) => t.some((x) => x.caseId === closed.id));
  expect(hrTasks.find((x) => x.caseId === closed.id)).toMatchObject({ action: 'penalty_publication' });
  expectStatus(await act(closed.id, who.gm_office, { action: 'publish' }), 403);
  const published = await act(closed.id, who.hr, { action: 'publish', reference: 'Bulletin 2026-47' });
  expectStatus(published, 200);
  expect(published.body.publication).toMatchObject({ required: true, reference: 'Bulletin 2026-47' });
  await eventually('the HR task done', async () => (await get('/api/v1/tasks', who.hr)).body.items as any[], (t) => !t.some((x) => x.caseId === closed.id));
  expectStatus(await act(closed.id, who.hr, { action: 'publish' }), 409);
});

test("P8, P9: one person's fault with goods to resell: the sale's shortfall fixes the loss", async () => {
  const closed = await api.closed({ responsibility: [{ department: 'manufacturing', person: 'p-a', ratio: 1 }], lossAmount: '10000' });
  await accountability(closed.id);
  expectStatus(await act(closed.id, who.gm_office, { action: 'propose', lines: [{ entry: 0, ground: 'inspection_data_mismatch', level: 'minor_demerit' }] }), 200);
  const approved = await act(closed.id, who.gm, { action: 'approve' });
  expect(approved.body).toMatchObject({ status: 'resale_window', resale: { required: true } });
  expect(Date.parse(approved.body.resale.dueAt) - Date.parse(approved.body.decision.at)).toBe(30 * 86_400_000);
  const missing = await act(closed.id, who.sales, { action: 'record_resale', outcome: 'sold', saleAmount: '7000' });
  expectStatus(missing, 400);
  expect(missing.body.error.details).toEqual([{ field: 'aGradeAmount', message: expect.any(String) }]);
  expectStatus(await act(closed.id, who.warehouse, { action: 'record_resale', outcome: 'not_sold' }), 403);
  const sold = await act(closed.id, who.sales, { action: 'record_resale', outcome: 'sold', saleAmount: '7000', aGradeAmount: '9000' });
  expectStatus(sold, 200);
  // The salesperson is not entitled to the penalties: the answer leaves them out.
  expect(sold.body).toMatchObject({ status: 'settled', loss: { fixed: '2000.00', basis: expect.stringMatching(/shortfall/) } });
  expect(sold.body).not.toHaveProperty('settlement');
  const full = (await get(`/api/v1/accountability/${closed.id}`, who.accounting)).body;
  // P10: 2000.00 share against the minor-demerit minimum 800 × 1.20 = 960.00.
  expect(full.settlement.charges.map((c: any) => [c.personId, c.share, c.minimum, c.charge])).toEqual([['p-a', '2000.00', '960.00', '2000.00']]);
  expectStatus(await act(closed.id, who.hr, { action: 'publish' }), 200);
});

test('P13, P14: the month\'s penalties and ledger as JSON, CSV and HTML; deductions capped at 50% of the efficiency bonus', async () => {
  const res = await eventually('five charges', async () => (await get(`/api/v1/penalties?month=${month}`, who.accounting)).body, (b) => b.items?.length === 5);
  const ledger = Object.fromEntries((res.ledger as any[]).map((l) => [l.personId, l]));
  // p-a: 1037.16 + 2000.00 owed against 1000.00 efficiency bonus: 500.00 deducted, 2537.16 carried.
  expect(ledger['p-a']).toMatchObject({ settled: false, charged: '3037.16', efficiencyBonus: '1000.00', cap: '500.00', deducted: '500.00', carriedForward: '2537.16' });
  expect(ledger['p-c']).toMatchObject({ charged: '691.44', cap: '400.00', deducted: '400.00', carriedForward: '291.44' });
  expect(ledger['p-li']).toMatchObject({ charged: '1728.60', cap: '2500.00', deducted: '1728.60', carriedForward: '0.00' });

  const csv = await get(`/api/v1/penalties?month=${month}&format=csv`, who.gm);
  expectStatus(csv, 200);
  expect(csv.headers['content-type']).toMatch(/text\/csv/);
  const lines = csv.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('month,case,personId,personName,chargedTo,ground,level,allocated,share,minimum,charge,performanceForfeit,ledgerMonth,basis');
  expect(lines).toHaveLength(6);
  expect(lines.some((l) => l.includes(',p-li,Li Sales,p-li,order_entry_error,warning,1728.60,1728.60,400.00,1728.60,false,,'))).toBe(true);
  const html = await get(`/api/v1/penalties?month=${month}&format=html`, who.auditor);
  expectStatus(html, 200);
  expect(html.text).toContain(`<h1>Penalties ${month}</h1>`);
  const ledgerCsv = await get(`/api/v1/ledger?month=${month}&format=csv`, who.hr);
  expect(ledgerCsv.text.split('\r\n')[0]).toBe('month,personId,personName,settled,broughtForward,charged,efficiencyBonus,cap,deducted,carriedForward,performanceForfeit');

  // The month is not over: it is settled after it ends (by the monthly schedule).
  expectStatus(await stack.http.post(`/api/v1/ledger/${month}/settle`).set(bearer(who.accounting.token)), 409);
});

test('personal data: penalties and bonuses only for the accounting roles and the person concerned', async () => {
  const own = await get(`/api/v1/penalties?month=${month}`, who.sales); // the sales user is linked to p-li
  expectStatus(own, 200);
  expect(own.body.items.map((c: any) => c.personId)).toEqual(['p-li']);
  expect(own.body.ledger.map((l: any) => l.personId)).toEqual(['p-li']);
  expectStatus(await get(`/api/v1/penalties?month=${month}&personId=p-a`, who.sales), 403);
  expectStatus(await get(`/api/v1/penalties?month=${month}`, stranger), 403);
  expectStatus(await get(`/api/v1/penalties?month=${month}`, who.qa), 403);
  expectStatus(await get(`/api/v1/bonuses?month=${month}`, who.manufacturing), 403);
  expect((await get(`/api/v1/bonuses?month=${month}`, who.sales)).body.items.map((b: any) => b.personId)).toEqual(['p-li']);
  expect((await get(`/api/v1/bonuses?month=${month}`, who.auditor)).body.items).toHaveLength(4);
  expect((await get('/api/v1/penalty-notices', who.sales)).body.items.map((n: any) => n.party)).toEqual(['p-li']);
  expectStatus(await get('/api/v1/people/p-a', who.sales), 403);
  expectStatus(await get('/api/v1/accountability', who.sales), 403);
});

test('C12, C19: the monthly statistics, compiled by the GM office, as JSON, CSV and printable HTML', async () => {
  expectStatus(await stack.http.post('/api/v1/reports/complaints/monthly').set(bearer(who.qa.token)).send({ month }), 403);
  const future = await stack.http.post('/api/v1/reports/complaints/monthly').set(bearer(who.gm_office.token)).send({ month: '2999-01' });
  expectStatus(future, 400);
  expect(future.body.error.details[0].field).toBe('month');
  const provisional = await get(`/api/v1/reports/complaints/monthly?month=${month}`, who.qa);
  expectStatus(provisional, 200);
  expect(provisional.body.provisional).toBe(true);

  const compiled = await stack.http.post('/api/v1/reports/complaints/monthly').set(bearer(who.gm_office.token)).send({ month });
  expectStatus(compiled, 200);
  const r = compiled.body.report;
  expect(compiled.body).toMatchObject({ provisional: false, version: 1 });
  expect(r.totals).toMatchObject({ closed: 2, lossAtClosing: '14321.50', lossFixed: '6321.50', casesWithLossFixed: 2 });
  expect(r.responsibility).toEqual([
    { department: 'manufacturing', units: ['manufacturing', GROUP], cases: 2, ratioSum: '1.6000', averageRatio: '0.8000', loss: '12592.90', lossShare: '87.93%' },
    { department: 'sales', units: ['sales'], cases: 1, ratioSum: '0.4000', averageRatio: '0.4000', loss: '1728.60', lossShare: '12.06%' },
  ]);
  expect(r.penaltyGrounds.map((g: any) => [g.ground, g.count])).toEqual([
    ['materials_not_per_spec', 1],
    ['order_entry_error', 1],
    ['inspection_data_mismatch', 1],
  ]);
  expect(r.causes).toEqual([{ cause: 'Burr left by a worn mould', count: 2 }]);
  expect(r.timeliness.map((t: any) => t.department)).toEqual(expect.arrayContaining(['gm_office', 'qa', 'manufacturing', 'sales']));
  expect(r.countermeasures.every((c: any) => c.status === 'tracked')).toBe(true);
  expect(r.penaltiesToApprove).toEqual([]);

  const stored = await get(`/api/v1/reports/complaints/monthly?month=${month}`, who.manufacturing);
  expect(stored.body).toMatchObject({ provisional: false, version: 1, report: { compiledAt: r.compiledAt } });
  const csv = await get(`/api/v1/reports/complaints/monthly?month=${month}&format=csv`, who.rnd);
  expect(csv.headers['content-type']).toMatch(/text\/csv/);
  expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['section,key,field,value', 'responsibility,manufacturing,ratioSum,1.6000', 'penalty_ground,inspection_data_mismatch,count,1']));
  const html = await get(`/api/v1/reports/complaints/monthly?month=${month}&format=html`, who.gm);
  expect(html.headers['content-type']).toMatch(/text\/html/);
  expect(html.text).toContain(`Complaint statistics ${month}`);
  expect(html.text).not.toContain('provisional');
  // No personal data in the statistics.
  expect(JSON.stringify(r)).not.toContain('p-li');
});
