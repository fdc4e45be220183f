// Service operations (O1–O3, O5): the monthly cost budget and cost claims, the activity points table,
// and the reports a service director runs the department by: service costs against budget, spare
// parts, activity points, service orders and the quantified goals. Every report answers JSON, or CSV
// and a print view with ?format=csv|html.
import { AppError } from '../../domain/errors';
import { text, zMonth } from '../../domain/fields';
import { ACTIVITY_TYPES } from '../../domain/operations/activity';
import { zPeriod } from '../../domain/operations/period';
import { zActivityPointsInput, zCostClaimAction, zCostClaimFiling, zServiceBudget } from '../../domain/operations/schemas';
import { type Actor, type Role, hasAnyRole } from '../../domain/roles';
import { activityPointsReport, listActivityTypes, setActivityPoints, zActivityPointsReport, zActivityTypeView } from '../../services/activityPoints';
import { kpiReport, partsReport, serviceOrdersReport, zKpiReport, zPartsReport, zServiceOrdersReport } from '../../services/operationsReports';
import {
  CLAIM_STATUSES,
  decideCostClaim,
  fileCostClaim,
  getBudget,
  getCostClaim,
  listCostClaims,
  serviceCostReport,
  setBudget,
  zCostClaimView,
  zServiceBudgetView,
  zServiceCostReport,
} from '../../services/serviceCosts';
import type { UserRecord } from '../../services/users';
import type { ApiDeps, RouteModule } from '../context';
import type { HandlerResult } from '../http';
import { idempotentResponse } from '../http';
import {
  type ReportLayout,
  activityLayout,
  kpiLayout,
  layoutCsv,
  layoutHtml,
  partsLayout,
  serviceCostLayout,
  serviceOrdersLayout,
} from '../render/operationsReports';
import { page, zIdParam, zPageQuery } from '../schemas/common';
import { z } from '../zod';

/** Who reads the department's figures. */
const DIRECTORS: readonly Role[] = ['service_dept', 'service_supervisor', 'branch_manager', 'accounting', 'gm', 'vp', 'auditor', 'admin'];
const CLAIM_READERS: readonly Role[] = ['technician', 'service_supervisor', 'service_dept', 'accounting', 'auditor', 'admin'];

const zFormat = z.enum(['json', 'csv', 'html']).default('json').describe('json (default), csv, or html for printing');
const zRegion = text(100).optional().describe('a region of SERVICE_REGIONS, or a service centre not in any region; all when absent');
const zMonthParam = z.object({ month: zMonth() });
const actorOf = (user: UserRecord): Actor => ({ id: user.id, name: user.name, roles: user.roles });

/** The report as JSON, CSV or HTML. */
function answer<R>(report: R, format: 'json' | 'csv' | 'html', layout: (r: R) => ReportLayout): HandlerResult {
  if (format === 'csv') return { body: layoutCsv(layout(report)), contentType: 'text/csv; charset=utf-8' };
  if (format === 'html') return { body: layoutHtml(layout(report)), contentType: 'text/html; charset=utf-8' };
  return { body: report };
}

