// The stages a complaint case moves through (C6–C8), who acts at each, and the default stage
// deadlines (C18). The source's deadline table is missing; these defaults fit the main path
// (analysis → closing, 12 days; 13 with R&D) inside C17's 13 days and are configurable.
import type { Role } from '../roles';

export const COMPLAINT_STAGES = [
  'registration', // GM office assigns the number and logs the case (C2, C6)
  'analysis', // QA: cause, responsible departments, our fault?, R&D needed? (C6)
  'countermeasure', // the production unit: anomaly analysis and countermeasure (C6)
  'review', // manager's office comments (C6)
  'rnd_review', // R&D comments, only when QA asked for it (C6)
  'check', // GM office checks (C6)
  'supplier_coordination', // GM office with the supplier or other company concerned (C15)
  'proposal', // sales proposes the handling (C6)
  'consolidation', // GM office consolidates; the amount sets the authority tier (C8)
  'decision', // the tier decides (C8, C13)
  'customer_result', // sales explains the decision and records the customer's answer (C7)
  'confirmation', // the sales manager reviews sales' record (C7)
  'closing', // GM office closes: responsibility, loss, improvement tracking (C9, C10)
  'appeal', // the GM rules on a department's petition (C14)
  'closed',
] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];
export type OpenStage = Exclude<ComplaintStage, 'closed'>;

const DAY = 24 * 60 * 60 * 1000;

/** C18 defaults, counted from the moment a case enters the stage. */
export const DEFAULT_STAGE_DEADLINES_MS: Record<OpenStage, number> = {
  registration: 1 * DAY,
  analysis: 2 * DAY,
  countermeasure: 2 * DAY,
  review: 1 * DAY,
  rnd_review: 1 * DAY,
  check: 1 * DAY,
  supplier_coordination: 2 * DAY,
  proposal: 1 * DAY,
  consolidation: 1 * DAY, // C8: within 1 day of receiving the result
  decision: 1 * DAY,
  customer_result: 1 * DAY,
  confirmation: 1 * DAY,
  closing: 1 * DAY,
  appeal: 2 * DAY,
};

/** The department (role) responsible for each stage; used for reminders and timeliness (C19). */
export const STAGE_OWNER: Record<OpenStage, readonly Role[]> = {
  registration: ['gm_office'],
  analysis: ['qa'],
  countermeasure: ['manufacturing'],
  review: ['manager_office'],
  rnd_review: ['rnd'],
  check: ['gm_office'],
  supplier_coordination: ['gm_office'],
  proposal: ['sales'],
  consolidation: ['gm_office'],
  decision: ['sales_manager', 'vp', 'gm'], // narrowed to the case's tier and above
  customer_result: ['sales'],
  confirmation: ['sales_manager'],
  closing: ['gm_office'],
  appeal: ['gm'],
};

/** Stages a `decide: rework` or an appeal ruling may send a case back to. */
export const REWORK_STAGES = [
  'analysis',
  'countermeasure',
  'review',
  'rnd_review',
  'check',
  'proposal',
  'consolidation',
] as const satisfies readonly OpenStage[];
export type ReworkStage = (typeof REWORK_STAGES)[number];

/** Escalations of an overdue case go here (C19, issue: "escalates to the GM office and GM"). */
export const ESCALATION_ROLES: readonly Role[] = ['gm_office', 'gm'];

export const isOpenStage = (s: string): s is OpenStage =>
  s !== 'closed' && (COMPLAINT_STAGES as readonly string[]).includes(s);
