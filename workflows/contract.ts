// contractWorkflow: one maintenance contract (SPEC S15). A durable timer waits for the term's
// notice time (its end minus CONTRACT_NOTICE_LEAD): then the customer gets the expiry notice and
// the service department a renewal work item. A renewal (an Update) extends the contract and
// re-arms the timer; a term that ends unrenewed expires and the workflow completes.
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { asFailure } from './failures';
import type { ContractActivities } from '../activities/contract';
import {
  type ContractEvent,
  type ContractInput,
  type ContractState,
  type ContractTermTimes,
  type ContractView,
  applyRenewal,
  checkRenewal,
  contractView,
  expire,
  initialContractState,
  markNoticeSent,
  nextContractEvent,
} from '../domain/contract/machine';
import { AppError } from '../domain/errors';
import type { Actor } from '../domain/roles';
import { type ContractRenewal, zContractRenewal } from '../domain/serviceCall/schemas';

export type ContractWorkflowInput = ContractInput;

export interface ContractRenewRequest {
  actor: Actor;
  input: unknown;
  /** The new term's notice and expiry instants, computed by the API from endsOn in TIME_ZONE. */
  times?: ContractTermTimes;
}

export const contractRenewUpdate = defineUpdate<ContractView, [ContractRenewRequest]>('contractRenew');
export const contractQuery = defineQuery<ContractView>('contract');
export const contractStateQuery = defineQuery<ContractState>('contractState');
export const contractHistoryQuery = defineQuery<ContractEvent[]>('contractHistory');

export const contractWorkflowId = (id: string): string => `contract-${id}`;

const activities = proxyActivities<ContractActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function parseRenewal(raw: unknown): ContractRenewal {
  const parsed = zContractRenewal.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'invalid_input',
      'The renewal is invalid.',
      parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message })),
    );
  }
  return parsed.data;
}

export async function contractWorkflow(input: ContractWorkflowInput): Promise<ContractView> {
  const state = initialContractState(input);
  upsertSearchAttributes({ CaseType: ['contract'], CaseStatus: [state.status] });
  const workflowId = workflowInfo().workflowId;
  let busy = false;

  setHandler(contractQuery, () => contractView(state));
  setHandler(contractStateQuery, () => state);
  setHandler(contractHistoryQuery, () => state.history);

  const validate = (req: ContractRenewRequest) => {
    try {
      if (busy) throw new AppError('conflict', 'Another action on this contract is being processed; try again.');
      checkRenewal(state, req.actor, parseRenewal(req.input), req.times);
    } catch (err) {
      asFailure(err);
    }
  };

  setHandler(
    contractRenewUpdate,
    async (req) => {
      validate(req);
      busy = true;
      try {
        applyRenewal(state, req.actor, parseRenewal(req.input), req.times!, Date.now());
        await activities.projectContract({ workflowId, state });
        await activities.completeContractRenewalWork({ state, by: req.actor.id, at: new Date(Date.now()).toISOString() });
        return contractView(state);
      } finally {
        busy = false;
      }
    },
    { validator: validate },
  );

  await activities.projectContract({ workflowId, state });

  while (state.status === 'active') {
    const version = state.history.length;
    const next = nextContractEvent(state)!;
    const wait = next.atMs - Date.now();
    if (wait > 0 && (await condition(() => state.history.length !== version, wait))) continue;
    if (busy) {
      await condition(() => !busy);
      continue;
    }
    if (next.kind === 'notice') {
      const term = markNoticeSent(state, Date.now());
      await activities.sendContractExpiryNotice({ state, term, at: new Date(Date.now()).toISOString() });
    } else {
      expire(state, Date.now());
      upsertSearchAttributes({ CaseStatus: [state.status] });
    }
    await activities.projectContract({ workflowId, state });
  }

  await condition(allHandlersFinished);
  return contractView(state);
}
