// Activities of the installed base (O6): follow-up calls falling due, and import jobs. Thin,
// idempotent adapters over the services.
import type { Database } from '../db/client';
import type { ContractInput } from '../domain/contract/machine';
import { openFollowUp } from '../services/followUps';
import { contractStartsDue, failImportJob, markContractsStarted, runImportJob } from '../services/imports';

export function createInstalledBaseActivities(deps: { db: Database; timeZone: string }) {
  const { db } = deps;
  return {
    /** O6: the call's follow-up falls due: a work item for the service department. Returns its id. */
    async openFollowUp(input: { callId: string; at: string }): Promise<{ followUpId: string }> {
      return openFollowUp(db, input.callId, new Date(input.at), deps.timeZone);
    },
    /** O6: checks and writes an import's rows (one transaction); how many contract workflows it is to start. */
    async runImportJob(input: { importId: string; at: string }): Promise<{ status: string; contractsToStart: number }> {
      return runImportJob(db, input.importId, new Date(input.at));
    },
    /** O6: the next contracts of the import whose workflows are to be started. */
    async contractStartsDue(input: { importId: string; limit: number }): Promise<{ contractId: string; input: ContractInput }[]> {
      return contractStartsDue(db, input.importId, input.limit);
    },
    async markContractsStarted(input: { importId: string; contractIds: string[]; at: string }): Promise<{ remaining: number }> {
      return markContractsStarted(db, input.importId, input.contractIds, new Date(input.at));
    },
    async failImportJob(input: { importId: string; error: string; at: string }): Promise<void> {
      await failImportJob(db, input.importId, input.error, new Date(input.at));
    },
  };
}

export type InstalledBaseActivities = ReturnType<typeof createInstalledBaseActivities>;
