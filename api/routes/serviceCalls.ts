// Service calls (docs/API.md, "Service calls"): registration derives the category (S1) and the
// arrival deadline (S14) and starts a serviceCallWorkflow; actions are Updates answered
// synchronously (403 wrong role or not the assigned technician, 409 wrong stage, 400 invalid data;
// nothing changes on refusal); lists read the projection.
import { AppError } from '../../domain/errors';
import { localDateIn } from '../../domain/localTime';
import { type Actor, hasAnyRole } from '../../domain/roles';
import { initialServiceCallState, serviceCallView } from '../../domain/serviceCall/machine';
import { serviceCallActionSchemas, zServiceCallRegistration, zServiceCallRequest } from '../../domain/serviceCall/schemas';
import { type InstalledBaseFacts, fillRegistration, warrantyConflict } from '../../domain/installedBase/registration';
import { zServiceCallWithMachine } from '../../domain/installedBase/views';
import type { InstalledBaseLink } from '../../domain/serviceCall/machine';
import { type InstalledBaseMatch, installedBaseMatch, machineOf } from '../../services/products';
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

/** O6: what a registration found in the installed base, kept for the handler. */
interface Matched {
  match: InstalledBaseMatch;
  facts: InstalledBaseFacts;
  filled: string[];
}
const matchedOf = new WeakMap<object, Matched>();

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
    summary:
      'Register a service call (S2): category derived (S1), arrival deadline set (S14), voucher drawn; starts its workflow at stage dispatch. With the serial number of a product in the installed base, the customer, model, area and warranty end left out are taken from its file (O6)',
    tags: ['service calls'],
    access: 'user',
    roles: ['clerk'],
    body: zServiceCallRegistration(),
    documentedBody: zServiceCallRequest(),
    // O6: the installed base fills what the clerk left out before the registration is validated.
    prepareBody: async (raw, { req }) => {
      const serialNo = (raw as { serialNo?: unknown } | null)?.serialNo;
      if (typeof serialNo !== 'string' || serialNo.trim() === '' || serialNo.length > 100) return raw;
      const match = await installedBaseMatch(deps.db, serialNo.trim());
      if (!match) return raw;
      const facts: InstalledBaseFacts = {
        customerName: match.customer.name,
        address: match.site?.address ?? null,
        area: match.site?.area ?? null,
        phone: match.phone,
        productModel: match.product.model,
        warrantyUntil: match.product.warrantyUntil,
      };
      const { body, filled } = fillRegistration(raw, facts);
      matchedOf.set(req, { match, facts, filled });
      return body;
    },
    response: zServiceCallWithMachine,
    handler: async ({ req, user, body }) => {
      const now = deps.now();
      const today = localDateIn(deps.config.timeZone, now);
      const matched = matchedOf.get(req);
      let installedBase: InstalledBaseLink | undefined;
      if (matched) {
        const conflict = warrantyConflict((req.body as { warrantyUntil?: unknown }).warrantyUntil, matched.facts);
        if (conflict) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'warrantyUntil', message: conflict }]);
        installedBase = { productId: matched.match.product.id, customerId: matched.match.customer.id, filled: matched.filled };
      }
      const { category, basis } = await categorizeCall(deps.db, body, today);
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/service-calls', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => {
          const number = await assignNumber(deps.db, 'service_call', id, now, deps.config.timeZone);
          const input = newServiceCallInput(deps.config, { id, number, registration: body, category, basis, registeredBy: { id: user.id, name: user.name }, at: now, installedBase });
          const machine = () => machineOf(deps.db, body.serialNo ?? null, id, today);
          if ((await calls.start(id, input)) === 'already_started') {
            return { status: 201, body: { ...(await calls.read(id)), machine: await machine() } };
          }
          const state = initialServiceCallState(input);
          // Read your writes: the call is in the register (and may be referred to) as soon as the answer is given.
          await projectCreated(() => projectServiceCall(deps.db, SERVICE_CALL_WORKFLOW.workflowId(id), state, deps.config.timeZone));
          return { status: 201, body: { ...serviceCallView(state, now.getTime()), machine: await machine() } };
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
    summary: "A service call as its workflow holds it, with its machine's installed-base file and service history (O6)",
    tags: ['service calls'],
    access: 'user',
    roles: SERVICE_READ_ROLES,
    params: zIdParam,
    response: zServiceCallWithMachine,
    handler: async ({ params, user }) => {
      const call = await readCall(user, params.id);
      return { body: { ...call, machine: await machineOf(deps.db, call.serialNo, call.id, localDateIn(deps.config.timeZone, deps.now())) } };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/service-calls/{id}/actions',
    summary:
      'Take an action on a call: dispatch, arrive, resolve_on_site, carry_in, record_repair, report_delay, inspect, return. 403 wrong role or not the assigned technician, 409 wrong stage, 400 invalid data; nothing changes on refusal',
    tags: ['service calls'],
    access: 'user',
    params: zIdParam,
    body: serviceCallActionSchemas.union(),
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
