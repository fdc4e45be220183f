// Maintenance contracts (S15): recording one starts its contractWorkflow (expiry notice and
// renewal work item CONTRACT_NOTICE_LEAD before the end); a renewal is an Update that extends the
// contract and re-arms the notice. Calls on a covered product are category B (S1).
import { newContractInput } from '../../config/caseRules';
import { assignNumber } from '../../services/numbering';
import { contractTermTimes, contractView, initialContractState } from '../../domain/contract/machine';
import { zContractHistoryEvent, zContractView } from '../../domain/contract/views';
import { zContractFiling, zContractRenewal } from '../../domain/serviceCall/schemas';
import { recordedHistory } from '../../services/caseEvents';
import { contractFromProjection, listContracts, projectContract } from '../../services/contracts';
import { projectCreated } from '../../services/readYourWrites';
import { CaseWorkflows } from '../../temporal/caseWorkflows';
import { CONTRACT_WORKFLOW } from '../../temporal/cases';
import type { ApiDeps, RouteModule } from '../context';
import { idempotentResponse } from '../http';
import { page, zIdParam, zPageQuery } from '../schemas/common';
import { z } from '../zod';

const READ_ROLES = ['service_dept', 'clerk', 'service_supervisor', 'branch_manager', 'sales', 'sales_manager', 'vp', 'gm', 'accounting', 'auditor', 'admin'] as const;

export const contractRoutes: RouteModule = (routes, deps: ApiDeps) => {
  const contracts = new CaseWorkflows(deps.temporal, deps.config.temporal.taskQueue, CONTRACT_WORKFLOW, {
    view: (id) => contractFromProjection(deps.db, id),
    history: (id) => recordedHistory(deps.db, 'contract', id),
  }, deps.config.http.caseReadWaitMs);

  routes.add({
    method: 'post',
    path: '/api/v1/contracts',
    idempotent: true,
    summary: 'Record a maintenance contract (S15); starts its workflow',
    tags: ['contracts'],
    access: 'user',
    roles: ['service_dept'],
    body: zContractFiling(),
    response: zContractView,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/contracts', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => {
          const at = deps.now();
          const number = await assignNumber(deps.db, 'contract', id, at, deps.config.timeZone);
          const input = newContractInput(deps.config, { id, number, filing: body, createdBy: { id: user.id, name: user.name }, at });
          if ((await contracts.start(id, input)) === 'already_started') {
            return { status: 201, body: await contracts.read(id) };
          }
          const state = initialContractState(input);
          // Read your writes: a service call may name the contract as soon as the answer is given (S1).
          await projectCreated(() => projectContract(deps.db, CONTRACT_WORKFLOW.workflowId(id), state));
          return { status: 201, body: contractView(state) };
        },
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/contracts',
    summary: 'List maintenance contracts',
    tags: ['contracts'],
    access: 'user',
    roles: READ_ROLES,
    query: z.object({ status: z.enum(['active', 'expired']).optional(), serialNo: z.string().max(100).optional(), ...zPageQuery }).strict(),
    response: page(zContractView),
    handler: async ({ query }) => ({ body: await listContracts(deps.db, query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/contracts/{id}',
    summary: 'A maintenance contract',
    tags: ['contracts'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: zContractView,
    handler: async ({ params }) => ({ body: await contracts.read(params.id) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/contracts/{id}/renew',
    summary: 'Renew a contract (S15): extends it to endsOn and re-arms the expiry notice',
    tags: ['contracts'],
    access: 'user',
    params: zIdParam,
    body: zContractRenewal(),
    successStatus: 200,
    response: zContractView,
    handler: async ({ user, params, body }) => {
      const times = contractTermTimes(body.endsOn, deps.config.timeZone, deps.config.service.contractNoticeLeadMs);
      return { status: 200, body: await contracts.act(params.id, { actor: { id: user.id, name: user.name, roles: user.roles }, command: body, times }) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/contracts/{id}/history',
    summary: "The contract's history (G4)",
    tags: ['contracts'],
    access: 'user',
    roles: READ_ROLES,
    params: zIdParam,
    response: z.object({ events: z.array(zContractHistoryEvent) }).strict(),
    handler: async ({ params }) => ({ body: { events: await contracts.history(params.id) } }),
  });
};
