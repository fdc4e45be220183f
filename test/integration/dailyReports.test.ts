// Daily reports through HTTP on the real stack: internal work (D) without a call and the
// technician daily report (S10), the supervisor daily report over the technicians (S11), its
// sign-off by the branch manager and forwarding to the service department (S12), in JSON and CSV.
import { addDays, localDateIn } from '../../domain/localTime';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type Person, type ServiceParty, eventually, expectStatus, servicePartyOf, serviceApi } from './serviceHelpers';

jest.setTimeout(120_000);

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;
let today: string;

beforeAll(async () => {
  stack = await startTestStack({ SURVEY_DELAY: '1h' });
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
  today = localDateIn(stack.config.timeZone, new Date());
});
afterAll(async () => {
  await stack?.stop();
});

const internal = (by: Person, body: Record<string, unknown>) => stack.http.post('/api/v1/internal-work').set(bearer(by.token)).send(body);
const get = (by: Person, url: string) => stack.http.get(url).set(bearer(by.token));

test('S1, S10: a technician logs internal work (D) without a call; refusals name the field', async () => {
  const res = await internal(p.tech2, { date: today, minutes: 30, description: 'Tool upkeep: calibrated the multimeters' });
  expectStatus(res, 201);
  expect(res.body).toMatchObject({ technicianId: p.tech2.id, date: today, category: 'D', minutes: 30 });
  const future = await internal(p.tech2, { date: addDays(today, 2), minutes: 30, description: 'x' });
  expectStatus(future, 400);
  expect(future.body.error.details[0].field).toBe('date');
  const bad = await internal(p.tech2, { date: '2026-02-30', minutes: 0, description: '' });
  expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['date', 'description', 'minutes']);
  expectStatus(await internal(p.clerk, { date: today, minutes: 30, description: 'x' }), 403);
  // Idempotent with a key.
  const key = `d-${Date.now()}`;
  const a = await stack.http.post('/api/v1/internal-work').set(bearer(p.tech2.token)).set('Idempotency-Key', key).send({ date: today, minutes: 15, description: 'Short training' });
  const b = await stack.http.post('/api/v1/internal-work').set(bearer(p.tech2.token)).set('Idempotency-Key', key).send({ date: today, minutes: 15, description: 'Short training' });
  expect(b.body).toEqual(a.body);
  expect(await stack.db.workLog.count({ where: { technicianId: p.tech2.id, category: 'D' } })).toBe(2);
});

test('S10: the technician daily report gives the category and time of each job, including D, in JSON and CSV', async () => {
  // An A call fixed on site (45 min) and a C call repaired in the shop (60 + 20 min), plus 25 min of D.
  const a = await api.onSite(p);
  await api.act(p.tech, a.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 45 });
  const c = await api.onSite(p, { warrantyUntil: addDays(today, 200) });
  await api.act(p.tech, c.id, { action: 'carry_in', receiptNo: 'RC-D1', customerSigned: true });
  await api.act(p.tech, c.id, { action: 'record_repair', workMinutes: 60 });
  await api.act(p.service_supervisor, c.id, { action: 'inspect', passed: false });
  await api.act(p.tech, c.id, { action: 'record_repair', workMinutes: 20 });
  expectStatus(await internal(p.tech, { date: today, minutes: 25, description: 'Parts management: stock count' }), 201);
  await api.projected(c.id, 7);

  const own = await get(p.tech, `/api/v1/reports/technician-daily?date=${today}`);
  expectStatus(own, 200);
  expect(own.body).toMatchObject({ date: today, technician: { id: p.tech.id, name: p.tech.name }, totals: { A: 45, B: 0, C: 80, D: 25, total: 150 } });
  expect(own.body.entries.map((e: { category: string; minutes: number; caseId: string | null }) => [e.category, e.minutes, e.caseId])).toEqual([
    ['A', 45, a.id],
    ['C', 60, c.id],
    ['C', 20, c.id],
    ['D', 25, null],
  ]);
  const csv = await get(p.service_supervisor, `/api/v1/reports/technician-daily?date=${today}&technicianId=${p.tech.id}&format=csv`);
  expectStatus(csv, 200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('date,technicianId,technicianName,category,minutes,caseId,action,description');
  expect(lines).toHaveLength(5);
  expect(lines[1]).toBe(`${today},${p.tech.id},${p.tech.name},A,45,${a.id},resolve_on_site,On-site fix: LX-200 loom controller for Suzhou Textile Co.`);
  expect(lines[4]).toBe(`${today},${p.tech.id},${p.tech.name},D,25,,internal_work,Parts management: stock count`);
  // Another day is empty; another technician's report is not the technician's to read.
  expect((await get(p.tech, `/api/v1/reports/technician-daily?date=${addDays(today, -1)}`)).body.totals.total).toBe(0);
  expectStatus(await get(p.tech, `/api/v1/reports/technician-daily?date=${today}&technicianId=${p.tech2.id}`), 403);
  const missing = await get(p.service_supervisor, `/api/v1/reports/technician-daily?date=${today}`);
  expectStatus(missing, 400);
  expect(missing.body.error.details[0].field).toBe('technicianId');
  expectStatus(await get(p.clerk, `/api/v1/reports/technician-daily?date=${today}&technicianId=${p.tech.id}`), 403);
});

