// Complaint helpers for the fault tests: the people of a case, driving it through the API, and
// the invariant every fault must keep: no lost and no duplicated case, event, notice or workflow.
import type { Response } from 'supertest';
import type { ComplaintState } from '../../domain/complaint/machine';
import { followUpNotices } from '../../domain/complaint/machine';
import type { Role } from '../../domain/roles';
import { complaintStateQuery, complaintWorkflowId } from '../../workflows/complaint';
import type { FaultPlatform } from './faults';
import { eventually } from './faults';
import { COMPLAINT_ACTION_BODIES, bearer, complaintFiling } from './fixtures';

export type Person = { token: string; id: string; name: string };
export const PARTY_ROLES = ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'sales_manager', 'vp', 'gm', 'auditor'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export type Party = Record<PartyRole, Person>;
export type View = Record<string, any> & { id: string; stage: string; status: string; awaiting: { roles: Role[]; action: string } | null };

export const INPUT = COMPLAINT_ACTION_BODIES;

export function describeResponse(res: Response): string {
  return `HTTP ${res.status}: ${JSON.stringify(res.body)}`;
}

function expectStatus(res: Response, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${describeResponse(res)}`);
}

export async function partyOf(p: FaultPlatform): Promise<Party> {
  const entries = await Promise.all(PARTY_ROLES.map(async (r) => [r, await p.user([r], `Fault ${r}`)] as const));
  return Object.fromEntries(entries) as Party;
}

/** Complaint calls through the platform's API, and the checks on what it recorded. */
export function complaintApi(p: FaultPlatform, who: Party) {
  /** Every case filed through this helper (or registered with `track`), to check no extra ones appear. */
  const filed = new Set<string>();
  const api = {
    filed,
    track(id: string) {
      filed.add(id);
    },
    async file(overrides: Record<string, unknown> = {}): Promise<View> {
      const res = await p.http.post('/api/v1/complaints').set(bearer(who.sales.token)).send(complaintFiling(overrides));
      expectStatus(res, 201);
      filed.add(res.body.id);
      return res.body as View;
    },
    action(by: Person, id: string, body: Record<string, unknown>) {
      return p.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(by.token)).send(body);
    },
    async act(by: Person, id: string, body: Record<string, unknown>): Promise<View> {
      const res = await api.action(by, id, body);
      expectStatus(res, 200);
      return res.body as View;
    },
    /** The awaited action by the first awaited role, with the default body. */
    async advance(view: View): Promise<View> {
      if (!view.awaiting) throw new Error(`case ${view.id} awaits nothing (${view.status})`);
      const { action, roles } = view.awaiting;
      return api.act(who[roles[0] as PartyRole], view.id, INPUT[action]!);
    },
    async driveTo(view: View, stage: string): Promise<View> {
      for (let i = 0; view.stage !== stage; i++) {
        if (i > 20) throw new Error(`case ${view.id} never reached ${stage}`);
        view = await api.advance(view);
      }
      return view;
    },
    async get(id: string): Promise<View> {
      const res = await p.http.get(`/api/v1/complaints/${id}`).set(bearer(who.auditor.token));
      expectStatus(res, 200);
      return res.body as View;
    },
    /**
     * The case's state from its workflow. Right after a fault (a node killed and rejoining, a worker
     * restarted) the server may refuse a query while it moves shards or the task queue finds a
     * worker; the query is asked again for up to a minute, and a lasting refusal fails with its reason.
     */
    state(id: string): Promise<ComplaintState> {
      const handle = p.client.workflow.getHandle(complaintWorkflowId(id));
      return eventually(`the state of ${id}`, () => handle.query(complaintStateQuery), () => true, 60_000, 500);
    },
    /** Waits (bounded) until the case's workflow has completed, so nothing more is written for it. */
    async completed(id: string, timeoutMs = 60_000): Promise<void> {
      const handle = p.client.workflow.getHandle(complaintWorkflowId(id));
      await eventually('the workflow to complete', async () => (await handle.describe()).status.name, (s) => s === 'COMPLETED', timeoutMs);
    },

    /**
     * The invariant after a fault: the case's projection row exists once at the workflow's version,
     * its CaseEvent rows are exactly the workflow history (one per seq), and its Notice rows are
     * exactly the notices the workflow counts as sent (each dedupeKey once), no more, no fewer.
     */
    async expectConsistent(id: string): Promise<ComplaintState> {
      const state = await api.state(id);
      const rows = await eventually(
        'the projection to reach the workflow version',
        () => p.db.complaintCase.findMany({ where: { id } }),
        (r) => r.length === 1 && r[0]!.version === state.history.length,
        15_000,
      );
      expect(rows).toHaveLength(1);
      expect({ stage: rows[0]!.stage, status: rows[0]!.status, version: rows[0]!.version }).toEqual({
        stage: state.stage,
        status: state.status,
        version: state.history.length,
      });
      const events = await p.db.caseEvent.findMany({ where: { caseType: 'complaint', caseId: id }, orderBy: { seq: 'asc' } });
      expect(events.map((e) => [e.seq, e.action, e.actorId])).toEqual(state.history.map((h) => [h.seq, h.action, h.actor.id]));
      const notices = await p.db.notice.findMany({ where: { caseId: id } });
      const keys = notices.map((n) => n.dedupeKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...keys].sort()).toEqual(expectedNoticeKeys(state).sort());
      return state;
    },

    /** No case appeared that was not filed, none is missing, and each has exactly one workflow. */
    async expectNoExtraCases(): Promise<void> {
      const ids = await eventually(
        'a projection row for every filed case',
        async () => (await p.db.complaintCase.findMany({ select: { id: true } })).map((r) => r.id).sort(),
        (got) => got.length >= filed.size,
        15_000,
      );
      expect(ids).toEqual([...filed].sort());
      const query = `TaskQueue = "${p.config.temporal.taskQueue}" AND WorkflowType = "complaintWorkflow"`;
      const count = await eventually(
        'the workflows to be visible',
        async () => (await p.client.workflow.count(query)).count,
        (n) => n >= filed.size,
        15_000,
      );
      expect(count).toBe(filed.size);
    },
  };
  return api;
}

/** Every notice the workflow state says it sent: reminders per stage visit, escalation, inspection reminders, follow-ups. */
export function expectedNoticeKeys(state: ComplaintState): string[] {
  const keys: string[] = [];
  state.visits.forEach((v, i) => {
    for (let k = 1; k <= v.remindersSent; k++) keys.push(`${state.id}:reminder:${i}:${k}`);
  });
  keys.push(...state.noticesSent.filter((k) => k.startsWith(`${state.id}:escalation:`)));
  for (let k = 1; k <= (state.jointInspection?.remindersSent ?? 0); k++) keys.push(`${state.id}:inspection:${k}`);
  if (state.status === 'closed') {
    const closedAt = Date.parse(state.closedAt ?? state.createdAt);
    keys.push(...followUpNotices(state, closedAt).map((n) => n.key));
  }
  return keys;
}
