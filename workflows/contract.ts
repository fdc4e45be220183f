// contractWorkflow: one maintenance contract (rules S15). A durable timer waits for the term's
// notice time (its end minus CONTRACT_NOTICE_LEAD): then the customer gets the expiry notice and
// the service department a renewal work item. A renewal (an Update) extends the contract and
// re-arms the timer; a term that ends unrenewed expires and the workflow completes.
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ContractActivities } from '../activities/contract';
import { type HistoryEventView, historyView } from '../domain/caseHistory';
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
  renewalOf,
} from '../domain/contract/machine';
import type { Actor } from '../domain/roles';
import type { ContractRenewal } from '../domain/serviceCall/schemas';
import type { ActionRequest } from '../domain/validation';
import { handleCaseActions, patientActivities, runDeadlines } from './kernel';

export type ContractWorkflowInput = ContractInput;

/** A renewal: the parsed `command` (histories recorded earlier carry the raw `input`). */
export type ContractRenewRequest = {
  actor: Actor;
  /** The new term's notice and expiry instants, computed by the API from endsOn in TIME_ZONE. */
  times?: ContractTermTimes;
} & ActionRequest<ContractRenewal>;

export const contractRenewUpdate = defineUpdate<ContractView, [ContractRenewRequest]>('contractRenew');
export const contractQuery = defineQuery<ContractView>('contract');
export const contractStateQuery = defineQuery<ContractState>('contractState');
export const contractHistoryQuery = defineQuery<HistoryEventView<ContractEvent>[]>('contractHistory');

export const contractWorkflowId = (id: string): string => `contract-${id}`;

const activities = patientActivities<ContractActivities>({ startToCloseTimeout: '30 seconds' });

export async function contractWorkflow(input: ContractWorkflowInput): Promise<ContractView> {
  const state = initialContractState(input);
  upsertSearchAttributes({ CaseType: ['contract'], CaseStatus: [state.status], ...(state.number ? { CaseNumber: [state.number] } : {}) });
  const workflowId = workflowInfo().workflowId;

  setHandler(contractQuery, () => contractView(state));
  setHandler(contractStateQuery, () => state);
  setHandler(contractHistoryQuery, () => historyView(state.history));

  const actions = handleCaseActions(contractRenewUpdate, {
    noun: 'contract',
    check: (req) => {
      const renewal = renewalOf(req);
      checkRenewal(state, req.actor, renewal, req.times);
      return renewal;
    },
    apply: async (req, renewal) => {
      applyRenewal(state, req.actor, renewal, req.times!, Date.now());
      await activities.projectContract({ workflowId, state });
      await activities.completeContractRenewalWork({ state, by: req.actor.id, at: new Date(Date.now()).toISOString() });
      return contractView(state);
    },
  });

  await activities.projectContract({ workflowId, state });

  // S15: the expiry notice, then the expiry, on durable timers; a renewal re-arms them.
  await runDeadlines({
    open: () => state.status === 'active',
    version: () => state.history.length,
    nextAt: () => nextContractEvent(state)?.atMs ?? null,
    dueAt: () => nextContractEvent(state)?.atMs ?? null,
    onWake: async (nowMs) => {
      const next = nextContractEvent(state)!;
      if (nowMs < next.atMs) return; // a renewal came first
      if (actions.busy()) {
        await condition(() => !actions.busy());
        return;
      }
      if (next.kind === 'notice') {
        const term = markNoticeSent(state, nowMs);
        await activities.sendContractExpiryNotice({ state, term, at: new Date(nowMs).toISOString() });
      } else {
        expire(state, nowMs);
        upsertSearchAttributes({ CaseStatus: [state.status] });
      }
      await activities.projectContract({ workflowId, state });
    },
  });

  await condition(allHandlersFinished);
  return contractView(state);
}
