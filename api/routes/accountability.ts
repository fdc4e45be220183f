// Accountability and accounting (rules P, C9): master data (people and their base points, monthly
// bonuses), each closed case's accountability (allocations, the GM office's proposal, the GM's
// approval, the resale outcome, HR's publication), penalties and the deduction ledger of a month,
// and the reward/penalty notices. Penalties, bonuses and base points are personal data: only the
// GM office, the GM, HR, accounting and auditors read them, and each person their own.
import { PENALTY_GROUND_LABELS, PENALTY_GROUNDS, PENALTY_LEVEL_LABELS, PENALTY_LEVELS } from '../../domain/accountability/grounds';
import { type AccountabilityState, accountabilityView, allocationTargetsOf } from '../../domain/accountability/machine';
import { zAccountabilityView, zMonthString, zPenaltyNoticeView } from '../../domain/accountability/views';
import { accountabilityActionSchemas, zBonusBody, zPersonBody, zPersonId } from '../../domain/accountability/schemas';
import { PERSON_ID_PATTERN } from '../../domain/accountability/units';
import { AppError, type ErrorDetail } from '../../domain/errors';
import { type Role, hasAnyRole } from '../../domain/roles';
import {
  PERSONAL_DATA_ROLES,
  getAccountabilityState,
  getPenaltyNotice,
  getPerson,
  ledgerForMonth,
  listAccountability,
  listBonuses,
  listCharges,
  listPenaltyNotices,
  listPeople,
  personIdOfUser,
  putBonus,
  putPerson,
  settleLedgerThrough,
  zBonusView,
  zLedgerRow,
  zPenaltyRow,
  zPersonView,
} from '../../services/accountability';
import { ledgerCsv, penaltiesCsv, penaltiesHtml, penaltyNoticeHtml } from '../render/reportFormats';
import type { UserRecord } from '../../services/users';
import { CaseWorkflows } from '../../temporal/caseWorkflows';
import { ACCOUNTABILITY_WORKFLOW } from '../../temporal/cases';
import type { ApiDeps, RouteModule } from '../context';
import { page, zIdParam, zMonth, zPageQuery } from '../schemas/common';
import { z } from '../zod';

/** Roles that see a case's accountability without the personal part (penalties). */
const CASE_READ_ROLES: readonly Role[] = [
  ...PERSONAL_DATA_ROLES, 'sales', 'sales_manager', 'warehouse', 'qa', 'manufacturing', 'manager_office', 'rnd', 'vp', 'service_dept', 'admin',
];

const zFormat = z.enum(['json', 'csv', 'html']).default('json').describe('json (default), csv or a printable html page');
const zPersonIdParam = (name: string) =>
  z.string().trim().regex(PERSON_ID_PATTERN, 'must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit').openapi({ param: { name, in: 'path' } });
const zPersonParam = z.object({ id: zPersonIdParam('id') });
const zPenaltyGrounds = z
  .object({
    grounds: z.array(z.object({ ground: z.enum(PENALTY_GROUNDS), label: z.string() }).strict()),
    levels: z.array(z.object({ level: z.enum(PENALTY_LEVELS), label: z.string() }).strict()),
  })
  .strict()
  .openapi('PenaltyGrounds');

/** Whom the caller may see personal accounting data of: everyone (the roles above) or only themself. */
export async function personalScope(deps: ApiDeps, user: UserRecord): Promise<{ all: true } | { all: false; personId: string }> {
  if (hasAnyRole(user, PERSONAL_DATA_ROLES)) return { all: true };
  const personId = await personIdOfUser(deps.db, user.id);
  if (personId) return { all: false, personId };
  throw new AppError('forbidden', `Penalties, bonuses and base points are personal data: they need one of the roles ${PERSONAL_DATA_ROLES.join(', ')}, or a person record linked to you.`);
}

