// Build-time view of the API's OpenAPI document (generated/openapi.json, written by
// scripts/api-types.ts from the same zod schemas that validate requests): the roles each route
// allows, for showing people only what they may do (`virtual:api-access`, small, in the first
// load), and the request schemas the action forms are built from (`virtual:api-forms`, loaded with
// the pages that need it).
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

type Json = Record<string, unknown>;

interface Operation {
  description?: string;
  requestBody?: { content?: Record<string, { schema?: Json }> };
}

/**
 * Inlines `#/components/schemas/X` references so that each form schema stands alone, without the
 * schemas' own descriptions and examples (a field that is itself named `description` stays).
 */
function inline(value: unknown, components: Record<string, Json>, seen: string[] = [], fields = false): unknown {
  if (Array.isArray(value)) return value.map((v) => inline(v, components, seen));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Json;
  const ref = typeof obj.$ref === 'string' ? obj.$ref : null;
  if (ref) {
    const name = ref.split('/').pop()!;
    if (seen.includes(name)) return {};
    return inline(components[name] ?? {}, components, [...seen, name]);
  }
  return Object.fromEntries(
    Object.entries(obj)
      .filter(([k]) => fields || (k !== 'description' && k !== 'example'))
      .map(([k, v]) => [k, fields ? inline(v, components, seen) : inline(v, components, seen, k === 'properties')]),
  );
}

export function apiSchemaPlugin(documentPath: string): Plugin {
  const ids = { access: 'virtual:api-access', forms: 'virtual:api-forms' };
  const load = (): { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } } =>
    JSON.parse(fs.readFileSync(documentPath, 'utf8'));
  return {
    name: 'aftersales-api-schema',
    resolveId(id) {
      return Object.values(ids).includes(id) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith('\0virtual:api-')) return null;
      this.addWatchFile(path.resolve(documentPath));
      const doc = load();
      if (id === `\0${ids.access}`) {
        const roles: Record<string, string[] | null> = {};
        for (const [p, ops] of Object.entries(doc.paths)) {
          for (const [method, op] of Object.entries(ops)) {
            const m = /^Roles: (.*)$/.exec(op.description ?? '');
            roles[`${method.toUpperCase()} ${p}`] = m ? [...new Set(m[1]!.split(', '))] : null;
          }
        }
        return `export const routeRoles = ${JSON.stringify(roles)};`;
      }
      const forms: Record<string, unknown> = {};
      for (const [p, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const schema = op.requestBody?.content?.['application/json']?.schema;
          if (schema) forms[`${method.toUpperCase()} ${p}`] = inline(schema, doc.components.schemas);
        }
      }
      return `export const requestSchemas = ${JSON.stringify(forms)};`;
    },
  };
}
