declare module 'virtual:api-access' {
  /** `METHOD /path` → the roles the route allows; null: any signed-in user. */
  export const routeRoles: Record<string, string[] | null>;
}
declare module 'virtual:api-forms' {
  /** `METHOD /path` → the JSON schema of its request body, references inlined. */
  export const requestSchemas: Record<string, import('./components/schema').JsonSchema>;
}
