// What a person may do, from the roles each route declares in the OpenAPI document.
import { routeRoles } from 'virtual:api-access';

export interface Me {
  id: string;
  name: string;
  roles: string[];
}

/** True when the route `METHOD /path` admits one of the person's roles (or any signed-in person). */
export function may(me: Pick<Me, 'roles'> | null | undefined, route: string): boolean {
  if (!me) return false;
  if (!(route in routeRoles)) return false;
  const roles = routeRoles[route];
  return roles === null || roles === undefined || roles.some((r) => me.roles.includes(r));
}

export function hasRole(me: Pick<Me, 'roles'> | null | undefined, ...roles: string[]): boolean {
  return !!me && roles.some((r) => me.roles.includes(r));
}
