// Activities of the daily operations run (S13, S20).
import type { Database } from '../db/client';
import { findUndispatchedCalls, recordReconciliation, sendOverdueDigests } from '../services/dailyOperations';

export function createDailyOperationsActivities(deps: { db: Database; timeZone: string }) {
  const { db } = deps;
  return {
    async findUndispatchedCalls(input: { at: string }) {
      return findUndispatchedCalls(db, new Date(input.at), deps.timeZone);
    },
    async recordReconciliation(input: { at: string; today: string; tomorrow: string; callIds: string[] }): Promise<void> {
      await recordReconciliation(db, { ...input, at: new Date(input.at) });
    },
    async sendOverdueDigests(input: { at: string; today: string }) {
      return sendOverdueDigests(db, { at: new Date(input.at), today: input.today });
    },
  };
}

export type DailyOperationsActivities = ReturnType<typeof createDailyOperationsActivities>;
