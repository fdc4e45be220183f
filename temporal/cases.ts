// Each case type's workflow as the API drives it (temporal/caseWorkflows.ts): which workflow, under
// which id, answering which query and Update, and what is said of an action on a finished case.
import type { Client } from '@temporalio/client';
import type { AccountabilityState } from '../domain/accountability/machine';
import type { HistoryEventView } from '../domain/caseHistory';
import type { ComplaintState, ComplaintView, HistoryEvent } from '../domain/complaint/machine';
import type { ContractEvent, ContractView } from '../domain/contract/machine';
import type { ServiceCallEvent, ServiceCallView } from '../domain/serviceCall/machine';
import { type AccountabilityActionRequest, accountabilityActionUpdate, accountabilityStateQuery, accountabilityWorkflow, accountabilityWorkflowId } from '../workflows/accountability';
import {
  type ComplaintActionRequest,
  type ComplaintWorkflowInput,
  complaintActionUpdate,
  complaintHistoryQuery,
  complaintQuery,
  complaintStateQuery,
  complaintWorkflow,
  complaintWorkflowId,
} from '../workflows/complaint';
import { type ContractRenewRequest, type ContractWorkflowInput, contractHistoryQuery, contractQuery, contractRenewUpdate, contractWorkflow, contractWorkflowId } from '../workflows/contract';
import {
  type ServiceCallActionRequest,
  type ServiceCallWorkflowInput,
  serviceCallActionUpdate,
  serviceCallHistoryQuery,
  serviceCallQuery,
  serviceCallWorkflow,
  serviceCallWorkflowId,
} from '../workflows/serviceCall';
import { type CaseWorkflowType, isWorkflowGone, queryWithin } from './caseWorkflows';

export const COMPLAINT_WORKFLOW: CaseWorkflowType<ComplaintWorkflowInput, ComplaintView, ComplaintActionRequest, HistoryEventView<HistoryEvent>> = {
  noun: 'complaint',
  workflow: complaintWorkflow,
  workflowId: complaintWorkflowId,
  viewQuery: complaintQuery,
  historyQuery: complaintHistoryQuery,
  actionUpdate: complaintActionUpdate,
  answersByProjection: true,
  finished: 'The case is finished; no further actions are taken.',
};

export const SERVICE_CALL_WORKFLOW: CaseWorkflowType<ServiceCallWorkflowInput, ServiceCallView, ServiceCallActionRequest, HistoryEventView<ServiceCallEvent>> = {
  noun: 'service call',
  workflow: serviceCallWorkflow,
  workflowId: serviceCallWorkflowId,
  viewQuery: serviceCallQuery,
  historyQuery: serviceCallHistoryQuery,
  actionUpdate: serviceCallActionUpdate,
  answersByProjection: true,
  finished: 'The call is finished; no further actions are taken.',
};

export const CONTRACT_WORKFLOW: CaseWorkflowType<ContractWorkflowInput, ContractView, ContractRenewRequest, HistoryEventView<ContractEvent>> = {
  noun: 'contract',
  workflow: contractWorkflow,
  workflowId: contractWorkflowId,
  viewQuery: contractQuery,
  historyQuery: contractHistoryQuery,
  actionUpdate: contractRenewUpdate,
  finished: 'The contract has expired; record a new contract instead.',
};

/** Started by the closed complaint (C9), never by the API; the API sends it actions. */
export const ACCOUNTABILITY_WORKFLOW: CaseWorkflowType<Parameters<typeof accountabilityWorkflow>[0], AccountabilityState, AccountabilityActionRequest, never> = {
  noun: 'accountability case',
  workflow: accountabilityWorkflow,
  workflowId: accountabilityWorkflowId,
  viewQuery: accountabilityStateQuery,
  actionUpdate: accountabilityActionUpdate,
  finished: "The case's accounting is finished; no further actions are taken.",
};

/**
 * A complaint's whole state from its workflow (what returns and allowances check against); null when
 * Temporal has no such case, or when no worker answers within waitMs (the caller reads the projection).
 */
export async function complaintStateFromWorkflow(client: Client, caseId: string, waitMs: number): Promise<ComplaintState | null> {
  try {
    return await queryWithin(client, waitMs, () => client.workflow.getHandle(complaintWorkflowId(caseId)).query(complaintStateQuery));
  } catch (err) {
    if (isWorkflowGone(err)) return null;
    throw err;
  }
}
