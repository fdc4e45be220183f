// How a closed complaint starts its accountability case (C9, P): the child workflow's type and id,
// kept apart from the accountability workflow's code so that a complaint's sandbox never loads it.

/** The accountability workflow's type: the name the worker registers it under (workflows/index.ts) and the child a complaint starts. */
export const ACCOUNTABILITY_WORKFLOW_TYPE = 'accountabilityWorkflow';

export const accountabilityWorkflowId = (caseId: string): string => `accountability-${caseId}`;