export const serviceOperationsRoutes: RouteModule = (routes, deps: ApiDeps) => {
  const ops = () => deps.config.operations;

  // ---- O3: budgets and claims ----

  routes.add({
    method: 'put',
    path: '/api/v1/service-budgets/{month}',
    summary: "Set a month's service cost budget, every category in yuan (O3); 201 when the month had none",
    tags: ['service operations'],
    access: 'user',
    roles: ['service_dept'],
    params: zMonthParam,
    body: zServiceBudget,
    response: zServiceBudgetView,
    createsOnPut: true,
    handler: async ({ params, body, user }) => {
      const { created, view } = await setBudget(deps.db, params.month, body, user, deps.now(), ops().budgetWarningShareBp);
      return { status: created ? 201 : 200, body: view };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/service-budgets/{month}',
    summary: "A month's service cost budget per category (O3); 404 when none was set",
    tags: ['service operations'],
    access: 'user',
    roles: DIRECTORS,
    params: zMonthParam,
    response: zServiceBudgetView,
    handler: async ({ params }) => {
      const view = await getBudget(deps.db, params.month);
      if (!view) throw new AppError('not_found', `No budget for ${params.month}.`);
      return { body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/cost-claims',
    summary: 'A technician claims a cost spent (travel, vehicle, …) for the supervisor to approve (O3)',
    tags: ['service operations'],
    access: 'user',
    roles: ['technician'],
    body: zCostClaimFiling,
    response: zCostClaimView,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/cost-claims', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => ({ status: 201, body: await fileCostClaim(deps.db, id, user, body, deps.now(), deps.config.timeZone) }),
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/cost-claims',
    summary: 'Cost claims, newest first; a technician sees their own (O3)',
    tags: ['service operations'],
    access: 'user',
    roles: CLAIM_READERS,
    query: z.object({ month: zMonth().optional(), status: z.enum(CLAIM_STATUSES).optional(), ...zPageQuery }).strict(),
    response: page(zCostClaimView),
    handler: async ({ query, user }) => {
      const own = user.roles.includes('technician') && !hasAnyRole(user, CLAIM_READERS.filter((r) => r !== 'technician'));
      return { body: await listCostClaims(deps.db, { ...query, ...(own ? { claimantId: user.id } : {}) }) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/cost-claims/{id}/actions',
    summary: 'The service supervisor approves (the cost counts in the month it arose) or rejects a claim (O3); nobody decides their own; 409 when decided',
    tags: ['service operations'],
    access: 'user',
    roles: ['service_supervisor'],
    params: zIdParam,
    body: zCostClaimAction,
    successStatus: 200,
    response: zCostClaimView,
    handler: async ({ params, body, user }) => {
      if (!(await getCostClaim(deps.db, params.id))) throw new AppError('not_found', `No cost claim ${params.id}.`);
      return { status: 200, body: await decideCostClaim(deps.db, params.id, actorOf(user), body, deps.now(), ops().budgetWarningShareBp) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/reports/service-costs',
    summary: 'A month of service costs: actual against budget per category, by source, with the variance (O3). ?format=csv|html',
    tags: ['reports', 'service operations'],
    access: 'user',
    roles: DIRECTORS,
    query: z.object({ month: zMonth(), format: zFormat }).strict(),
    response: zServiceCostReport,
    alternates: ['text/csv', 'text/html'],
    handler: async ({ query }) => answer(await serviceCostReport(deps.db, query.month, ops().budgetWarningShareBp), query.format, serviceCostLayout),
  });

  // ---- O4: the parts report ----

  routes.add({
    method: 'get',
    path: '/api/v1/reports/parts',
    summary: 'A month of spare parts: requests, parts replaced inside and outside warranty with cost and who bears them, per region (O4). ?format=csv|html',
    tags: ['reports', 'parts'],
    access: 'user',
    roles: [...DIRECTORS, 'warehouse'],
    query: z.object({ month: zMonth(), region: zRegion, format: zFormat }).strict(),
    response: zPartsReport,
    alternates: ['text/csv', 'text/html'],
    handler: async ({ query }) =>
      answer(await partsReport(deps.db, query.month, { regions: ops().regions, region: query.region, timeZone: deps.config.timeZone }), query.format, partsLayout),
  });

  // ---- O2: activity types and points ----

  routes.add({
    method: 'get',
    path: '/api/v1/activity-types',
    summary: 'Activity types and the points each is worth (O2)',
    tags: ['service operations'],
    access: 'user',
    roles: ['technician', 'clerk', ...DIRECTORS],
    response: z.object({ items: z.array(zActivityTypeView) }).strict(),
    handler: async () => ({ body: { items: await listActivityTypes(deps.db) } }),
  });

  routes.add({
    method: 'put',
    path: '/api/v1/activity-types/{type}',
    summary: 'Set the points an activity type is worth from now on (O2); activities already recorded keep theirs',
    tags: ['service operations'],
    access: 'user',
    roles: ['service_dept'],
    params: z.object({ type: z.enum(ACTIVITY_TYPES).openapi({ param: { name: 'type', in: 'path' } }) }),
    body: zActivityPointsInput,
    response: zActivityTypeView,
    handler: async ({ params, body, user }) => ({ body: await setActivityPoints(deps.db, params.type, body.points, user, deps.now()) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/reports/activity-points',
    summary: 'Activities and points of a period per type, technician and region, ranked, with daily and weekly counts (O2). ?format=csv|html',
    tags: ['reports', 'service operations'],
    access: 'user',
    roles: DIRECTORS,
    query: z.object({ period: zPeriod, region: zRegion, format: zFormat }).strict(),
    response: zActivityPointsReport,
    alternates: ['text/csv', 'text/html'],
    handler: async ({ query }) => answer(await activityPointsReport(deps.db, query.period, { regions: ops().regions, region: query.region }), query.format, activityLayout),
  });

  // ---- O5: service orders ----

  routes.add({
    method: 'get',
    path: '/api/v1/reports/service-orders',
    summary: 'Requests received, execution orders issued, receipts returned and the execution rate of a period, per region (O5). ?format=csv|html',
    tags: ['reports', 'service operations'],
    access: 'user',
    roles: DIRECTORS,
    query: z.object({ period: zPeriod, region: zRegion, format: zFormat }).strict(),
    response: zServiceOrdersReport,
    alternates: ['text/csv', 'text/html'],
    handler: async ({ query }) =>
      answer(
        await serviceOrdersReport(deps.db, query.period, { regions: ops().regions, region: query.region, timeZone: deps.config.timeZone, now: deps.now() }),
        query.format,
        serviceOrdersLayout,
      ),
  });

  // ---- O1: the quantified goals ----

  routes.add({
    method: 'get',
    path: '/api/v1/kpis',
    summary: 'The quantified goals of a period: each with value, target, met, the counts it was computed from and the trend of the previous periods (O1). ?format=csv|html',
    tags: ['reports', 'service operations'],
    access: 'user',
    roles: DIRECTORS,
    query: z
      .object({
        period: zPeriod,
        region: zRegion,
        trend: z
          .string()
          .regex(/^(1[0-2]|[0-9])$/, 'must be a whole number from 0 to 12')
          .default('3')
          .transform(Number)
          .describe('how many previous periods the trend shows (0–12, default 3)'),
        format: zFormat,
      })
      .strict(),
    response: zKpiReport,
    alternates: ['text/csv', 'text/html'],
    handler: async ({ query }) =>
      answer(
        await kpiReport(deps.db, query.period, {
          regions: ops().regions,
          region: query.region,
          targets: ops().kpiTargets,
          repeatWindowMs: ops().repeatRepairWindowMs,
          timeZone: deps.config.timeZone,
          trend: query.trend,
        }),
        query.format,
        kpiLayout,
      ),
  });
};
