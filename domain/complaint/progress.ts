// Where a complaint stands: its statuses, the action each open stage awaits, and the stages before
// and after the decision. Plain values, shared by the case's workflow and the views the API returns.
import type { ComplaintActionName } from './schemas';
import type { COMPLAINT_STAGES } from './stages';

export const COMPLAINT_STATUSES = ['open', 'closed', 'rejected', 'withdrawn'] as const;

/** C10: the closed form's five copies. */
export const DISTRIBUTION_COPIES = ['qa', 'manufacturing', 'sales', 'accounting', 'gm_office'] as const;

/** The action each open stage awaits, one per stage (C6–C8, C14, C15). */
export const AWAITED_ACTIONS = [
  'register',
  'analyze',
  'countermeasure',
  'review',
  'rnd_review',
  'check',
  'coordinate_supplier',
  'propose',
  'consolidate',
  'decide',
  'record_result',
  'confirm',
  'close',
  'rule_appeal',
] as const satisfies readonly ComplaintActionName[];
export type AwaitedAction = (typeof AWAITED_ACTIONS)[number];

/** The stages before a decision: where a complaint can be found not established (C16). */
export const UNDECIDED_STAGES = [
  'registration',
  'analysis',
  'countermeasure',
  'review',
  'rnd_review',
  'check',
  'supplier_coordination',
  'proposal',
  'consolidation',
] as const satisfies readonly (typeof COMPLAINT_STAGES)[number][];

/** The stages after a decision and before closing: where a department may appeal (C14). */
export const DECIDED_STAGES = ['customer_result', 'confirmation', 'closing'] as const satisfies readonly (typeof COMPLAINT_STAGES)[number][];
