// The OpenAPI document describes every response: a client generated from /openapi.json knows the
// shape of everything it gets back. Every 2xx JSON schema is an object with its properties and no
// others (arrays: typed items), all the way down.
import { openApiDocumentFor } from '../../api/app';
import { loadConfig } from '../../config';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  nullable?: boolean;
};
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>; components: { schemas: Record<string, Schema> } };

/** The document as GET /openapi.json serves it. */
const openApiDocument = (): Doc => openApiDocumentFor(loadConfig({ LOG_LEVEL: 'silent' })) as Doc;

/** Where a schema leaves its shape open: untyped values, maps, objects without properties or with others allowed. */
function looseSpots(doc: Doc, schema: Schema, at: string, seen = new Set<string>()): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    return looseSpots(doc, doc.components.schemas[name]!, `${at}(${name})`, seen);
  }
  const parts = [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  if (parts.length) return parts.flatMap((s, i) => looseSpots(doc, s, `${at}|${i}`, seen));
  if (schema.type === 'array') return schema.items ? looseSpots(doc, schema.items, `${at}[]`, seen) : [`${at}: an array without items`];
  if (schema.type === 'object' || schema.properties || schema.additionalProperties !== undefined) {
    const out: string[] = [];
    if (!schema.properties) out.push(`${at}: an object without properties`);
    if (schema.additionalProperties !== false) out.push(`${at}: allows additional properties`);
    for (const [key, value] of Object.entries(schema.properties ?? {})) out.push(...looseSpots(doc, value, `${at}.${key}`, seen));
    return out;
  }
  if (!schema.type && !schema.enum) return [`${at}: untyped`];
  return [];
}

/** Maps by the definition of a protocol the platform speaks, not by lack of a schema. */
const OPEN_BY_PROTOCOL = [
  // Temporal's codec protocol: a payload's metadata is a map of base64 values.
  ...['decode', 'encode'].flatMap((d) => [
    `POST /api/v1/codec/${d} 200.payloads[].metadata: an object without properties`,
    `POST /api/v1/codec/${d} 200.payloads[].metadata: allows additional properties`,
  ]),
];

test('every 2xx JSON response has a closed, typed schema', () => {
  const doc = openApiDocument();
  const loose: string[] = [];
  let checked = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (!/^2/.test(status) || !schema) continue;
        checked += 1;
        loose.push(...looseSpots(doc, schema, `${method.toUpperCase()} ${path} ${status}`));
      }
    }
  }
  expect(checked).toBeGreaterThan(50);
  expect(loose.filter((spot) => !OPEN_BY_PROTOCOL.includes(spot))).toEqual([]);
});

test('the check finds an open schema (it can fail)', () => {
  const doc = { paths: {}, components: { schemas: { Open: { type: 'object', properties: { a: { type: 'string' } } } } } } as Doc;
  expect(looseSpots(doc, { $ref: '#/components/schemas/Open' }, 'x')).toEqual(['x(Open): allows additional properties']);
  expect(looseSpots(doc, { type: 'object', properties: { data: { type: 'object', additionalProperties: {} } }, additionalProperties: false }, 'y')).toEqual([
    'y.data: an object without properties',
    'y.data: allows additional properties',
  ]);
  expect(looseSpots(doc, { type: 'array' }, 'z')).toEqual(['z: an array without items']);
});

test('the document names the headers clients rely on and the CSV forms the reports answer in', () => {
  const doc = openApiDocument() as unknown as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> }>>;
  };
  const filing = doc.paths['/api/v1/complaints']!.post!;
  expect(filing.parameters?.filter((p) => p.in === 'header').map((p) => p.name)).toEqual(['Idempotency-Key']);
  expect(Object.keys(filing.responses['201']!.headers ?? {})).toEqual(['Idempotent-Replayed']);
  expect(Object.keys(doc.paths['/api/v1/me']!.get!.responses['429']!.headers ?? {})).toEqual(['Retry-After']);
  for (const report of ['/api/v1/reports/technician-daily', '/api/v1/reports/supervisor-daily']) {
    expect(Object.keys(doc.paths[report]!.get!.responses['200']!.content ?? {})).toEqual(['application/json', 'text/csv']);
  }
});
