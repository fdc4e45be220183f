// Returns, allowances and held receivables after a complaint's decision (rules P3–P7): each a
// record with its state, created with an Idempotency-Key and moved on by the role that holds it.
import { zAllowanceAction, zAllowanceCreate, zReceivableHoldCreate, zReturnFormAction, zReturnFormCreate } from '../../domain/accountability/returns';
import { text } from '../../domain/fields';
import type { Role } from '../../domain/roles';
import {
  actOnAllowance,
  actOnReturnForm,
  createAllowance,
  createHold,
  createReturnForm,
  getAllowance,
  getReturnForm,
  holdsSummary,
  listAllowances,
  listHolds,
  listReturnForms,
  releaseHold,
} from '../../services/returns';
import { allowanceView, returnFormView, zAllowanceView, zReturnFormView } from '../../domain/accountability/returns';
import { type CaseLoader, projectedCase, zHoldsSummary, zReceivableHoldView } from '../../services/returns';
import { complaintStateFromWorkflow } from '../../temporal/cases';
import type { ApiDeps, RouteModule } from '../context';
import { idempotentResponse } from '../http';
import { page, zIdParam, zMonth, zPageQuery } from '../schemas/common';
import { z } from '../zod';

const READ_ROLES: readonly Role[] = ['sales', 'sales_manager', 'warehouse', 'accounting', 'gm_office', 'vp', 'gm', 'auditor', 'admin'];
const actor = (user: { id: string; name: string; roles: Role[] }) => ({ id: user.id, name: user.name, roles: user.roles });

/** The case from the read model, or from its workflow when the projection has not caught up yet. */
function caseLoader(deps: ApiDeps): CaseLoader {
  const projected = projectedCase(deps.db);
  return async (caseId) => {
    const state = await projected(caseId);
    return state ?? complaintStateFromWorkflow(deps.temporal, caseId, deps.config.http.caseReadWaitMs);
  };
}

