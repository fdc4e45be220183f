// All activities, built with the process's clients.
import type { AccountingConfig } from '../config';
import type { Database } from '../db/client';
import { createAccountabilityActivities } from './accountability';
import { createComplaintActivities } from './complaint';
import { createContractActivities } from './contract';
import { createDailyOperationsActivities } from './dailyOperations';
import { createServiceCallActivities } from './serviceCall';

export function createActivities(deps: { db: Database; timeZone: string; accounting: AccountingConfig }) {
  return {
    ...createComplaintActivities(deps),
    ...createServiceCallActivities(deps),
    ...createContractActivities(deps),
    ...createDailyOperationsActivities(deps),
    ...createAccountabilityActivities(deps),
  };
}
