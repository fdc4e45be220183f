// contractWorkflow: one maintenance contract (rules S15). A durable timer waits for the term's
// notice time (its end minus CONTRACT_NOTICE_LEAD): then the customer gets the expiry notice and
// the service department a renewal work item. A renewal (an Update) extends the contract and
// re-arms the timer; a term that ends unrenewed expires and the workflow completes.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  patched,
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
import { LEAN_PROJECTION, deltaProjector, handleCaseActions, patientActivities, patientLocalActivities, runDeadlines } from './kernel';

export type ContractWorkflowInput = ContractInput & {
  /** The contract as the previous run left it, when this run continues it (continue-as-new). */
  continued?: ContractState;
};

/** Patch: a contract whose history reaches its limit continues as new, carrying its state. */
export const CONTRACT_CONTINUE_AS_NEW = 'contract-continue-as-new';

/** The history limit of contracts recorded without one: well below Temporal's own warning (10,240 events). */
export const DEFAULT_HISTORY_LIMIT = 2000;

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
const localActivities = patientLocalActivities<ContractActivities>({ startToCloseTimeout: '30 seconds' });

export async function contractWorkflow(input: ContractWorkflowInput): Promise<ContractView> {
  // Contracts recorded before it send their projection the whole state, as an activity.
  const lean = patched(LEAN_PROJECTION);
  const state = input.continued ?? initialContractState(input);
  upsertSearchAttributes({ CaseType: ['contract'], CaseStatus: [state.status], ...(state.number ? { CaseNumber: [state.number] } : {}) });
  const workflowId = workflowInfo().workflowId;

  setHandler(contractQuery, () => contractView(state));
  setHandler(contractStateQuery, () => state);
  setHandler(contractHistoryQuery, () => historyView(state.history));

  const projectChanges = deltaProjector<ContractState, null>((delta) => localActivities.projectContractChanges({ workflowId, contractId: state.id, delta }));
  const project = (): Promise<void> => (lean ? projectChanges(state, null) : activities.projectContract({ workflowId, state }));

  /**
   * A contract renews for years: when its history reaches the limit (or Temporal suggests it), the
   * run continues as new with the contract's state, between actions; queries and renewals answer
   * the same in the new run. Histories that never reached the limit never ask for the patch.
   */
  const continueIfLong = async (): Promise<void> => {
    const info = workflowInfo();
    const long = info.historyLength >= (input.historyLimit ?? DEFAULT_HISTORY_LIMIT) || info.continueAsNewSuggested;
    if (!long || actions.busy() || state.status !== 'active' || !patched(CONTRACT_CONTINUE_AS_NEW)) return;
    await condition(allHandlersFinished);
    await continueAsNew<typeof contractWorkflow>({ ...input, continued: state });
  };

  const actions = handleCaseActions(contractRenewUpdate, {
    noun: 'contract',
    check: (req) => {
      const renewal = renewalOf(req);
      checkRenewal(state, req.actor, renewal, req.times);
      return renewal;
    },
    apply: async (req, renewal) => {
      applyRenewal(state, req.actor, renewal, req.times!, Date.now());
      // A local activity's completion moves workflow time on differently in a replay: the time is taken before it.
      const at = lean ? new Date(Date.now()).toISOString() : null;
      await project();
      await activities.completeContractRenewalWork({ state, by: req.actor.id, at: at ?? new Date(Date.now()).toISOString() });
      return contractView(state);
    },
  });

  await project();

  // S15: the expiry notice, then the expiry, on durable timers; a renewal re-arms them.
  await runDeadlines({
    open: () => state.status === 'active',
    version: () => state.history.length,
    nextAt: () => nextContractEvent(state)?.atMs ?? null,
    dueAt: () => nextContractEvent(state)?.atMs ?? null,
    onWake: async (nowMs) => {
      await wake(nowMs);
      await continueIfLong();
    },
  });

  async function wake(nowMs: number): Promise<void> {
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
    await project();
  }

  await condition(allHandlersFinished);
  return contractView(state);
}
