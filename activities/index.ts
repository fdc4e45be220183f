// All activities, built with the process's clients.
import type { AccountingConfig, CustomerMessagesConfig, DeliveriesConfig } from '../config';
import type { Database } from '../db/client';
import { createAccountabilityActivities } from './accountability';
import { createComplaintActivities } from './complaint';
import { createContractActivities } from './contract';
import { createDailyOperationsActivities } from './dailyOperations';
import { createDeliveryActivities } from './deliveries';
import { createInstalledBaseActivities } from './installedBase';
import { classifyingErrors } from './failures';
import { createOperationsActivities } from './operations';
import { createServiceCallActivities } from './serviceCall';

export interface ActivityDeps {
  db: Database;
  timeZone: string;
  accounting: AccountingConfig;
  customerMessages: CustomerMessagesConfig;
  /** How notices reach people by e-mail and chat; absent: they are fanned out but not sent. */
  deliveries?: DeliveriesConfig;
}

export function createActivities(deps: ActivityDeps) {
  return classifyingErrors({
    ...createComplaintActivities(deps),
    ...createServiceCallActivities(deps),
    ...createContractActivities(deps),
    ...createDailyOperationsActivities(deps),
    ...createAccountabilityActivities(deps),
    ...createOperationsActivities(deps),
    ...createDeliveryActivities(deps),
    ...createInstalledBaseActivities(deps),
  });
}
