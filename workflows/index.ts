// Every workflow the worker runs. Callers import definitions from the workflow's own file.
export { complaintWorkflow } from './complaint';
