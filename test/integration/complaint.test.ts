// Complaint cases through HTTP on the real stack (API + worker + Temporal dev server + database):
// the whole route by the right people (C6–C10, C15), numbering (C2), refusals that change nothing
// (G2, G5), concurrent actions, history (G4), lists and tasks, re-filing (C11), not established
// (C16), and deadlines at demonstration speed: reminders, escalation, follow-ups (C17–C19, G3),
// and a worker restart mid-case (G1).
import type { Response } from 'supertest';
import { caseNumberPeriod } from '../../domain/caseNumber';
import type { ComplaintState } from '../../domain/complaint/machine';
import type { Role } from '../../domain/roles';
import { complaintStateQuery, complaintWorkflowId } from '../../workflows/complaint';
import { COMPLAINT_ACTION_BODIES, bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';

jest.setTimeout(120_000);

type Person = { token: string; id: string; name: string };
const PARTY_ROLES = ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'sales_manager', 'vp', 'gm', 'auditor'] as const;
type PartyRole = (typeof PARTY_ROLES)[number];
type Party = Record<PartyRole, Person>;
type View = Record<string, any> & { id: string; stage: string; status: string; awaiting: { roles: Role[]; action: string } | null };

const NAMES: Record<PartyRole, string> = {
  sales: 'Li Sales',
  gm_office: 'Zhao GM-Office',
  qa: 'Wang QA',
  manufacturing: 'Chen Manufacturing',
  manager_office: 'Sun Manager-Office',
  rnd: 'Qian R&D',
  sales_manager: 'Zhou Sales-Manager',
  vp: 'Wu VP',
  gm: 'Zheng GM',
  auditor: 'Feng Auditor',
};

async function partyOf(stack: TestStack): Promise<Party> {
  const entries = await Promise.all(PARTY_ROLES.map(async (r) => [r, await stack.user([r], NAMES[r])] as const));
  return Object.fromEntries(entries) as Party;
}

/** A valid body for each action. */
const INPUT = COMPLAINT_ACTION_BODIES;
type Overrides = Record<string, Record<string, unknown>>;

function expectStatus(res: Response, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until `ok` holds, at most `timeoutMs`; fails with the last value seen. */
async function eventually<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await sleep(150);
  }
}

/** Test helpers bound to one stack and its people. */
function client(stack: TestStack, who: () => Party) {
  const api = {
    async file(overrides: Record<string, unknown> = {}, by: Person = who().sales): Promise<View> {
      const res = await stack.http.post('/api/v1/complaints').set(bearer(by.token)).send(complaintFiling(overrides));
      expectStatus(res, 201);
      return res.body as View;
    },
    action(by: Person, id: string, body: Record<string, unknown>) {
      return stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(by.token)).send(body);
    },
    async act(by: Person, id: string, body: Record<string, unknown>): Promise<View> {
      const res = await api.action(by, id, body);
      expectStatus(res, 200);
      return res.body as View;
    },
    async get(id: string, by: Person = who().auditor): Promise<View> {
      const res = await stack.http.get(`/api/v1/complaints/${id}`).set(bearer(by.token));
      expectStatus(res, 200);
      return res.body as View;
    },
    async history(id: string): Promise<any[]> {
      const res = await stack.http.get(`/api/v1/complaints/${id}/history`).set(bearer(who().auditor.token));
      expectStatus(res, 200);
      return res.body.events as any[];
    },
    async list(query: string, by: Person = who().auditor): Promise<View[]> {
      const res = await stack.http.get(`/api/v1/complaints?limit=200&${query}`).set(bearer(by.token));
      expectStatus(res, 200);
      return res.body.items as View[];
    },
    async notices(caseId: string, type?: string): Promise<any[]> {
      const res = await stack.http
        .get(`/api/v1/notices?limit=200&caseId=${caseId}${type ? `&type=${type}` : ''}`)
        .set(bearer(who().gm_office.token));
      expectStatus(res, 200);
      return res.body.items as any[];
    },
    async tasks(by: Person): Promise<any[]> {
      const res = await stack.http.get('/api/v1/tasks').set(bearer(by.token));
      expectStatus(res, 200);
      return res.body.items as any[];
    },
    /** The awaited action, by the first awaited role, with the default body. */
    async advance(view: View, over: Overrides = {}): Promise<View> {
      if (!view.awaiting) throw new Error(`case ${view.id} awaits nothing (${view.status})`);
      const { action, roles } = view.awaiting;
      return api.act(who()[roles[0] as PartyRole], view.id, { ...INPUT[action], ...over[action] });
    },
    async driveTo(view: View, stage: string, over: Overrides = {}): Promise<View> {
      for (let i = 0; view.stage !== stage; i++) {
        if (i > 20) throw new Error(`case ${view.id} never reached ${stage}`);
        view = await api.advance(view, over);
      }
      return view;
    },
    /** Waits (bounded) until the case's workflow has completed: nothing more can be recorded for it. */
    async completed(id: string): Promise<void> {
      const handle = stack.client.workflow.getHandle(complaintWorkflowId(id));
      await eventually('the workflow to complete', async () => (await handle.describe()).status.name, (s) => s === 'COMPLETED');
    },
    state(id: string): Promise<ComplaintState> {
      return stack.client.workflow.getHandle(complaintWorkflowId(id)).query(complaintStateQuery);
    },
  };
  return api;
}

