// Activities of the contract workflow (S15).
import type { CustomerMessagesConfig } from '../config';
import type { Database } from '../db/client';
import type { ContractState, ContractTerm } from '../domain/contract/machine';
import { completeRenewalWork, projectContract, sendContractExpiryNotice } from '../services/contracts';

export function createContractActivities(deps: { db: Database; customerMessages: CustomerMessagesConfig }) {
  const { db } = deps;
  return {
    async projectContract(input: { workflowId: string; state: ContractState }): Promise<void> {
      await projectContract(db, input.workflowId, input.state);
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
