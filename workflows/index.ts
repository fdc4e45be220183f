// Every workflow the worker runs. Callers import definitions from the workflow's own file.
export { complaintWorkflow } from './complaint';
export { serviceCallWorkflow } from './serviceCall';
export { contractWorkflow } from './contract';
export { dailyOperationsWorkflow } from './dailyOperations';
export { accountabilityWorkflow } from './accountability';
export { monthlyReportWorkflow } from './monthlyReport';
export { noticeDeliveriesWorkflow } from './noticeDeliveries';
export { importWorkflow } from './imports';
