// Complaint cases (docs/API.md, "Complaint cases"): filing starts a complaintWorkflow whose id
// comes from the case id; actions are Updates answered synchronously; lists read the projection.
import { newComplaintInput } from '../../config/caseRules';
import { highestDelegation } from '../../domain/complaint/controls';
import { complaintView, decisionsOf, initialComplaintState, rolesThatMayEverTake } from '../../domain/complaint/machine';
import { COMPLAINT_ACTIONS, type ComplaintActionName, complaintActionSchemas, zComplaintFiling } from '../../domain/complaint/schemas';
import { COMPLAINT_STAGES } from '../../domain/complaint/stages';
import { zComplaintHistoryEvent, zComplaintView, zDecisionExplanation } from '../../domain/complaint/views';
import { AppError } from '../../domain/errors';
import { text, zDate } from '../../domain/fields';
import { localDateIn } from '../../domain/localTime';
import { hasAnyRole } from '../../domain/roles';
import { recordedHistory } from '../../services/caseEvents';
import { complaintExists, complaintFromProjection, complaintStateFromProjection, listComplaints, projectComplaint } from '../../services/complaints';
import { projectCreated } from '../../services/readYourWrites';
import { StandInService } from '../../services/standIns';
import { CaseWorkflows } from '../../temporal/caseWorkflows';
import { COMPLAINT_WORKFLOW, complaintStateFromWorkflow } from '../../temporal/cases';
import type { RouteModule } from '../context';
import { page, zBooleanQuery, zIdParam, zMonth, zPageQuery, zReplayResult } from '../schemas/common';
import { idempotentResponse } from '../http';
import { z } from '../zod';

const READ_ROLES = [
  'sales', 'sales_manager', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'vp', 'gm',
  'accounting', 'warehouse', 'hr', 'service_dept', 'auditor', 'admin',
] as const;

export const complaintRoutes: RouteModule = (routes, deps) => {
  const complaints = new CaseWorkflows(deps.temporal, deps.config.temporal.taskQueue, COMPLAINT_WORKFLOW, {
    view: (id) => complaintFromProjection(deps.db, id, deps.now()),
    history: (id) => recordedHistory(deps.db, 'complaint', id),
  }, deps.config.http.caseReadWaitMs);
  /** The case's whole state: from its workflow, or from the projection once the workflow is gone. */
  const caseState = async (id: string) => {
    const state = (await complaintStateFromWorkflow(deps.temporal, id, deps.config.http.caseReadWaitMs)) ?? (await complaintStateFromProjection(deps.db, id));
    if (!state) throw new AppError('not_found', `No complaint ${id}.`);
    return state;
  };
  const standIns = new StandInService(deps.db, deps.users);
  const today = () => localDateIn(deps.config.timeZone, deps.now());

  routes.add({
    method: 'post',
    path: '/api/v1/complaints',
    idempotent: true,
    summary: 'File a complaint (C3); starts its workflow at stage registration',
    tags: ['complaints'],
    access: 'user',
    roles: ['sales'],
    body: zComplaintFiling(),
    response: zComplaintView,
    handler: async ({ req, user, body }) => {
      if (body.parentId && !(await complaintExists(deps.db, body.parentId))) {
        throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'parentId', message: 'no complaint has this id' }]);
      }
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/complaints', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => {
          const input = newComplaintInput(deps.config, { id, filing: body, filedBy: { id: user.id, name: user.name }, at: deps.now() });
          if ((await complaints.start(id, input)) === 'already_started') {
            // A retry of a filing whose workflow already started: answer with the case as it is.
            return { status: 201, body: await complaints.read(id) };
          }
          const state = initialComplaintState(input);
          // Read your writes: the case is in the lists (and may be referred to) as soon as the answer is given.
          await projectCreated(() => projectComplaint(deps.db, COMPLAINT_WORKFLOW.workflowId(id), state));
          return { status: 201, body: complaintView(state, Date.parse(input.filedAt)) };
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
        month: zMonth().optional(),
        market: z.enum(['domestic', 'foreign']).optional(),
        parentId: z.string().uuid().optional(),
        productionUnit: text(100).optional().describe("the affected lot's production unit (manufacturing's traceability report)"),
        productionDate: zDate().optional().describe("the affected lot's production date"),
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
    handler: async ({ params }) => ({ body: await complaints.read(params.id) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/complaints/{id}/actions',
    summary: 'Take an action on a case: 403 wrong role, 409 wrong stage, 400 invalid data; nothing changes on refusal',
    tags: ['complaints'],
    access: 'user',
    params: zIdParam,
    body: complaintActionSchemas.union(),
    successStatus: 200,
    response: zComplaintView,
    refuseAction: async (user, action) => {
      if (!(COMPLAINT_ACTIONS as readonly string[]).includes(action)) return null;
      const roles = rolesThatMayEverTake(action as ComplaintActionName);
      if (roles === 'anyone' || hasAnyRole(user, roles)) return null;
      if (action === 'decide' && (await standIns.activeFor(user.id, today())).length > 0) return null;
      return `"${action}" needs one of the roles: ${roles.join(', ')}.`;
    },
    handler: async ({ user, params, body }) => {
      // G7: a decider's stand-in decides with the delegation of the highest tier they stand in for.
      const delegation = body.action === 'decide' ? highestDelegation(await standIns.activeFor(user.id, today())) : null;
      const request = { actor: { id: user.id, name: user.name, roles: user.roles }, command: body, ...(delegation ? { context: { delegation } } : {}) };
      return { status: 200, body: await complaints.act(params.id, request) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/complaints/{id}/decisions',
    summary: 'G7: each decision on the case and why it was allowed: the rules, the money at stake and how it was computed, the thresholds in force when the case was filed, the roles of the decider and any stand-in',
    tags: ['complaints', 'audit'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: z.object({ items: z.array(zDecisionExplanation) }).strict(),
    handler: async ({ params }) => ({ body: { items: decisionsOf(await caseState(params.id)) } }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/complaints/{id}/history',
    summary: 'Who did what, when, with what data and comment, in order (G4)',
    tags: ['complaints'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: z.object({ events: z.array(zComplaintHistoryEvent) }).strict(),
    handler: async ({ params }) => ({ body: { events: await complaints.history(params.id) } }),
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
    response: zReplayResult,
    handler: async ({ params }) => ({ body: await complaints.replay(params.id) }),
  });
};
