// The workspace's message catalogues (web/src/i18n/locales): Chinese first, English second, the
// same keys in both, and a word for every key the screens use and every name the API gives them
// to show (stages, actions, roles, error codes, and the fields and choices of every form the
// workspace builds from a request schema).
import fs from 'node:fs';
import path from 'node:path';
import { COMPLAINT_STAGES } from '../../domain/complaint/stages';
import { COMPLAINT_ACTIONS } from '../../domain/complaint/schemas';
import { ERROR_CODES } from '../../domain/errors';
import { ROLES } from '../../domain/roles';
import { SERVICE_CALL_STAGES } from '../../domain/serviceCall/stages';
import { REPO_ROOT } from '../../config';

type Tree = { [key: string]: string | Tree };
const locales = path.join(REPO_ROOT, 'web', 'src', 'i18n', 'locales');
const load = (name: string): Tree => JSON.parse(fs.readFileSync(path.join(locales, `${name}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const zh = flatten(load('zh-CN'));
const en = flatten(load('en'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}
const sources = sourceFiles(path.join(REPO_ROOT, 'web', 'src')).map((f) => fs.readFileSync(f, 'utf8'));

/** The keys missing from either catalogue, named with the catalogue. */
function missing(keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (!zh.has(key)) out.push(`zh-CN: ${key}`);
    if (!en.has(key)) out.push(`en: ${key}`);
  }
  return out;
}

type Json = { [key: string]: unknown };
const openapi = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'generated', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };

/** Every property name and choice of a JSON schema, references followed. */
function namesOf(schema: unknown, names = new Set<string>(), choices = new Set<string>(), seen: string[] = []): { names: Set<string>; choices: Set<string> } {
  if (!schema || typeof schema !== 'object') return { names, choices };
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    if (!seen.includes(name)) namesOf(openapi.components.schemas[name], names, choices, [...seen, name]);
    return { names, choices };
  }
  for (const [name, prop] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
    names.add(name);
    if (Array.isArray(prop.enum) && name !== 'action' && !name.endsWith('Stage')) prop.enum.filter((v) => typeof v === 'string').forEach((v) => choices.add(v as string));
    namesOf(prop, names, choices, seen);
  }
  if (s.items) namesOf(s.items, names, choices, seen);
  for (const sub of [...((s.oneOf ?? []) as unknown[]), ...((s.anyOf ?? []) as unknown[])]) namesOf(sub, names, choices, seen);
  return { names, choices };
}

describe('the workspace speaks Chinese first and English second', () => {
  test('both catalogues have the same keys, and none is empty', () => {
    expect([...zh.keys()].filter((k) => !en.has(k)).map((k) => `missing in en: ${k}`)).toEqual([]);
    expect([...en.keys()].filter((k) => !zh.has(k)).map((k) => `missing in zh-CN: ${k}`)).toEqual([]);
    expect([...zh, ...en].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });

  test('the Chinese catalogue is in Chinese', () => {
    const chinese = [...zh.values()].filter((v) => /[\u4e00-\u9fff]/.test(v));
    expect(chinese.length / zh.size).toBeGreaterThan(0.9);
  });

  test('every key a screen asks for by name is in both catalogues', () => {
    const used = new Set<string>();
    for (const text of sources) for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(100);
    expect(missing(used)).toEqual([]);
  });

  test('every stage, action, role and error code the API names has a word (G2: refusals in plain words)', () => {
    expect(missing(COMPLAINT_STAGES.map((s) => `stage.complaint.${s}`))).toEqual([]);
    expect(missing(SERVICE_CALL_STAGES.map((s) => `stage.serviceCall.${s}`))).toEqual([]);
    expect(missing(COMPLAINT_ACTIONS.map((a) => `action.${a}`))).toEqual([]);
    // Every action the API document names anywhere (requests, awaited actions, history entries of every case type).
    const actions = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (node === null || typeof node !== 'object') return;
      const action = (node as { properties?: { action?: { enum?: string[]; const?: string } } }).properties?.action;
      for (const a of action?.enum ?? (action?.const ? [action.const] : [])) actions.add(a);
      Object.values(node).forEach(collect);
    };
    collect(openapi);
    expect(actions.size).toBeGreaterThan(50);
    expect(missing([...actions].map((a) => `action.${a}`))).toEqual([]);
    expect(missing(ROLES.map((r) => `role.${r}`))).toEqual([]);
    expect(missing(ERROR_CODES.map((c) => `error.${c}`))).toEqual([]);
  });

  test('every field and choice of every form the workspace builds from a request schema has a word', () => {
    const routes = new Set<string>();
    for (const text of sources) for (const m of text.matchAll(/'((?:POST|PUT) \/api\/v1\/[\w/{}-]+)'|"((?:POST|PUT) \/api\/v1\/[\w/{}-]+)"/g)) routes.add((m[1] ?? m[2])!);
    const forms = [...routes].filter((r) => {
      const [method, p] = r.split(' ') as [string, string];
      return (openapi.paths[p]?.[method.toLowerCase()] as Json | undefined)?.requestBody;
    });
    expect(forms).toEqual(expect.arrayContaining(['POST /api/v1/complaints', 'POST /api/v1/complaints/{id}/actions', 'POST /api/v1/service-calls/{id}/actions']));
    const names = new Set<string>();
    const choices = new Set<string>();
    for (const r of forms) {
      const [method, p] = r.split(' ') as [string, string];
      const body = openapi.paths[p]![method.toLowerCase()]!.requestBody as { content: Record<string, { schema: unknown }> };
      namesOf(body.content['application/json']!.schema, names, choices);
    }
    expect(missing([...names].map((n) => `field.${n}`))).toEqual([]);
    expect(missing([...choices].map((c) => `enum.${c}`))).toEqual([]);
  });
});
