// All activities, built with the process's clients.
import type { AccountingConfig, CustomerMessagesConfig } from '../config';
import type { Database } from '../db/client';
import { createAccountabilityActivities } from './accountability';
import { createComplaintActivities } from './complaint';
import { createContractActivities } from './contract';
import { createDailyOperationsActivities } from './dailyOperations';
import { createInstalledBaseActivities } from './installedBase';
import { classifyingErrors } from './failures';
import { createOperationsActivities } from './operations';
import { createServiceCallActivities } from './serviceCall';

export interface ActivityDeps {
  db: Database;
  timeZone: string;
  accounting: AccountingConfig;
  customerMessages: CustomerMessagesConfig;
}

export function createActivities(deps: ActivityDeps) {
  return classifyingErrors({
    ...createComplaintActivities(deps),
    ...createServiceCallActivities(deps),
    ...createContractActivities(deps),
    ...createDailyOperationsActivities(deps),
    ...createAccountabilityActivities(deps),
    ...createOperationsActivities(deps),
    ...createInstalledBaseActivities(deps),
  });
}
