// The stages a service call moves through (S2–S9) and who acts at each.
//
//   dispatch ──dispatch──▶ arrival ──arrive──▶ on_site ──resolve_on_site──▶ closed      (S3, S4, S5)
//                                                 └──carry_in──▶ repair ──record_repair──▶ inspection
//                                                                  ▲                          │ inspect
//                                                                  └──────── failed ──────────┤
//                                                                             passed ▼
//                                                                                  return ──return──▶ closed  (S6–S8)
import type { Role } from '../roles';

export const SERVICE_CALL_STAGES = [
  'dispatch', // registered (S2); the supervisor assigns a technician (S3)
  'arrival', // dispatched; the technician is on the way (S14)
  'on_site', // the technician has arrived: fix on site (S4) or carry the product in (S6)
  'repair', // carried in: the repair card is open (S7)
  'inspection', // repaired: the supervisor inspects (S7)
  'return', // passed inspection: back to the customer (S7, S8)
  'closed', // the voucher is archived and the register entry struck
] as const;
export type ServiceCallStage = (typeof SERVICE_CALL_STAGES)[number];
export type OpenServiceCallStage = Exclude<ServiceCallStage, 'closed'>;

/** S1: A paid, B contract, C free (warranty); D is internal time, never a call. */
export const CALL_CATEGORIES = ['A', 'B', 'C'] as const;
export type CallCategory = (typeof CALL_CATEGORIES)[number];
export const WORK_CATEGORIES = ['A', 'B', 'C', 'D'] as const;
export type WorkCategory = (typeof WORK_CATEGORIES)[number];

export const AREAS = ['urban', 'suburban'] as const;
export type Area = (typeof AREAS)[number];

/** The stages each action may be taken in. */
export const SERVICE_ACTION_STAGES = {
  dispatch: ['dispatch', 'arrival'], // a re-dispatch before arrival reassigns the call
  arrive: ['arrival'],
  resolve_on_site: ['on_site'],
  carry_in: ['on_site'],
  record_repair: ['repair'],
  report_delay: ['repair', 'inspection'],
  inspect: ['inspection'],
  return: ['return'],
} as const satisfies Record<string, readonly [OpenServiceCallStage, ...OpenServiceCallStage[]]>;

/** The roles that act at each open stage (the technician only when assigned to the call). */
export const SERVICE_STAGE_OWNER: Record<OpenServiceCallStage, readonly Role[]> = {
  dispatch: ['service_supervisor'],
  arrival: ['technician'],
  on_site: ['technician'],
  repair: ['technician'],
  inspection: ['service_supervisor'],
  return: ['technician', 'clerk'],
};

/** S14: an arrival breach is escalated to these roles. */
export const ARRIVAL_ESCALATION_ROLES: readonly Role[] = ['service_supervisor', 'service_dept'];

/** Roles that may read service calls. */
export const SERVICE_READ_ROLES = [
  'clerk', 'service_supervisor', 'technician', 'service_dept', 'branch_manager', 'accounting', 'vp', 'gm', 'auditor', 'admin',
] as const satisfies readonly Role[];

export const isServiceCallStage = (s: string): s is ServiceCallStage => (SERVICE_CALL_STAGES as readonly string[]).includes(s);
