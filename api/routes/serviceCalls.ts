// Service calls (docs/API.md, "Service calls"): registration derives the category (S1) and the
// arrival deadline (S14) and starts a serviceCallWorkflow; actions are Updates answered
// synchronously (403 wrong role or not the assigned technician, 409 wrong stage, 400 invalid data;
// nothing changes on refusal); lists read the projection.
import { AppError } from '../../domain/errors';
import { localDateIn } from '../../domain/localTime';
import { type Actor, hasAnyRole } from '../../domain/roles';
import { initialServiceCallState, serviceCallView } from '../../domain/serviceCall/machine';
import { zServiceCallAction, zServiceCallRegistration } from '../../domain/serviceCall/schemas';
import { CALL_CATEGORIES, SERVICE_CALL_STAGES, SERVICE_READ_ROLES } from '../../domain/serviceCall/stages';
import { zServiceCallHistoryEvent, zServiceCallView } from '../../domain/serviceCall/views';
import { recordedHistory } from '../../services/caseEvents';
import { projectCreated } from '../../services/readYourWrites';
import { categorizeCall, listServiceCalls, onlyOwnCalls, projectServiceCall, serviceCallFromProjection } from '../../services/serviceCalls';
import { newServiceCallInput } from '../../config/caseRules';
import { assignNumber } from '../../services/numbering';
import type { UserRecord } from '../../services/users';
import { CaseWorkflows } from '../../temporal/caseWorkflows';
import { SERVICE_CALL_WORKFLOW } from '../../temporal/cases';
import type { ServiceCallActionRequest } from '../../workflows/serviceCall';
import type { ApiDeps, RouteModule } from '../context';
import { idempotentResponse } from '../http';
import { page, zBooleanQuery, zIdParam, zPageQuery, zReplayResult } from '../schemas/common';
import { z } from '../zod';

const actorOf = (user: UserRecord): Actor => ({ id: user.id, name: user.name, roles: user.roles });

export const serviceCallRoutes: RouteModule = (routes, deps: ApiDeps) => {
  const calls = new CaseWorkflows(deps.temporal, deps.config.temporal.taskQueue, SERVICE_CALL_WORKFLOW, {
    view: (id) => serviceCallFromProjection(deps.db, id, deps.now()),
    history: (id) => recordedHistory(deps.db, 'service_call', id),
  }, deps.config.http.caseReadWaitMs);
  /** A technician without a broader role reads only the calls assigned to them. */
  const readCall = async (user: UserRecord, id: string) => {
    const view = await calls.read(id);
    if (onlyOwnCalls(user) && view.technician?.id !== user.id) throw new AppError('forbidden', 'This call is assigned to another technician.');
    return view;
  };

  routes.add({
    method: 'post',
    path: '/api/v1/service-calls',
    idempotent: true,
    summary: 'Register a service call (S2): category derived (S1), arrival deadline set (S14), voucher drawn; starts its workflow at stage dispatch',
    tags: ['service calls'],
    access: 'user',
    roles: ['clerk'],
    body: zServiceCallRegistration,
    response: zServiceCallView,
    handler: async ({ req, user, body }) => {
      const now = deps.now();
      const { category, basis } = await categorizeCall(deps.db, body, localDateIn(deps.config.timeZone, now));
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/service-calls', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => {
          const number = await assignNumber(deps.db, 'service_call', id, now, deps.config.timeZone);
          const input = newServiceCallInput(deps.config, { id, number, registration: body, category, basis, registeredBy: { id: user.id, name: user.name }, at: now });
          if ((await calls.start(id, input)) === 'already_started') {
            return { status: 201, body: await calls.read(id) };
          }
          const state = initialServiceCallState(input);
          // Read your writes: the call is in the register (and may be referred to) as soon as the answer is given.
          await projectCreated(() => projectServiceCall(deps.db, SERVICE_CALL_WORKFLOW.workflowId(id), state, deps.config.timeZone));
          return { status: 201, body: serviceCallView(state, now.getTime()) };
        },
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/service-calls',
    summary: 'List service calls (the call register); a technician sees the calls assigned to them',
    tags: ['service calls'],
    access: 'user',
    roles: SERVICE_READ_ROLES,
    query: z
      .object({
        status: z.enum(['open', 'closed']).optional(),
        stage: z.enum(SERVICE_CALL_STAGES).optional(),
        category: z.enum(CALL_CATEGORIES).optional(),
        technicianId: z.string().uuid('must be a UUID').optional(),
        overdue: zBooleanQuery.optional(),
        priority: zBooleanQuery.optional(),
        serviceCentre: z.string().max(100).optional(),
        ...zPageQuery,
      })
      .strict(),
    response: page(zServiceCallView),
    handler: async ({ query, user }) => {
      if (onlyOwnCalls(user)) {
        if (query.technicianId && query.technicianId !== user.id) throw new AppError('forbidden', 'A technician lists only their own calls.');
        return { body: await listServiceCalls(deps.db, { ...query, technicianId: user.id }, deps.now()) };
      }
      return { body: await listServiceCalls(deps.db, query, deps.now()) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/service-calls/{id}',
    summary: 'A service call as its workflow holds it',
    tags: ['service calls'],
    access: 'user',
    roles: SERVICE_READ_ROLES,
    params: zIdParam,
    response: zServiceCallView,
    handler: async ({ params, user }) => ({ body: await readCall(user, params.id) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/service-calls/{id}/actions',
    summary:
      'Take an action on a call: dispatch, arrive, resolve_on_site, carry_in, record_repair, report_delay, inspect, return. 403 wrong role or not the assigned technician, 409 wrong stage, 400 invalid data; nothing changes on refusal',
    tags: ['service calls'],
    access: 'user',
    params: zIdParam,
    body: zServiceCallAction,
    successStatus: 200,
    response: zServiceCallView,
    handler: async ({ user, params, body }) => {
      const request: ServiceCallActionRequest = { actor: actorOf(user), command: body };
      if (body.action === 'dispatch' && hasAnyRole(user, ['service_supervisor'])) {
        // S3: the technician must be a user with the technician role (the workflow cannot look it up).
        const tech = await deps.users.activeWithRole(body.technicianId, 'technician');
        if (!tech) {
          throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'technicianId', message: 'must be the id of a user with the technician role' }]);
        }
        request.context = { technician: { id: tech.id, name: tech.name } };
      }
      return { status: 200, body: await calls.act(params.id, request) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/service-calls/{id}/history',
    summary: 'Who did what, when, with what data, in order (G4)',
    tags: ['service calls'],
    access: 'user',
    roles: SERVICE_READ_ROLES,
    params: zIdParam,
    response: z.object({ events: z.array(zServiceCallHistoryEvent) }).strict(),
    handler: async ({ params, user }) => {
      await readCall(user, params.id);
      return { body: { events: await calls.history(params.id) } };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/service-calls/{id}/replay',
    summary: "Replay the call's recorded Temporal history against the current workflow code (G4)",
    tags: ['service calls', 'audit'],
    access: 'user',
    roles: ['auditor', 'admin'],
    audit: true,
    params: zIdParam,
    response: zReplayResult,
    handler: async ({ params }) => ({ body: await calls.replay(params.id) }),
  });
};
