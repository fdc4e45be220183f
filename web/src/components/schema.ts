// Reading the API's request schemas (JSON Schema from the OpenAPI document) to build forms.
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number | boolean)[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  pattern?: string;
  format?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

export type Widget =
  | 'money'
  | 'date'
  | 'instant'
  | 'month'
  | 'enum'
  | 'text'
  | 'longtext'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'tags'
  | 'objectList'
  | 'object'
  | 'choice'
  | 'unknown';

/** How a field is entered, from its schema alone. */
export function widgetOf(schema: JsonSchema): Widget {
  if (schema.anyOf?.some((s) => s.type === 'number') && schema.anyOf.some((s) => s.type === 'string')) return 'money';
  if (schema.allOf?.length === 1) return widgetOf(schema.allOf[0]!);
  if (schema.anyOf?.length && schema.anyOf.every((s) => s.type === 'object' && Object.keys(s.properties ?? {}).length === 1)) return 'choice';
  if (schema.enum?.every((v) => typeof v === 'boolean')) return 'boolean';
  if (schema.enum) return 'enum';
  switch (schema.type) {
    case 'string':
      if (schema.pattern?.includes('T(')) return 'instant';
      if (schema.pattern?.endsWith('-(0[1-9]|[12]\\d|3[01])$')) return 'date';
      if (schema.pattern?.endsWith('-(0[1-9]|1[0-2])$')) return 'month';
      return (schema.maxLength ?? 2000) > 300 ? 'longtext' : 'text';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return schema.items?.type === 'object' ? 'objectList' : 'tags';
    case 'object':
      return 'object';
    default:
      return 'unknown';
  }
}

/** The alternatives of a `choice` field: each an object with one property (`{unit}` or `{person}`). */
export function choicesOf(schema: JsonSchema): { key: string; schema: JsonSchema }[] {
  return (schema.anyOf ?? []).map((s) => {
    const [key, prop] = Object.entries(s.properties ?? {})[0]!;
    return { key, schema: prop };
  });
}

/** The variant of a discriminated union (`oneOf`) whose `action` is `action`. */
export function variantOf(union: JsonSchema | undefined, action: string, discriminator = 'action'): JsonSchema | null {
  if (!union) return null;
  if (!union.oneOf && !union.anyOf) return union;
  const options = union.oneOf ?? union.anyOf ?? [];
  return options.find((o) => o.properties?.[discriminator]?.enum?.includes(action)) ?? null;
}

/** The actions a union schema offers. */
export function actionsOf(union: JsonSchema | undefined, discriminator = 'action'): string[] {
  return (union?.oneOf ?? union?.anyOf ?? []).flatMap((o) => (o.properties?.[discriminator]?.enum ?? []).map(String));
}

/** Every property name and enum value a schema uses (for the catalogues). */
export function fieldNamesOf(schema: JsonSchema, names = new Set<string>(), enums = new Set<string>()): { names: Set<string>; enums: Set<string> } {
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    names.add(name);
    if (prop.enum && !name.endsWith('Stage') && name !== 'action') prop.enum.forEach((v) => enums.add(String(v)));
    fieldNamesOf(prop, names, enums);
  }
  if (schema.items) fieldNamesOf(schema.items, names, enums);
  for (const s of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) fieldNamesOf(s, names, enums);
  return { names, enums };
}

/** Drops what was left empty: undefined, blank text, empty optional objects and lists of nothing. */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune).filter((v) => v !== undefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** A field path of the API's error details (`request.quantity`, `responsibility.0.ratio`) as a form name. */
export function namePathOf(field: string): (string | number)[] {
  return field
    .split('.')
    .filter((p) => p.length > 0)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
