// Helpers for the service-call, contract, survey and daily-operations tests: request bodies, the
// people involved, and an API client bound to one test stack.
import type { Response } from 'supertest';
import { zonedParts, zonedToInstant } from '../../domain/businessCalendar';
import type { Role } from '../../domain/roles';
import { bearer } from '../support/fixtures';
import type { TestStack } from '../support/stack';

export type Person = { token: string; id: string; name: string };
export type View = Record<string, any>;

export const SERVICE_ROLES = ['clerk', 'service_supervisor', 'service_dept', 'branch_manager', 'accounting', 'vp', 'auditor'] as const;
export type ServiceParty = Record<(typeof SERVICE_ROLES)[number], Person> & { tech: Person; tech2: Person };

export async function servicePartyOf(stack: TestStack): Promise<ServiceParty> {
  const names: Record<(typeof SERVICE_ROLES)[number], string> = {
    clerk: 'Xu Clerk',
    service_supervisor: 'He Supervisor',
    service_dept: 'Lin Service-Dept',
    branch_manager: 'Guo Branch-Manager',
    accounting: 'Ma Accounting',
    vp: 'Wu VP',
    auditor: 'Feng Auditor',
  };
  const entries = await Promise.all(SERVICE_ROLES.map(async (r) => [r, await stack.user([r as Role], names[r])] as const));
  return {
    ...(Object.fromEntries(entries) as Record<(typeof SERVICE_ROLES)[number], Person>),
    tech: await stack.user(['technician'], 'Tang Technician'),
    tech2: await stack.user(['technician'], 'Song Technician'),
  };
}

export function callRegistration(overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Suzhou Textile Co.', address: '88 Renmin Road, Suzhou', phone: '+86 512 6666 1234' },
    productModel: 'LX-200 loom controller',
    serialNo: `SN-${Math.random().toString(36).slice(2, 10)}`,
    area: 'urban',
    description: 'Controller resets every few minutes',
    ...overrides,
  };
}

export function contractFiling(overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Wuxi Dyeing Works', address: '5 Canal Street, Wuxi', phone: '0510-8888-1234' },
    serialNos: [`SN-C-${Math.random().toString(36).slice(2, 10)}`],
    startsOn: '2026-01-01',
    endsOn: '2099-12-31',
    amount: '12000.00',
    ...overrides,
  };
}

export function expectStatus(res: Response, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until `ok` holds, at most `timeoutMs`; fails with the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await sleep(250);
  }
}

/** An API client bound to one stack. */
export function serviceApi(stack: TestStack) {
  const api = {
    async register(by: Person, overrides: Record<string, unknown> = {}, status = 201): Promise<View> {
      const res = await stack.http.post('/api/v1/service-calls').set(bearer(by.token)).send(callRegistration(overrides));
      expectStatus(res, status);
      return res.body;
    },
    async act(by: Person, id: string, body: Record<string, unknown>, status = 200): Promise<View> {
      const res = await stack.http.post(`/api/v1/service-calls/${id}/actions`).set(bearer(by.token)).send(body);
      expectStatus(res, status);
      return res.body;
    },
    async get(by: Person, id: string, status = 200): Promise<View> {
      const res = await stack.http.get(`/api/v1/service-calls/${id}`).set(bearer(by.token));
      expectStatus(res, status);
      return res.body;
    },
    async history(by: Person, id: string): Promise<View[]> {
      const res = await stack.http.get(`/api/v1/service-calls/${id}/history`).set(bearer(by.token));
      expectStatus(res, 200);
      return res.body.events;
    },
    async tasks(by: Person): Promise<View[]> {
      const res = await stack.http.get('/api/v1/tasks').set(bearer(by.token));
      expectStatus(res, 200);
      return res.body.items;
    },
    /** Notices of a case straight from the database (no rate limit while polling). */
    async notices(caseId: string) {
      return stack.db.notice.findMany({ where: { caseId }, orderBy: { at: 'asc' } });
    },
    /** The projection has caught up with the workflow's history. */
    async projected(id: string, version: number) {
      return eventually(`projection of ${id} at version ${version}`, () => stack.db.serviceCall.findUnique({ where: { id } }), (r) => r !== null && r.version >= version);
    },
    /** Registers a call and takes it to stage on_site with `tech`. */
    async onSite(p: { clerk: Person; service_supervisor: Person; tech: Person }, overrides: Record<string, unknown> = {}): Promise<View> {
      const call = await api.register(p.clerk, overrides);
      await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.tech.id });
      return api.act(p.tech, call.id, { action: 'arrive' });
    },
  };
  return api;
}

/** The next instant at or after `fromMs` whose local wall clock in `timeZone` shows ISO weekday `weekday` at hh:mm. */
export function nextLocal(fromMs: number, timeZone: string, weekday: number, hour: number, minute: number): number {
  for (let d = 0; d < 8; d++) {
    const day = zonedParts(new Date(fromMs + d * 86_400_000), timeZone);
    const candidate = zonedToInstant({ year: day.year, month: day.month, day: day.day, hour, minute, second: 0, millisecond: 0 }, timeZone).getTime();
    const wd = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() || 7;
    if (wd === weekday && candidate >= fromMs) return candidate;
  }
  throw new Error('unreachable');
}

/** Local `YYYY-MM-DD HH:MM` (ISO weekday) of an instant, for readable assertions. */
export function localStamp(ms: number, timeZone: string): string {
  const p = zonedParts(new Date(ms), timeZone);
  const wd = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() || 7;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} (${['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][wd]})`;
}