/** The person ids a query may cover: the requested one if allowed, all, or the caller's own. */
async function scopedPersonIds(deps: ApiDeps, user: UserRecord, requested?: string): Promise<string[] | undefined> {
  const scope = await personalScope(deps, user);
  if (scope.all) return requested ? [requested] : undefined;
  if (requested && requested !== scope.personId) throw new AppError('forbidden', "You may read only your own penalties and bonuses.");
  return [scope.personId];
}

export const accountabilityRoutes: RouteModule = (routes, deps) => {
  // ---- master data ----
  routes.add({
    method: 'put',
    path: '/api/v1/people/{id}',
    summary: "Create or replace a person's accounting record: unit path and base points (P12, P13); userId links the API user",
    tags: ['accounting'],
    access: 'user',
    roles: ['hr'],
    params: zPersonParam,
    body: zPersonBody(),
    createsOnPut: true,
    response: zPersonView,
    handler: async ({ user, params, body }) => {
      const { person, created } = await putPerson(deps.db, params.id, body, user.id, deps.now());
      return { status: created ? 201 : 200, body: person };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/people',
    summary: "People's accounting records (personal data: the accounting roles see all, a person their own)",
    tags: ['accounting'],
    access: 'user',
    query: z.object({ unit: z.string().max(200).optional(), ...zPageQuery }).strict(),
    response: page(zPersonView),
    handler: async ({ user, query }) => {
      const ids = await scopedPersonIds(deps, user);
      return { body: await listPeople(deps.db, { ...query, ...(ids ? { ids } : {}) }) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/people/{id}',
    summary: "A person's accounting record",
    tags: ['accounting'],
    access: 'user',
    params: zPersonParam,
    response: zPersonView,
    handler: async ({ user, params }) => {
      await scopedPersonIds(deps, user, params.id);
      const person = await getPerson(deps.db, params.id);
      if (!person) throw new AppError('not_found', `No person ${params.id}.`);
      return { body: person };
    },
  });

  routes.add({
    method: 'put',
    path: '/api/v1/bonuses/{month}/{personId}',
    summary: "Set a person's efficiency and performance bonus for a month (P10, P14)",
    tags: ['accounting'],
    access: 'user',
    roles: ['hr', 'accounting'],
    params: z.object({
      month: zMonth(),
      personId: zPersonIdParam('personId'),
    }),
    body: zBonusBody(),
    createsOnPut: true,
    response: zBonusView,
    handler: async ({ user, params, body }) => {
      const { bonus, created } = await putBonus(deps.db, params.month, params.personId, body, user.id, deps.now());
      return { status: created ? 201 : 200, body: bonus };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/bonuses',
    summary: "A month's bonuses (personal data)",
    tags: ['accounting'],
    access: 'user',
    query: z.object({ month: zMonth(), personId: zPersonId().optional() }).strict(),
    response: z.object({ items: z.array(zBonusView) }).strict(),
    handler: async ({ user, query }) => {
      const ids = await scopedPersonIds(deps, user, query.personId);
      return { body: { items: await listBonuses(deps.db, { month: query.month, ...(ids ? { personIds: ids } : {}) }) } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/penalty-grounds',
    summary: 'The fifteen penalty grounds (P11) and the penalty levels (P10)',
    tags: ['accounting'],
    access: 'user',
    response: zPenaltyGrounds,
    handler: async () => ({
      body: {
        grounds: PENALTY_GROUNDS.map((g) => ({ ground: g, label: PENALTY_GROUND_LABELS[g] })),
        levels: PENALTY_LEVELS.map((l) => ({ level: l, label: PENALTY_LEVEL_LABELS[l] })),
      },
    }),
  });

  // ---- each closed case's accountability ----
  const accountability = new CaseWorkflows(deps.temporal, deps.config.temporal.taskQueue, ACCOUNTABILITY_WORKFLOW, {
    view: (id) => getAccountabilityState(deps.db, id),
  }, deps.config.http.caseReadWaitMs);
  const view = (state: AccountabilityState, user: UserRecord) => accountabilityView(state, { personal: hasAnyRole(user, PERSONAL_DATA_ROLES) });

  routes.add({
    method: 'get',
    path: '/api/v1/accountability',
    summary: 'Closed cases and their accountability status (penalties to propose, approve, resell, publish)',
    tags: ['accounting'],
    access: 'user',
    roles: PERSONAL_DATA_ROLES,
    query: z
      .object({
        status: z.enum(['awaiting_proposal', 'awaiting_approval', 'resale_window', 'settling', 'settled', 'not_our_fault']).optional(),
        month: zMonth().optional().describe('month of closing'),
        ...zPageQuery,
      })
      .strict(),
    response: page(zAccountabilityView),
    handler: async ({ user, query }) => {
      const { states, nextCursor } = await listAccountability(deps.db, query);
      return { body: { items: states.map((s) => view(s, user)), nextCursor } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/accountability/{id}',
    summary: "A closed case's accountability: allocation (P9, P12), proposal and decision (P2), resale (P8), charges (P13)",
    tags: ['accounting'],
    access: 'user',
    roles: CASE_READ_ROLES,
    params: zIdParam,
    response: zAccountabilityView,
    handler: async ({ user, params }) => {
      const state = await getAccountabilityState(deps.db, params.id);
      if (!state) throw new AppError('not_found', `No accountability for case ${params.id}: it opens when the complaint is closed.`);
      return { body: view(state, user) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/accountability/{id}/actions',
    summary: 'propose (gm_office) · approve / reject (gm) · record_resale (sales, accounting) · publish (hr); 403 wrong role, 409 wrong state, 400 bad data',
    tags: ['accounting'],
    access: 'user',
    params: zIdParam,
    body: accountabilityActionSchemas.union(),
    successStatus: 200,
    response: zAccountabilityView,
    handler: async ({ user, params, body }) => {
      if (body.action === 'propose' && hasAnyRole(user, ['gm_office'])) {
        // P13 needs the people charged on file: refuse a proposal naming someone unknown, before anything changes.
        const state = await accountability.read(params.id).catch(() => null);
        if (state) await checkPeopleOnFile(deps, state, body.lines);
      }
      const state = await accountability.act(params.id, { actor: { id: user.id, name: user.name, roles: user.roles }, command: body });
      return { status: 200, body: view(state, user) };
    },
  });

  // ---- penalties, ledger, notices ----
  routes.add({
    method: 'get',
    path: '/api/v1/penalties',
    summary: "A month's penalty charges (P10, P13) and deduction ledger (P14): JSON, CSV (?format=csv, the charges) or printable HTML",
    tags: ['accounting'],
    access: 'user',
    query: z.object({ month: zMonth(), personId: zPersonId().optional(), format: zFormat }).strict(),
    alternates: ['text/csv', 'text/html'],
    response: z.object({ month: zMonthString, items: z.array(zPenaltyRow), ledger: z.array(zLedgerRow) }).strict(),
    handler: async ({ user, query }) => {
      const ids = await scopedPersonIds(deps, user, query.personId);
      const items = await listCharges(deps.db, { month: query.month, ...(ids ? { personIds: ids } : {}) });
      const ledger = await ledgerForMonth(deps.db, query.month, deps.config.accounting.monthlyCapBp, ids);
      if (query.format === 'csv') return { body: penaltiesCsv(items), contentType: 'text/csv; charset=utf-8', headers: { 'Content-Disposition': `attachment; filename="penalties-${query.month}.csv"` } };
      if (query.format === 'html') return { body: penaltiesHtml(query.month, items, ledger), contentType: 'text/html; charset=utf-8' };
      return { body: { month: query.month, items, ledger } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/ledger',
    summary: "A month's deduction ledger (P14): settled months as booked, the others provisional; JSON or CSV",
    tags: ['accounting'],
    access: 'user',
    query: z.object({ month: zMonth(), personId: zPersonId().optional(), format: z.enum(['json', 'csv']).default('json') }).strict(),
    alternates: ['text/csv'],
    response: z.object({ month: zMonthString, items: z.array(zLedgerRow) }).strict(),
    handler: async ({ user, query }) => {
      const ids = await scopedPersonIds(deps, user, query.personId);
      const items = await ledgerForMonth(deps.db, query.month, deps.config.accounting.monthlyCapBp, ids);
      if (query.format === 'csv') return { body: ledgerCsv(items), contentType: 'text/csv; charset=utf-8' };
      return { body: { month: query.month, items } };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/ledger/{month}/settle',
    summary: 'Settle the deduction ledger through a month that is over (P14; the monthly schedule does this on its own)',
    tags: ['accounting'],
    access: 'user',
    roles: ['accounting'],
    params: z.object({ month: zMonth() }),
    successStatus: 200,
    response: z.object({ month: zMonthString, entries: z.number().int().describe('ledger months written') }).strict(),
    handler: async ({ params }) => {
      const { entries } = await settleLedgerThrough(deps.db, params.month, deps.config.accounting.monthlyCapBp, deps.now(), deps.config.timeZone);
      return { status: 200, body: { month: params.month, entries } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/penalty-notices',
    summary: 'Reward/penalty notices (P2), one per penalised party, three copies each',
    tags: ['accounting'],
    access: 'user',
    query: z.object({ month: zMonth().optional().describe('month of approval'), caseId: z.string().uuid().optional() }).strict(),
    response: z.object({ items: z.array(zPenaltyNoticeView) }).strict(),
    handler: async ({ user, query }) => {
      const scope = await personalScope(deps, user);
      const items = await listPenaltyNotices(deps.db, query);
      return { body: { items: scope.all ? items : items.filter((n) => n.party === scope.personId || n.charges.some((c) => c.personId === scope.personId)) } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/penalty-notices/{number}',
    summary: 'A reward/penalty notice (P2); ?format=html prints its three copies',
    tags: ['accounting'],
    access: 'user',
    params: z.object({ number: z.string().regex(/^RP-[A-Za-z0-9-]{1,60}$/, 'must be a notice number such as RP-2611-03-1').openapi({ param: { name: 'number', in: 'path' } }) }),
    query: z.object({ format: z.enum(['json', 'html']).default('json') }).strict(),
    alternates: ['text/html'],
    response: zPenaltyNoticeView,
    handler: async ({ user, params, query }) => {
      const scope = await personalScope(deps, user);
      const found = await getPenaltyNotice(deps.db, params.number);
      const own = found && (scope.all || found.view.party === scope.personId || found.view.charges.some((c) => c.personId === scope.personId));
      if (!found || !own) throw new AppError('not_found', `No penalty notice ${params.number}.`);
      if (query.format === 'html') return { body: penaltyNoticeHtml(found.print), contentType: 'text/html; charset=utf-8' };
      return { body: found.view };
    },
  });
};

/** P13: everyone a proposal charges by name must be on file (their base points); 400 naming the line otherwise. */
async function checkPeopleOnFile(deps: ApiDeps, state: AccountabilityState, lines: { entry: number; chargeTo?: { unit: string } | { person: string }; waive?: boolean }[]): Promise<void> {
  const details: ErrorDetail[] = [];
  const targets = allocationTargetsOf(state);
  for (const [i, line] of lines.entries()) {
    if (line.waive) continue;
    const target = targets[line.entry];
    const named = line.chargeTo ? ('person' in line.chargeTo ? line.chargeTo.person : null) : target?.kind === 'person' ? target.person : null;
    if (named === null) continue;
    if (!(await getPerson(deps.db, named))) {
      details.push({
        field: line.chargeTo ? `lines.${i}.chargeTo.person` : `lines.${i}`,
        message: `person "${named}" is not on file (PUT /api/v1/people/{id}); ${line.chargeTo ? '' : 'name them by id with chargeTo.person, or '}register them first`,
      });
    }
  }
  if (details.length) throw new AppError('invalid_input', 'The proposal names people who are not on file.', details);
}
