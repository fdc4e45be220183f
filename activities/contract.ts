// Activities of the contract workflow (S15).
import type { CustomerMessagesConfig } from '../config';
import type { Database } from '../db/client';
import type { ContractState, ContractTerm } from '../domain/contract/machine';
import type { StateDelta } from '../domain/stateDelta';
import { completeRenewalWork, projectContract, sendContractExpiryNotice } from '../services/contracts';
import { projectDelta } from '../services/projectionDeltas';
import { projectionGap } from './failures';

export function createContractActivities(deps: { db: Database; customerMessages: CustomerMessagesConfig }) {
  const { db } = deps;
  return {
    async projectContract(input: { workflowId: string; state: ContractState }): Promise<void> {
      await projectContract(db, input.workflowId, input.state);
    },
    /** Projects what changed since the projection last wrote; ProjectionGap when it holds no copy the change applies to. */
    async projectContractChanges(input: { workflowId: string; contractId: string; delta: StateDelta }): Promise<void> {
      const outcome = await projectDelta<ContractState>(
        input.delta,
        () => db.serviceContract.findUnique({ where: { id: input.contractId }, select: { state: true, version: true } }),
        (state) => projectContract(db, input.workflowId, state),
      );
      if (outcome === 'gap') throw projectionGap(input.contractId);
    },
    /** S15: expiry notice to the customer, renewal work item for the service department. */
    async sendContractExpiryNotice(input: { state: ContractState; term: ContractTerm; at: string }): Promise<void> {
      await sendContractExpiryNotice(db, deps.customerMessages, input.state, input.term, new Date(input.at));
    },
    async completeContractRenewalWork(input: { state: ContractState; by: string; at: string }): Promise<void> {
      await completeRenewalWork(db, input.state, input.by, new Date(input.at));
    },
  };
}

export type ContractActivities = ReturnType<typeof createContractActivities>;
