// Helpers for the accountability, returns and monthly tests: the people of a stack, and a
// complaint driven through the API to a stage (decision, closing) by the roles that hold each step.
import type { Response } from 'supertest';
import { COMPLAINT_ACTION_BODIES, bearer, complaintFiling } from '../support/fixtures';
import type { TestStack } from '../support/stack';

export const PARTY_ROLES = [
  'sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'sales_manager', 'vp', 'gm', 'auditor', 'hr', 'accounting', 'warehouse',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export type Person = { token: string; id: string; name: string };
export type Party = Record<PartyRole, Person>;
export type View = Record<string, any> & { id: string; stage: string; status: string; awaiting: { roles: string[]; action: string } | null };

export async function partyOf(stack: TestStack): Promise<Party> {
  const entries = await Promise.all(PARTY_ROLES.map(async (r) => [r, await stack.user([r], `${r} person`)] as const));
  return Object.fromEntries(entries) as Party;
}

export function expectStatus(res: Response, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body ?? res.text).slice(0, 2000)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until `ok` holds, at most `timeoutMs` (generous: the machines are shared). */
export async function eventually<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await sleep(200);
  }
}

/** A valid body for each complaint action; the case closes with a loss of 1,000.00. */
export const COMPLAINT_INPUT: Record<string, Record<string, unknown>> = {
  ...COMPLAINT_ACTION_BODIES,
  close: { ...COMPLAINT_ACTION_BODIES.close, lossAmount: '1000' },
};

export function complaints(stack: TestStack, who: Party) {
  const api = {
    async file(overrides: Record<string, unknown> = {}): Promise<View> {
      const res = await stack.http.post('/api/v1/complaints').set(bearer(who.sales.token)).send(complaintFiling(overrides));
      expectStatus(res, 201);
      return res.body as View;
    },
    async act(by: Person, id: string, body: Record<string, unknown>): Promise<View> {
      const res = await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(by.token)).send(body);
      expectStatus(res, 200);
      return res.body as View;
    },
    /** Takes the awaited action with the default body (overridden per action) until the case is in `stage`. */
    async driveTo(view: View, stage: string, over: Record<string, Record<string, unknown>> = {}): Promise<View> {
      for (let i = 0; view.stage !== stage; i++) {
        if (i > 20 || !view.awaiting) throw new Error(`case ${view.id} never reached ${stage} (at ${view.stage})`);
        const { action, roles } = view.awaiting;
        view = await api.act(who[roles[0] as PartyRole], view.id, { ...COMPLAINT_INPUT[action], ...over[action] });
      }
      return view;
    },
    /** Files a case and closes it with this responsibility and loss (C9). */
    async closed(close: { responsibility: unknown[]; lossAmount: string; trackImprovement?: boolean }, over: Record<string, Record<string, unknown>> = {}): Promise<View> {
      const view = await api.driveTo(await api.file(), 'closed', { ...over, close: { ...COMPLAINT_INPUT.close, trackImprovement: true, ...close } });
      expect(view.status).toBe('closed');
      return view;
    },
  };
  return api;
}
