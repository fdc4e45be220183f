// Spare parts (O4): the published price list, stock per service centre and its receipts, and part
// requests from repairs with their actions (approve, reject, issue, record_replaced, return_unused,
// cancel: 403 wrong role or person, 409 wrong status, 400 bad data; a refusal changes nothing).
import { AppError } from '../../domain/errors';
import { text } from '../../domain/fields';
import {
  PART_NO_TEXT,
  PART_REQUEST_ACTIONS,
  PART_REQUEST_STATUSES,
  rolesThatMayTake,
  zPartNo,
  zPartRequestAction,
  zPartRequestFiling,
  zStockReceipt,
} from '../../domain/operations/partRequest';
import { PART_KINDS, zSparePartInput, zSparePartPatch } from '../../domain/operations/schemas';
import { type Actor, type Role, hasAnyRole } from '../../domain/roles';
import {
  actOnPartRequest,
  createPart,
  filePartRequest,
  getPartRequest,
  listPartRequests,
  listParts,
  patchPart,
  receiveStock,
  stockLevels,
  zPartRequestView,
  zSparePartView,
  zStockLevelView,
  zStockReceiptResult,
} from '../../services/parts';
import type { UserRecord } from '../../services/users';
import type { ApiDeps, RouteModule } from '../context';
import { idempotentResponse } from '../http';
import { page, zBooleanQuery, zIdParam, zPageQuery } from '../schemas/common';
import { z } from '../zod';

const OFFICE: readonly Role[] = ['warehouse', 'service_supervisor', 'service_dept', 'accounting', 'branch_manager', 'gm', 'vp', 'auditor', 'admin'];
const PRICE_LIST_READERS: readonly Role[] = ['technician', 'clerk', ...OFFICE];
const REQUEST_READERS: readonly Role[] = ['technician', ...OFFICE];

/** A technician with no office role reads only their own requests. */
const onlyOwn = (user: UserRecord) => user.roles.includes('technician') && !hasAnyRole(user, OFFICE);
const actorOf = (user: UserRecord): Actor => ({ id: user.id, name: user.name, roles: user.roles });

const zPartNoParam = z.object({
  partNo: z
    .string()
    .refine((s) => zPartNo.safeParse(s).success, 'must be a part number: letters, digits, . _ / -, at most 100 characters')
    .meta({ pattern: PART_NO_TEXT.source })
    .openapi({ param: { name: 'partNo', in: 'path' } }),
});

export const partRoutes: RouteModule = (routes, deps: ApiDeps) => {
  const ctx = () => ({ now: deps.now(), timeZone: deps.config.timeZone, budgetWarningShareBp: deps.config.operations.budgetWarningShareBp });

  routes.add({
    method: 'get',
    path: '/api/v1/parts',
    summary: 'The published price list: parts and maintenance items with cost and list price (O4)',
    tags: ['parts'],
    access: 'user',
    roles: PRICE_LIST_READERS,
    query: z.object({ kind: z.enum(PART_KINDS).optional(), active: zBooleanQuery.optional(), ...zPageQuery }).strict(),
    response: page(zSparePartView),
    handler: async ({ query }) => ({ body: await listParts(deps.db, query) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/parts',
    summary: 'Add a part or maintenance item to the price list (O4); 409 when the part number is listed',
    tags: ['parts'],
    access: 'user',
    roles: ['warehouse', 'service_dept'],
    body: zSparePartInput,
    response: zSparePartView,
    handler: async ({ body, user }) => ({ status: 201, body: await createPart(deps.db, body, user, deps.now()) }),
  });

  routes.add({
    method: 'patch',
    path: '/api/v1/parts/{partNo}',
    summary: 'Change a price list entry: list price, cost, name, or take it off the list (O4); parts already issued keep the price they were issued at',
    tags: ['parts'],
    access: 'user',
    roles: ['service_dept'],
    params: zPartNoParam,
    body: zSparePartPatch,
    response: zSparePartView,
    handler: async ({ params, body, user }) => ({ body: await patchPart(deps.db, params.partNo, body, user, deps.now()) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/stock',
    summary: "Stock per service centre: on hand, reserved for approved requests, available, and asked for by waiting requests (O4)",
    tags: ['parts'],
    access: 'user',
    roles: REQUEST_READERS,
    query: z.object({ centre: text(100).optional() }).strict(),
    response: z.object({ items: z.array(zStockLevelView) }).strict(),
    handler: async ({ query }) => ({ body: { items: await stockLevels(deps.db, query.centre) } }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/stock/receipts',
    summary: "Receive parts into a centre's store (O4); the centre's requests waiting for stock are served first-come",
    tags: ['parts'],
    access: 'user',
    roles: ['warehouse'],
    body: zStockReceipt,
    response: zStockReceiptResult,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/stock/receipts', key: req.get('Idempotency-Key'), body: req.body },
        async () => ({ status: 201, body: await receiveStock(deps.db, body, user, deps.now()) }),
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/part-requests',
    summary: 'The technician assigned to an open call requests parts for the repair (配件申请单, O4); the service supervisor decides',
    tags: ['parts'],
    access: 'user',
    roles: ['technician'],
    body: zPartRequestFiling,
    response: zPartRequestView,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/part-requests', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => ({ status: 201, body: await filePartRequest(deps.db, id, user, body, deps.now()) }),
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/part-requests',
    summary: 'List part requests, newest first; a technician sees their own',
    tags: ['parts'],
    access: 'user',
    roles: REQUEST_READERS,
    query: z
      .object({
        status: z.enum(PART_REQUEST_STATUSES).optional(),
        centre: text(100).optional(),
        callId: z.string().uuid('must be a UUID').optional(),
        ...zPageQuery,
      })
      .strict(),
    response: page(zPartRequestView),
    handler: async ({ query, user }) => ({ body: await listPartRequests(deps.db, { ...query, ...(onlyOwn(user) ? { technicianId: user.id } : {}) }) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/part-requests/{id}',
    summary: 'A part request with its lines and history',
    tags: ['parts'],
    access: 'user',
    roles: REQUEST_READERS,
    params: zIdParam,
    response: zPartRequestView,
    handler: async ({ params, user }) => {
      const view = await getPartRequest(deps.db, params.id);
      if (!view) throw new AppError('not_found', `No part request ${params.id}.`);
      if (onlyOwn(user) && view.technician.id !== user.id) throw new AppError('forbidden', "This is another technician's request.");
      return { body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/part-requests/{id}/actions',
    summary: `Act on a part request: ${PART_REQUEST_ACTIONS.join(', ')}. 403 wrong role or person, 409 wrong status, 400 invalid data; nothing changes on refusal`,
    tags: ['parts'],
    access: 'user',
    params: zIdParam,
    body: zPartRequestAction,
    successStatus: 200,
    response: zPartRequestView,
    refuseAction: async (user, action) => {
      const roles = rolesThatMayTake(action);
      return roles && !hasAnyRole(user, roles) ? `"${action}" needs one of the roles: ${roles.join(', ')}.` : null;
    },
    handler: async ({ params, body, user }) => ({ status: 200, body: await actOnPartRequest(deps.db, params.id, actorOf(user), body, ctx()) }),
  });
};