export const returnRoutes: RouteModule = (routes, deps) => {
  // ---- finished-goods return forms (P3, P4, P5, P7) ----
  routes.add({
    method: 'post',
    path: '/api/v1/returns',
    idempotent: true,
    summary: 'Issue a finished-goods return form (P3: four copies, reason, handling, basis) for a decided complaint',
    tags: ['returns'],
    access: 'user',
    roles: ['sales'],
    body: zReturnFormCreate,
    response: zReturnFormView,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run({ userId: user.id, scope: 'POST /api/v1/returns', key: req.get('Idempotency-Key'), body: req.body }, async (id) => ({
        status: 201,
        body: await createReturnForm(deps.db, caseLoader(deps), id, body, actor(user), deps.now(), deps.config.accounting.returnToleranceBp),
      }));
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/returns',
    summary: 'Return forms',
    tags: ['returns'],
    access: 'user',
    roles: READ_ROLES,
    query: z.object({ caseId: z.string().uuid().optional(), status: z.enum(['issued', 'received', 'referred', 'booked']).optional(), ...zPageQuery }).strict(),
    response: page(zReturnFormView),
    handler: async ({ query }) => ({ body: await listReturnForms(deps.db, query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/returns/{id}',
    summary: 'A return form with its history',
    tags: ['returns'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: zReturnFormView,
    handler: async ({ params }) => ({ body: returnFormView((await getReturnForm(deps.db, params.id)).form) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/returns/{id}/actions',
    summary: 'receive (warehouse, P5) · attach_proof (sales, accounting, P7) · match (accounting, P4) · resolve (gm_office or a decision tier, P4)',
    tags: ['returns'],
    access: 'user',
    params: zIdParam,
    body: zReturnFormAction,
    successStatus: 200,
    response: zReturnFormView,
    handler: async ({ user, params, body }) => ({ status: 200, body: await actOnReturnForm(deps.db, params.id, actor(user), body, deps.now()) }),
  });

  // ---- sales-allowance certificates (P3, P7) ----
  routes.add({
    method: 'post',
    path: '/api/v1/allowances',
    idempotent: true,
    summary: 'Issue a sales-allowance (or compensation) certificate (P3: two copies) for a decided complaint',
    tags: ['returns'],
    access: 'user',
    roles: ['sales'],
    body: zAllowanceCreate,
    response: zAllowanceView,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run({ userId: user.id, scope: 'POST /api/v1/allowances', key: req.get('Idempotency-Key'), body: req.body }, async (id) => ({
        status: 201,
        body: await createAllowance(deps.db, caseLoader(deps), id, body, actor(user), deps.now()),
      }));
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/allowances',
    summary: 'Allowance certificates',
    tags: ['returns'],
    access: 'user',
    roles: READ_ROLES,
    query: z.object({ caseId: z.string().uuid().optional(), status: z.enum(['issued', 'signed', 'booked']).optional(), ...zPageQuery }).strict(),
    response: page(zAllowanceView),
    handler: async ({ query }) => ({ body: await listAllowances(deps.db, query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/allowances/{id}',
    summary: 'An allowance certificate with its signatures and history',
    tags: ['returns'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: zAllowanceView,
    handler: async ({ params }) => ({ body: allowanceView((await getAllowance(deps.db, params.id)).cert) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/allowances/{id}/actions',
    summary: 'sign as manager (sales_manager, vp) / gm (gm) / customer (sales records it) · attach_proof (P7) · book (accounting)',
    tags: ['returns'],
    access: 'user',
    params: zIdParam,
    body: zAllowanceAction,
    successStatus: 200,
    response: zAllowanceView,
    handler: async ({ user, params, body }) => ({ status: 200, body: await actOnAllowance(deps.db, params.id, actor(user), body, deps.now()) }),
  });

  // ---- receivables held up by a complaint (P6) ----
  routes.add({
    method: 'post',
    path: '/api/v1/receivable-holds',
    idempotent: true,
    summary: "Record a receivable held up by a complaint: its amount is left out of the salesperson's collection rate (P6)",
    tags: ['returns'],
    access: 'user',
    roles: ['sales', 'accounting'],
    body: zReceivableHoldCreate,
    response: zReceivableHoldView,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run({ userId: user.id, scope: 'POST /api/v1/receivable-holds', key: req.get('Idempotency-Key'), body: req.body }, async (id) => ({
        status: 201,
        body: await createHold(deps.db, caseLoader(deps), id, body, actor(user), deps.now()),
      }));
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/receivable-holds',
    summary: 'Held receivables (P6)',
    tags: ['returns'],
    access: 'user',
    roles: ['sales', 'sales_manager', 'accounting', 'hr', 'gm_office', 'gm', 'auditor'],
    query: z
      .object({ caseId: z.string().uuid().optional(), salespersonId: z.string().max(100).optional(), status: z.enum(['held', 'released']).optional(), ...zPageQuery })
      .strict(),
    response: page(zReceivableHoldView),
    handler: async ({ query }) => ({ body: await listHolds(deps.db, query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/receivable-holds/summary',
    summary: "P6: per salesperson, the held amount left out of the month's collection-rate bonus",
    tags: ['returns'],
    access: 'user',
    roles: ['sales_manager', 'accounting', 'hr', 'gm_office', 'gm', 'auditor'],
    query: z.object({ month: zMonth() }).strict(),
    response: zHoldsSummary,
    handler: async ({ query }) => ({ body: await holdsSummary(deps.db, query.month, deps.config.timeZone) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/receivable-holds/{id}/actions',
    summary: 'release (accounting): the receivable is no longer held up',
    tags: ['returns'],
    access: 'user',
    roles: ['accounting'],
    params: zIdParam,
    body: z.object({ action: z.literal('release'), comment: text(2000).optional() }).strict(),
    successStatus: 200,
    response: zReceivableHoldView,
    handler: async ({ user, params }) => ({ status: 200, body: await releaseHold(deps.db, params.id, actor(user), deps.now()) }),
  });
};
