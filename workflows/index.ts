// Every workflow the worker runs. Each one's code and rules are loaded when a case of its kind first
// runs in the worker's sandbox, so a cached case holds only its own workflow's modules, not every
// workflow's (worker/cache.ts sizes the cache by that footprint). The loading is synchronous and part
// of the case's first workflow task, so it changes nothing in any history.
// Callers import definitions (updates, queries, ids) from the workflow's own file.
import type * as Complaint from './complaint';
import type * as ServiceCall from './serviceCall';
import type * as Contract from './contract';
import type * as DailyOperations from './dailyOperations';
import type * as Accountability from './accountability';
import type * as MonthlyReport from './monthlyReport';
import type * as NoticeDeliveries from './noticeDeliveries';
import type * as Imports from './imports';
import { ACCOUNTABILITY_WORKFLOW_TYPE } from './accountabilityStart';

/** The workflow `name` of the module `load` returns, loaded when a case first runs it. */
const loadedOnFirstRun = <M, K extends keyof M & string>(load: () => M, name: K): M[K] =>
  ({ [name]: (...args: unknown[]) => (load()[name] as (...a: unknown[]) => unknown)(...args) })[name] as M[K];

export const complaintWorkflow = loadedOnFirstRun(() => require('./complaint') as typeof Complaint, 'complaintWorkflow');
export const serviceCallWorkflow = loadedOnFirstRun(() => require('./serviceCall') as typeof ServiceCall, 'serviceCallWorkflow');
export const contractWorkflow = loadedOnFirstRun(() => require('./contract') as typeof Contract, 'contractWorkflow');
export const dailyOperationsWorkflow = loadedOnFirstRun(() => require('./dailyOperations') as typeof DailyOperations, 'dailyOperationsWorkflow');
export const accountabilityWorkflow = loadedOnFirstRun(() => require('./accountability') as typeof Accountability, ACCOUNTABILITY_WORKFLOW_TYPE);
export const monthlyReportWorkflow = loadedOnFirstRun(() => require('./monthlyReport') as typeof MonthlyReport, 'monthlyReportWorkflow');
export const noticeDeliveriesWorkflow = loadedOnFirstRun(() => require('./noticeDeliveries') as typeof NoticeDeliveries, 'noticeDeliveriesWorkflow');
export const importWorkflow = loadedOnFirstRun(() => require('./imports') as typeof Imports, 'importWorkflow');
