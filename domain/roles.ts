// docs/RULES.md, "Roles": who a user can be. A user may hold several roles.
export const ROLES = [
  'admin',
  'clerk',
  'service_supervisor',
  'technician',
  'service_dept',
  'branch_manager',
  'accounting',
  'warehouse',
  'hr',
  'sales',
  'sales_manager',
  'gm_office',
  'qa',
  'manufacturing',
  'manager_office',
  'rnd',
  'vp',
  'gm',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** The people a case moves through, as they appear in history and task lists. */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
}

export const hasAnyRole = (actor: { roles: readonly string[] }, allowed: readonly Role[]): boolean =>
  actor.roles.some((r) => (allowed as readonly string[]).includes(r));
