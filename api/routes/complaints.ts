// Complaint cases (API-CONTRACT "Complaint cases"): filing starts a complaintWorkflow whose id
// comes from the case id; actions are Updates answered synchronously; lists read the projection.
import { type ComplaintState, complaintView, initialComplaintState } from '../../domain/complaint/machine';
import { zComplaintAction, zComplaintFiling } from '../../domain/complaint/schemas';
import { COMPLAINT_STAGES } from '../../domain/complaint/stages';
import { AppError } from '../../domain/errors';
import { complaintExists, listComplaints } from '../../services/complaints';
import { complaintRulesFrom } from '../../config/caseRules';
import { replayWorkflow } from '../../temporal/replay';
import {
  type ComplaintWorkflowInput,
  complaintActionUpdate,
  complaintHistoryQuery,
  complaintQuery,
  complaintWorkflow,
  complaintWorkflowId,
} from '../../workflows/complaint';
import { actOnWorkflow, fromWorkflowOr, historyGone, historyView, projectedHistory, startCaseWorkflow, zCaseHistoryEvent } from '../caseWorkflows';
import type { RouteModule } from '../context';
import { page, zBooleanQuery, zIdParam, zMonth, zPageQuery } from '../schemas/common';
import { idempotentResponse } from '../http';
import { z } from '../zod';

const zComplaintView = z.object({}).passthrough().openapi('Complaint');
const zHistoryEvent = zCaseHistoryEvent('HistoryEvent');

const READ_ROLES = [
  'sales', 'sales_manager', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'vp', 'gm',
  'accounting', 'warehouse', 'hr', 'service_dept', 'auditor', 'admin',
] as const;

export const complaintRoutes: RouteModule = (routes, deps) => {
  const handle = (id: string) => deps.temporal.workflow.getHandle(complaintWorkflowId(id));
  /** The case from its workflow, or from the projection once the workflow is past retention. */
  const readCase = (id: string) =>
    fromWorkflowOr(`complaint ${id}`, () => handle(id).query(complaintQuery), async () => {
      const row = await deps.db.complaintCase.findUnique({ where: { id }, select: { state: true } });
      return row ? complaintView(JSON.parse(row.state) as ComplaintState, deps.now().getTime()) : null;
    });

  routes.add({
    method: 'post',
    path: '/api/v1/complaints',
    summary: 'File a complaint (C3); starts its workflow at stage registration',
    tags: ['complaints'],
    access: 'user',
    roles: ['sales'],
    body: zComplaintFiling,
    response: zComplaintView,
    handler: async ({ req, user, body }) => {
      if (body.parentId && !(await complaintExists(deps.db, body.parentId))) {
        throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'parentId', message: 'no complaint has this id' }]);
      }
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/complaints', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => {
          const input: ComplaintWorkflowInput = {
            id,
            filing: body,
            filedBy: { id: user.id, name: user.name },
            filedAt: deps.now().toISOString(),
            rules: complaintRulesFrom(deps.config),
          };
          if ((await startCaseWorkflow(deps, complaintWorkflow, complaintWorkflowId(id), input)) === 'already_started') {
            // A retry of a filing whose workflow already started: answer with the case as it is.
            return { status: 201, body: await readCase(id) };
          }
          return { status: 201, body: complaintView(initialComplaintState(input), Date.parse(input.filedAt)) };
        },
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/complaints',
    summary: 'List complaint cases',
    tags: ['complaints'],
    access: 'user',
    roles: READ_ROLES,
    query: z
      .object({
        status: z.enum(['open', 'closed', 'rejected', 'withdrawn']).optional(),
        stage: z.enum(COMPLAINT_STAGES).optional(),
        overdue: zBooleanQuery.optional(),
        month: zMonth.optional(),
        market: z.enum(['domestic', 'foreign']).optional(),
        parentId: z.string().uuid().optional(),
        ...zPageQuery,
      })
      .strict(),
    response: page(zComplaintView),
    handler: async ({ query }) => ({ body: await listComplaints(deps.db, query, deps.now()) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/complaints/{id}',
    summary: 'A complaint case as its workflow holds it',
    tags: ['complaints'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: zComplaintView,
    handler: async ({ params }) => ({ body: await readCase(params.id) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/complaints/{id}/actions',
    summary: 'Take an action on a case: 403 wrong role, 409 wrong stage, 400 invalid data; nothing changes on refusal',
    tags: ['complaints'],
    access: 'user',
    params: zIdParam,
    body: zComplaintAction,
    successStatus: 200,
    response: zComplaintView,
    handler: async ({ req, user, params }) => {
      const view = await actOnWorkflow(
        `complaint ${params.id}`,
        () => handle(params.id).executeUpdate(complaintActionUpdate, { args: [{ actor: { id: user.id, name: user.name, roles: user.roles }, input: req.body }] }),
        () => complaintExists(deps.db, params.id),
        'The case is finished; no further actions are taken.',
      );
      return { status: 200, body: view };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/complaints/{id}/history',
    summary: 'Who did what, when, with what data and comment, in order (G4)',
    tags: ['complaints'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: z.object({ events: z.array(zHistoryEvent) }),
    handler: async ({ params }) => {
      const events = await fromWorkflowOr(
        `complaint ${params.id}`,
        async () => historyView(await handle(params.id).query(complaintHistoryQuery)),
        () => projectedHistory(deps.db, 'complaint', params.id),
      );
      return { body: { events } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/complaints/{id}/replay',
    summary: "Replay the case's recorded Temporal history against the current workflow code (G4)",
    tags: ['complaints', 'audit'],
    access: 'user',
    roles: ['auditor', 'admin'],
    audit: true,
    params: zIdParam,
    response: z.object({ ok: z.boolean(), eventCount: z.number().int(), error: z.string().optional() }).openapi('ReplayResult'),
    handler: async ({ params }) => ({ body: await fromWorkflowOr(`complaint ${params.id}`, () => replayWorkflow(deps.temporal, complaintWorkflowId(params.id)), () => historyGone(deps, 'complaintCase', params.id)) }),
  });
};