describe('complaints on the real stack, default deadlines', () => {
  let stack: TestStack;
  let who: Party;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    stack = await startTestStack();
    who = await partyOf(stack);
    api = client(stack, () => who);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('C6, C7, C8, C9, C10, C15: filing to closing through the API alone, each stage by its own role', async () => {
    const filed = await api.file();
    expect(filed).toMatchObject({ status: 'open', stage: 'registration', number: null, awaiting: { roles: ['gm_office'], action: 'register' } });
    const id = filed.id;
    const steps: [PartyRole, Record<string, unknown>, string, { roles: string[]; action: string } | null][] = [
      ['gm_office', INPUT.register!, 'analysis', { roles: ['qa'], action: 'analyze' }],
      ['qa', { ...INPUT.analyze!, needsRnd: true, supplier: 'Ningbo Resin Ltd', comment: 'Mould wear' }, 'countermeasure', { roles: ['manufacturing'], action: 'countermeasure' }],
      ['manufacturing', INPUT.countermeasure!, 'review', { roles: ['manager_office'], action: 'review' }],
      ['manager_office', { action: 'review', comment: 'Agreed' }, 'rnd_review', { roles: ['rnd'], action: 'rnd_review' }],
      ['rnd', INPUT.rnd_review!, 'check', { roles: ['gm_office'], action: 'check' }],
      ['gm_office', INPUT.check!, 'supplier_coordination', { roles: ['gm_office'], action: 'coordinate_supplier' }],
      ['gm_office', INPUT.coordinate_supplier!, 'proposal', { roles: ['sales'], action: 'propose' }],
      ['sales', { action: 'propose', handling: { kind: 'return', quantity: 37, unitPrice: '1000', compensation: '13000' } }, 'consolidation', { roles: ['gm_office'], action: 'consolidate' }],
      ['gm_office', { action: 'consolidate', opinion: 'Accept the return' }, 'decision', { roles: ['vp', 'gm'], action: 'decide' }],
      ['vp', { action: 'decide', decision: 'approve', comment: 'Within VP authority' }, 'customer_result', { roles: ['sales'], action: 'record_result' }],
      ['sales', INPUT.record_result!, 'confirmation', { roles: ['sales_manager'], action: 'confirm' }],
      ['sales_manager', INPUT.confirm!, 'closing', { roles: ['gm_office'], action: 'close' }],
      ['gm_office', { ...INPUT.close!, responsibility: [{ department: 'manufacturing', ratio: 0.6 }, { department: 'supplier', ratio: 0.4 }] }, 'closed', null],
    ];
    let view = filed;
    for (const [role, body, stage, awaiting] of steps) {
      view = await api.act(who[role], id, body);
      expect({ after: body.action, stage: view.stage, awaiting: view.awaiting }).toEqual({ after: body.action, stage, awaiting });
    }
    expect(view).toMatchObject({
      status: 'closed',
      tier: 'vp',
      decision: { decision: 'approve', tier: 'vp', decidedAs: 'vp', by: NAMES.vp },
      closing: { lossAmount: '4321.50', distribution: ['qa', 'manufacturing', 'sales', 'accounting', 'gm_office'] },
      supplier: { supplier: 'Ningbo Resin Ltd' },
    });
    expect(view.number).toMatch(/^\d{2}(0[1-9]|1[0-2])-\d{2,}$/);
    expect(view.closedAt).toEqual(expect.any(String));
    expect(await api.get(id)).toMatchObject({ status: 'closed', stage: 'closed', awaiting: null, overdue: false });

    // G4: who, when, what, with which data and comment, in order.
    const events = await api.history(id);
    expect(events.map((e) => [e.action, e.stage, e.actor.name])).toEqual([
      ['file', 'registration', NAMES.sales],
      ['register', 'registration', NAMES.gm_office],
      ['analyze', 'analysis', NAMES.qa],
      ['countermeasure', 'countermeasure', NAMES.manufacturing],
      ['review', 'review', NAMES.manager_office],
      ['rnd_review', 'rnd_review', NAMES.rnd],
      ['check', 'check', NAMES.gm_office],
      ['coordinate_supplier', 'supplier_coordination', NAMES.gm_office],
      ['propose', 'proposal', NAMES.sales],
      ['consolidate', 'consolidation', NAMES.gm_office],
      ['decide', 'decision', NAMES.vp],
      ['record_result', 'customer_result', NAMES.sales],
      ['confirm', 'confirmation', NAMES.sales_manager],
      ['close', 'closing', NAMES.gm_office],
    ]);
    expect(events.map((e) => e.actor.id)).toEqual([who.sales, who.gm_office, who.qa, who.manufacturing, who.manager_office, who.rnd, who.gm_office, who.gm_office, who.sales, who.gm_office, who.vp, who.sales, who.sales_manager, who.gm_office].map((p) => p.id));
    const times = events.map((e) => Date.parse(e.at));
    expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= times[i - 1]!))).toBe(true);
    expect(events.map((e) => e.comment)).toEqual([null, null, 'Mould wear', null, 'Agreed', null, null, null, null, null, 'Within VP authority', null, null, null]);
    expect(events[1].data).toMatchObject({ number: view.number, dueAt: view.dueAt });
    expect(events[2].data).toMatchObject({ cause: 'Burr left by a worn mould', needsRnd: true, supplier: 'Ningbo Resin Ltd', ourFault: true });
    expect(events[9].data).toMatchObject({ amount: '50000.00', tier: 'vp' });
    expect(events[10].data).toMatchObject({ decision: 'approve', tier: 'vp', decidedAs: 'vp' });
    // The read model holds the same history, once.
    const rows = await stack.db.caseEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => [r.seq, r.action, r.actorName])).toEqual(events.map((e, i) => [i + 1, e.action, e.actor.name]));
    // C19: closed in time → timeliness rows for every stage visit, no follow-ups.
    const timeliness = await eventually('timeliness rows', () => stack.db.stageTimeliness.findMany({ where: { caseId: id } }), (r) => r.length === 13);
    expect(timeliness.filter((r) => r.late)).toEqual([]);
    expect(await api.notices(id)).toEqual([]);
  });

  test('C2: the number is YYMM-NN; 12 cases registered at once get 12 distinct consecutive serials', async () => {
    const before = caseNumberPeriod(new Date(), stack.config.timeZone);
    const cases = await Promise.all(Array.from({ length: 12 }, (_, i) => api.file({ orderNo: `SO-C2-${i}` })));
    const registered = await Promise.all(cases.map((c) => api.act(who.gm_office, c.id, INPUT.register!)));
    const after = caseNumberPeriod(new Date(), stack.config.timeZone);
    const numbers = registered.map((v) => v.number as string);
    for (const n of numbers) expect(n).toMatch(/^\d{2}(0[1-9]|1[0-2])-\d{2,}$/);
    expect(new Set(numbers).size).toBe(12);
    const periods = new Set(numbers.map((n) => n.split('-')[0]));
    expect([...periods].every((p) => p === before || p === after)).toBe(true);
    for (const period of periods) {
      const serials = numbers.filter((n) => n.startsWith(`${period}-`)).map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
      expect(serials).toEqual(serials.map((_, i) => serials[0]! + i));
    }
    // Each case keeps its number, in the workflow and in the read model.
    for (const v of registered) expect((await api.get(v.id)).number).toBe(v.number);
    const stored = await stack.db.caseNumber.findMany({ where: { caseId: { in: cases.map((c) => c.id) } } });
    expect(stored.map((r) => r.number).sort()).toEqual([...numbers].sort());
  });

  test('G2, G5: 403 wrong role, 409 wrong stage, 400 invalid data naming the field; none of them changes the case', async () => {
    const at = await api.driveTo(await api.file(), 'analysis');
    const id = at.id;
    const before = await api.get(id);
    const historyBefore = (await api.history(id)).length;
    const eventsBefore = await stack.db.caseEvent.count({ where: { caseId: id } });

    const forbidden = await api.action(who.sales, id, INPUT.analyze!);
    expectStatus(forbidden, 403);
    expect(forbidden.body.error.code).toBe('forbidden');
    expectStatus(await api.action(who.auditor, id, INPUT.analyze!), 403);
    expectStatus(await api.action(who.vp, id, INPUT.decide!), 409); // right role for decide, wrong stage

    const wrongStage = await api.action(who.manufacturing, id, INPUT.countermeasure!);
    expectStatus(wrongStage, 409);
    expect(wrongStage.body.error.code).toBe('wrong_stage');
    expectStatus(await api.action(who.gm_office, id, INPUT.register!), 409);

    const invalid = await api.action(who.qa, id, { action: 'analyze', cause: '', responsibleDepartments: ['qa'], ourFault: 'yes', needsRnd: false });
    expectStatus(invalid, 400);
    expect(invalid.body.error.code).toBe('invalid_input');
    expect(invalid.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['cause', 'ourFault']));
    const unknown = await api.action(who.qa, id, { action: 'approve_everything' });
    expectStatus(unknown, 400);
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toContain('action');
    const notFound = await api.action(who.qa, '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11', INPUT.analyze!);
    expectStatus(notFound, 404);

    expect(await api.get(id)).toEqual(before);
    expect((await api.history(id)).length).toBe(historyBefore);
    expect(await stack.db.caseEvent.count({ where: { caseId: id } })).toBe(eventsBefore);
    // The refusals left nothing in the way: the right person still can.
    expect((await api.act(who.qa, id, INPUT.analyze!)).stage).toBe('countermeasure');
  });

  test('C8, C9, G5: data the case itself refuses (rework without a stage, ratios not adding to 1, tracking negligence) → 400 naming the field; case unchanged', async () => {
    const decision = await api.driveTo(await api.file(), 'decision', { analyze: { humanNegligence: true } });
    const before = await api.get(decision.id);
    const rework = await api.action(who.sales_manager, decision.id, { action: 'decide', decision: 'rework' });
    expectStatus(rework, 400);
    expect(rework.body.error.details).toEqual([expect.objectContaining({ field: 'reworkStage' })]);
    const lowTier = await api.action(who.sales, decision.id, INPUT.decide!);
    expectStatus(lowTier, 403);
    expect(await api.get(decision.id)).toEqual(before);

    const closing = await api.driveTo(decision, 'closing');
    const beforeClose = await api.get(closing.id);
    const historyBefore = (await api.history(closing.id)).length;
    const ratios = await api.action(who.gm_office, closing.id, {
      ...INPUT.close!,
      trackImprovement: false,
      responsibility: [{ department: 'manufacturing', ratio: 0.5 }, { department: 'qa', ratio: 0.4 }],
    });
    expectStatus(ratios, 400);
    expect(ratios.body.error.details).toEqual([expect.objectContaining({ field: 'responsibility' })]);
    const tracking = await api.action(who.gm_office, closing.id, INPUT.close!);
    expectStatus(tracking, 400);
    expect(tracking.body.error.details).toEqual([expect.objectContaining({ field: 'trackImprovement' })]);
    expect(await api.get(closing.id)).toEqual(beforeClose);
    expect((await api.history(closing.id)).length).toBe(historyBefore);
    const closed = await api.act(who.gm_office, closing.id, { ...INPUT.close!, trackImprovement: false });
    expect(closed.status).toBe('closed');
  });

  test('C8, G2: two identical decide actions at once → exactly one 200 and one 409; one decision recorded', async () => {
    const at = await api.driveTo(await api.file(), 'decision');
    const [a, b] = await Promise.all([api.action(who.sales_manager, at.id, INPUT.decide!), api.action(who.sales_manager, at.id, INPUT.decide!)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['wrong_stage', 'conflict']).toContain(loser.body.error.code);
    const events = await api.history(at.id);
    expect(events.filter((e) => e.action === 'decide')).toHaveLength(1);
    expect((await api.get(at.id)).stage).toBe('customer_result');
    expect(await stack.db.caseEvent.count({ where: { caseId: at.id } })).toBe(events.length);
  });

  test('C2, G2: two identical register actions at once → exactly one 200 and one 409; one number', async () => {
    const filed = await api.file();
    const [a, b] = await Promise.all([api.action(who.gm_office, filed.id, INPUT.register!), api.action(who.gm_office, filed.id, INPUT.register!)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect((await api.history(filed.id)).filter((e) => e.action === 'register')).toHaveLength(1);
    expect(await stack.db.caseNumber.findMany({ where: { caseId: filed.id } })).toEqual([expect.objectContaining({ number: winner.body.number })]);
    expect((await api.get(filed.id)).number).toBe(winner.body.number);
  });

  test('lists filter by status, stage, overdue and month; bad filters → 400 naming the field', async () => {
    const fresh = await api.file({ orderNo: 'SO-LIST-1' });
    const analysing = await api.driveTo(await api.file({ orderNo: 'SO-LIST-2' }), 'analysis');
    const rejected = await api.act(who.gm_office, (await api.file({ orderNo: 'SO-LIST-3' })).id, { action: 'not_established', reason: 'Damage in transit by the customer' });
    const ids = (items: View[]) => items.map((v) => v.id);
    // Filing returns before the workflow's first projection: wait until it is listed.
    await eventually('the new case to be listed', () => api.list('stage=registration'), (items) => ids(items).includes(fresh.id));

    const inAnalysis = ids(await api.list('status=open&stage=analysis'));
    expect(inAnalysis).toContain(analysing.id);
    expect(inAnalysis).not.toContain(fresh.id);
    const inRegistration = ids(await api.list('status=open&stage=registration'));
    expect(inRegistration).toContain(fresh.id);
    expect(inRegistration).not.toContain(analysing.id);
    const rejectedList = ids(await api.list('status=rejected'));
    expect(rejectedList).toEqual([rejected.id]);
    expect(ids(await api.list('status=open'))).not.toContain(rejected.id);
    expect(ids(await api.list('overdue=false'))).toEqual(expect.arrayContaining([fresh.id, analysing.id, rejected.id]));
    expect(ids(await api.list('overdue=true'))).toEqual([]);
    const month = fresh.createdAt.slice(0, 7);
    expect(ids(await api.list(`month=${month}`))).toEqual(expect.arrayContaining([fresh.id, analysing.id, rejected.id]));
    expect(await api.list('month=2020-01')).toEqual([]);
    const listed = (await api.list(`status=open&stage=analysis`)).find((v) => v.id === analysing.id)!;
    expect(listed).toMatchObject({ stage: 'analysis', number: analysing.number, awaiting: { roles: ['qa'], action: 'analyze' } });

    for (const [query, field] of [['stage=nowhere', 'stage'], ['month=2026-13', 'month'], ['status=lost', 'status'], ['overdue=maybe', 'overdue']]) {
      const res = await stack.http.get(`/api/v1/complaints?${query}`).set(bearer(who.auditor.token));
      expectStatus(res, 400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  test('work: /api/v1/tasks lists the cases awaiting one of the caller’s roles', async () => {
    const fresh = await api.file({ orderNo: 'SO-TASK-1' });
    const analysing = await api.driveTo(await api.file({ orderNo: 'SO-TASK-2' }), 'analysis');
    const gmOfficeTasks = await eventually('gm_office task for the new case', () => api.tasks(who.gm_office), (t) => t.some((x) => x.caseId === fresh.id));
    expect(gmOfficeTasks.find((t) => t.caseId === fresh.id)).toMatchObject({
      caseType: 'complaint',
      action: 'register',
      roles: ['gm_office'],
      dueAt: fresh.stageDueAt,
      overdue: false,
    });
    expect(gmOfficeTasks.some((t) => t.caseId === analysing.id)).toBe(false);
    const qaTasks = await api.tasks(who.qa);
    expect(qaTasks.find((t) => t.caseId === analysing.id)).toMatchObject({ action: 'analyze', roles: ['qa'], number: analysing.number, dueAt: analysing.stageDueAt });
    expect(qaTasks.some((t) => t.caseId === fresh.id)).toBe(false);
    // Once QA acts the task moves on to manufacturing.
    await api.act(who.qa, analysing.id, INPUT.analyze!);
    expect((await api.tasks(who.qa)).some((t) => t.caseId === analysing.id)).toBe(false);
    expect((await api.tasks(who.manufacturing)).find((t) => t.caseId === analysing.id)).toMatchObject({ action: 'countermeasure' });
  });

  test('C11: the customer does not accept → sales files a new complaint linked with parentId; an unknown parentId → 400 naming parentId', async () => {
    const parent = await api.driveTo(await api.file(), 'closed', { record_result: { customerAccepted: false, result: 'The customer rejects the allowance', channel: 'letter' } });
    expect(parent.customerResult).toEqual({ customerAccepted: false, result: 'The customer rejects the allowance', channel: 'letter' });
    const child = await api.file({ parentId: parent.id, reason: 'Customer does not accept the decision on the first complaint' });
    expect(child).toMatchObject({ parentId: parent.id, stage: 'registration', status: 'open' });
    expect((await api.get(child.id)).parentId).toBe(parent.id);
    const linked = await eventually('the re-filed case listed under its parent', () => api.list(`parentId=${parent.id}`), (items) => items.length > 0);
    expect(linked.map((v) => v.id)).toEqual([child.id]);

    const countBefore = await stack.db.complaintCase.count();
    const unknown = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(who.sales.token))
      .send(complaintFiling({ parentId: '0b5f0c3e-6a4d-4f7e-9c1b-7d2f3a9e8b11' }));
    expectStatus(unknown, 400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'parentId' })]);
    const malformed = await stack.http.post('/api/v1/complaints').set(bearer(who.sales.token)).send(complaintFiling({ parentId: 'complaint-1' }));
    expectStatus(malformed, 400);
    expect(malformed.body.error.details).toEqual([expect.objectContaining({ field: 'parentId' })]);
    expect(await stack.db.complaintCase.count()).toBe(countBefore);
  });

  test('C16: not established → status rejected, and sales gets a receivable-collection task', async () => {
    const at = await api.driveTo(await api.file(), 'check');
    const refused = await api.action(who.qa, at.id, { action: 'not_established', reason: 'x' });
    expectStatus(refused, 403);
    const view = await api.act(who.gm_office, at.id, { action: 'not_established', reason: 'The defect comes from the customer’s own processing' });
    expect(view).toMatchObject({ status: 'rejected', stage: 'closed', awaiting: null, notEstablished: { reason: 'The defect comes from the customer’s own processing' } });
    const salesTasks = await api.tasks(who.sales);
    const task = salesTasks.find((t) => t.caseId === at.id);
    expect(task).toMatchObject({ caseType: 'complaint', action: 'receivable_collection', roles: ['sales'], workItemId: expect.any(String), title: expect.stringMatching(/receivable/) });
    expect(salesTasks.filter((t) => t.caseId === at.id)).toHaveLength(1);
    expect((await api.tasks(who.qa)).some((t) => t.caseId === at.id)).toBe(false);
    expect(await api.get(at.id)).toMatchObject({ status: 'rejected' });
  });

  // Once a case's workflow has completed (closed, rejected, withdrawn) it takes no more updates;
  // The API answers 409 for an action not allowed in the current state.
  test('G2, C16: an action on a rejected case → 409 wrong_stage, not 404', async () => {
    const at = await api.driveTo(await api.file(), 'analysis');
    await api.act(who.gm_office, at.id, { action: 'not_established', reason: 'Not our product' });
    const after = await api.action(who.qa, at.id, INPUT.analyze!);
    expectStatus(after, 409);
    expect(after.body.error.code).toBe('wrong_stage');
  });
});

describe('C17, C18, C19, G3: deadlines at demonstration speed (registration 1 s, reminders every 1 s, domestic case 3 s)', () => {
  const INTERVAL_MS = 1000;
  let stack: TestStack;
  let who: Party;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    stack = await startTestStack({
      COMPLAINT_STAGE_DEADLINES: 'registration=1s',
      COMPLAINT_REMINDER_INTERVAL: '1s',
      COMPLAINT_DEADLINE_DOMESTIC: '3s',
    });
    who = await partyOf(stack);
    api = client(stack, () => who);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Reminders in the DB per visit: their turn numbers must be 1..n and their times due + (k-1)·interval. */
  async function expectRemindersOnSchedule(caseId: string, state: ComplaintState): Promise<void> {
    const rows = await stack.db.notice.findMany({ where: { caseId, type: 'reminder' } });
    const byVisit = new Map<number, { k: number; at: number }[]>();
    for (const r of rows) {
      const m = new RegExp(`^${caseId}:reminder:(\\d+):(\\d+)$`).exec(r.dedupeKey);
      expect(m).not.toBeNull();
      const visit = Number(m![1]);
      byVisit.set(visit, [...(byVisit.get(visit) ?? []), { k: Number(m![2]), at: r.at.getTime() }]);
    }
    for (const [visit, list] of byVisit) {
      const v = state.visits[visit]!;
      list.sort((a, b) => a.k - b.k);
      expect(list.map((x) => x.k)).toEqual(list.map((_, i) => i + 1));
      expect(list.map((x) => x.at)).toEqual(list.map((_, i) => Date.parse(v.dueAt) + i * INTERVAL_MS));
      expect(list).toHaveLength(v.remindersSent);
    }
  }

  test('C19, G3: an overdue stage reminds its owner by itself, every interval, each reminder once', async () => {
    const filed = await api.file();
    const dueAt = Date.parse(filed.stageDueAt);
    expect(dueAt - Date.parse(filed.createdAt)).toBe(1000);
    const reminders = await eventually('three reminders', () => api.notices(filed.id, 'reminder'), (n) => n.length >= 3);
    for (const n of reminders) {
      expect(n).toMatchObject({ type: 'reminder', caseType: 'complaint', caseId: filed.id, stage: 'registration', to: ['gm_office'] });
    }
    const ats = reminders.map((n) => Date.parse(n.at));
    expect(ats).toEqual(ats.map((_, i) => dueAt + i * INTERVAL_MS));
    // Overdue shows in the case, the list and the tasks.
    expect((await api.get(filed.id)).overdue).toBe(true);
    expect((await api.list('overdue=true')).map((v) => v.id)).toContain(filed.id);
    expect((await api.list('overdue=false')).map((v) => v.id)).not.toContain(filed.id);
    expect((await api.tasks(who.gm_office)).find((t) => t.caseId === filed.id)).toMatchObject({ overdue: true });

    // Leaving the stage stops its reminders; every one the workflow counted is in the DB, once.
    const view = await api.act(who.sales, filed.id, { action: 'withdraw', reason: 'Demonstration over' });
    expect(view.status).toBe('withdrawn');
    await api.completed(filed.id);
    const state = await api.state(filed.id);
    expect(await stack.db.notice.count({ where: { caseId: filed.id } })).toBe(state.visits[0]!.remindersSent);
    await expectRemindersOnSchedule(filed.id, state);
  });

  test('C17, C19: the case deadline escalates to the GM office and the GM exactly once; closing the late case sends follow-ups and records timeliness', async () => {
    const registered = await api.act(who.gm_office, (await api.file()).id, INPUT.register!);
    const id = registered.id;
    const caseDue = Date.parse(registered.dueAt);
    const registeredAt = Date.parse((await api.history(id))[1].at);
    expect(caseDue - registeredAt).toBe(3000);
    // C18: analysis (2 days by default) is capped at the 3-second case deadline.
    expect(registered.stageDueAt).toBe(registered.dueAt);
    const escalations = await eventually('the escalation', () => api.notices(id, 'escalation'), (n) => n.length > 0);
    expect(escalations).toEqual([expect.objectContaining({ type: 'escalation', stage: 'analysis', to: ['gm_office', 'gm'], at: registered.dueAt })]);
    // Reminders go on after the escalation; the escalation does not repeat.
    await eventually('two reminders after the escalation', () => api.notices(id, 'reminder'), (n) => n.filter((x) => Date.parse(x.at) > caseDue).length >= 2);
    expect(await api.notices(id, 'escalation')).toHaveLength(1);
    expect((await api.get(id)).overdue).toBe(true);

    // Finish the late case through the API.
    const closed = await api.driveTo(registered, 'closed');
    expect(closed.status).toBe('closed');
    await api.completed(id);
    const state = await api.state(id);
    const timeliness = await eventually(
      'timeliness rows',
      () => stack.db.stageTimeliness.findMany({ where: { caseId: id } }),
      (rows) => rows.length === state.visits.length,
    );
    timeliness.sort((a, b) => Number(a.id.split(':').at(-1)) - Number(b.id.split(':').at(-1)));
    expect(timeliness.map((r) => [r.stage, r.dueAt.toISOString(), r.late])).toEqual(
      state.visits.map((v) => [v.stage, v.dueAt, Date.parse(v.leftAt!) > Date.parse(v.dueAt)]),
    );
    const late = timeliness.filter((r) => r.late);
    // Every stage after registration was due by the case deadline, which had passed.
    expect(late.map((r) => r.stage)).toEqual(expect.arrayContaining(state.visits.slice(1).map((v) => v.stage)));
    expect(state.visits.slice(1).every((v) => Date.parse(v.dueAt) <= caseDue)).toBe(true);
    const followUps = await eventually('follow-up notices', () => api.notices(id, 'follow_up'), (n) => n.length === late.length);
    expect(followUps.map((n) => [n.stage, n.to]).sort()).toEqual(late.map((r) => [r.stage, [r.department]]).sort());
    expect(await api.notices(id, 'escalation')).toHaveLength(1);
    await expectRemindersOnSchedule(id, state);
  });

  test('G1: a worker restart mid-case, then finishing it: no duplicated notices or case events', async () => {
    let view = await api.driveTo(await api.file(), 'review');
    await eventually('a reminder before the restart', () => api.notices(view.id, 'reminder'), (n) => n.length > 0);
    await stack.restartWorker();
    view = await api.driveTo(view, 'closed');
    const id = view.id;
    const events = await api.history(id);
    expect(events.map((e) => e.action)).toEqual(['file', 'register', 'analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'decide', 'record_result', 'confirm', 'close']);
    const rows = await stack.db.caseEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
    expect(rows).toHaveLength(events.length);
    expect(rows.map((r) => [r.seq, r.action])).toEqual(events.map((e, i) => [i + 1, e.action]));

    await api.completed(id);
    const state = await api.state(id);
    expect(await stack.db.stageTimeliness.count({ where: { caseId: id } })).toBe(state.visits.length);
    const lateCount = await stack.db.stageTimeliness.count({ where: { caseId: id, late: true } });
    const escalated = state.noticesSent.includes(`${id}:escalation:case`) ? 1 : 0;
    const expected = state.visits.reduce((sum, v) => sum + v.remindersSent, 0) + escalated + lateCount;
    const notices = await stack.db.notice.findMany({ where: { caseId: id } });
    expect(notices).toHaveLength(expected);
    expect(new Set(notices.map((n) => n.dedupeKey)).size).toBe(notices.length);
    expect(notices.filter((n) => n.type === 'escalation')).toHaveLength(escalated);
    await expectRemindersOnSchedule(id, state);
  });
});
