// Complaint cases (API-CONTRACT "Complaint cases"): filing starts a complaintWorkflow whose id
// comes from the case id; actions are Updates answered synchronously; lists read the projection.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { initialComplaintState, complaintView } from '../../domain/complaint/machine';
import { zComplaintAction, zComplaintFiling } from '../../domain/complaint/schemas';
import { COMPLAINT_STAGES } from '../../domain/complaint/stages';
import { AppError } from '../../domain/errors';
import { complaintExists, listComplaints } from '../../services/complaints';
import { complaintRulesFrom } from '../../services/complaintRules';
import { replayWorkflow } from '../../services/replay';
import {
  type ComplaintWorkflowInput,
  complaintActionUpdate,
  complaintHistoryQuery,
  complaintQuery,
  complaintWorkflow,
  complaintWorkflowId,
} from '../../workflows/complaint';
import type { ApiDeps, RouteModule } from '../context';
import { page, zBooleanQuery, zIdParam, zMonth, zPageQuery } from '../schemas/common';
import { idempotentResponse } from '../http';
import { z } from '../zod';

const zComplaintView = z.object({}).passthrough().openapi('Complaint');
const zHistoryEvent = z
  .object({
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string() }),
    action: z.string(),
    stage: z.string(),
    data: z.record(z.string(), z.unknown()),
    comment: z.string().nullable(),
  })
  .openapi('HistoryEvent');

const READ_ROLES = [
  'sales', 'sales_manager', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'vp', 'gm',
  'accounting', 'warehouse', 'hr', 'service_dept', 'auditor', 'admin',
] as const;

async function withCase<T>(deps: ApiDeps, id: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new AppError('not_found', `No complaint ${id}.`);
    throw err;
  }
}

export const complaintRoutes: RouteModule = (routes, deps) => {
  const handle = (id: string) => deps.temporal.workflow.getHandle(complaintWorkflowId(id));

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
          try {
            await deps.temporal.workflow.start(complaintWorkflow, {
              workflowId: complaintWorkflowId(id),
              taskQueue: deps.config.temporal.taskQueue,
              args: [input],
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
              workflowIdConflictPolicy: 'FAIL',
            });
          } catch (err) {
            // A retry of a filing whose workflow already started: answer with the case as it is.
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
            return { status: 201, body: await handle(id).query(complaintQuery) };
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
    handler: async ({ params }) => ({ body: await withCase(deps, params.id, () => handle(params.id).query(complaintQuery)) }),
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
      try {
        const view = await handle(params.id).executeUpdate(complaintActionUpdate, {
          args: [{ actor: { id: user.id, name: user.name, roles: user.roles }, input: req.body }],
        });
        return { status: 200, body: view };
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        // A finished case's workflow takes no more updates: it exists, but no action is allowed.
        if (await complaintExists(deps.db, params.id)) throw new AppError('wrong_stage', 'The case is finished; no further actions are taken.');
        throw new AppError('not_found', `No complaint ${params.id}.`);
      }
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
      const events = await withCase(deps, params.id, () => handle(params.id).query(complaintHistoryQuery));
      return { body: { events: events.map((e) => ({ ...e, comment: e.comment ?? null })) } };
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
    handler: async ({ params }) => ({ body: await withCase(deps, params.id, () => replayWorkflow(deps.temporal, complaintWorkflowId(params.id))) }),
  });
};