test('S11, S12: the supervisor daily report aggregates over the technicians; the branch manager signs it, then it goes to the service department', async () => {
  await eventually('work logged', () => stack.db.workLog.count({ where: { date: today, technicianId: p.tech.id } }), (n) => n >= 4);
  const res = await get(p.service_supervisor, `/api/v1/reports/supervisor-daily?date=${today}`);
  expectStatus(res, 200);
  const byId = new Map(res.body.technicians.map((t: { technician: { id: string } }) => [t.technician.id, t]));
  expect(byId.get(p.tech.id)).toMatchObject({ A: 45, C: 80, D: 25, total: 150, jobs: 3 });
  expect(byId.get(p.tech2.id)).toMatchObject({ D: 45, total: 45, jobs: 0 });
  expect(res.body.totals).toEqual({ A: 45, B: 0, C: 80, D: 70, total: 195 });
  expect(res.body.signoff).toMatchObject({ status: 'unsigned' });
  const csv = await get(p.branch_manager, `/api/v1/reports/supervisor-daily?date=${today}&format=csv`);
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('date,technicianId,technicianName,jobs,A,B,C,D,total');
  expect(lines[lines.length - 1]).toBe(`${today},,TOTAL,3,45,0,80,70,195`);
  expectStatus(await get(p.tech, `/api/v1/reports/supervisor-daily?date=${today}`), 403);

  const sign = (by: Person, date = today) => stack.http.post(`/api/v1/reports/supervisor-daily/${date}/sign`).set(bearer(by.token)).send();
  const forward = (by: Person, date = today) => stack.http.post(`/api/v1/reports/supervisor-daily/${date}/forward`).set(bearer(by.token)).send();
  expectStatus(await sign(p.service_supervisor), 403);
  expectStatus(await forward(p.branch_manager), 409); // not signed yet
  expect((await stack.db.supervisorReportSignoff.count())).toBe(0);
  const signed = await sign(p.branch_manager);
  expectStatus(signed, 200);
  expect(signed.body.signoff).toMatchObject({ status: 'signed', signedBy: p.branch_manager.name, totalsAsSigned: { total: 195 } });
  expectStatus(await sign(p.branch_manager), 409);
  const future = await sign(p.branch_manager, addDays(today, 3));
  expectStatus(future, 400);
  expect(future.body.error.details[0].field).toBe('date');
  expectStatus(await sign(p.branch_manager, '2026-02-30'), 400);
  const forwarded = await forward(p.branch_manager);
  expectStatus(forwarded, 200);
  expect(forwarded.body.signoff).toMatchObject({ status: 'forwarded', forwardedBy: p.branch_manager.name });
  expectStatus(await forward(p.branch_manager), 409);
  const deptTasks = await api.tasks(p.service_dept);
  expect(deptTasks).toEqual(expect.arrayContaining([expect.objectContaining({ caseType: 'report', caseId: `supervisor-daily-${today}`, action: 'supervisor_report_review' })]));
});
