// G5: an action checked by a workflow with its own schema is refused with the same words, field by
// field, as the API's union of every action refuses it; a case builds only the schemas it uses.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ActionSchemas } from '../../domain/actionSchemas';
import { complaintActionSchemas, complaintCommandSchemas } from '../../domain/complaint/schemas';
import { serviceCallActionSchemas } from '../../domain/serviceCall/schemas';
import { accountabilityActionSchemas } from '../../domain/accountability/schemas';
import { AppError } from '../../domain/errors';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('accepted');
};
const unionRefusal = (schemas: { union(): z.ZodType }, raw: unknown) => {
  const parsed = schemas.union().safeParse(raw);
  if (parsed.success) throw new Error('accepted');
  return { code: 'invalid_input', message: 'The action is invalid.', details: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'action', message: i.message })) };
};

describe('G5: one action parsed with its own schema', () => {
  const bad: [string, { union(): z.ZodType; parseOrInvalid(raw: unknown, m: string, f: string): unknown }, unknown][] = [
    ['complaint analyze without its cause', complaintActionSchemas, { action: 'analyze', responsibleDepartments: [], ourFault: 'yes', needsRnd: false }],
    ['complaint propose with a negative amount', complaintActionSchemas, { action: 'propose', handling: { kind: 'allowance', amount: '-5' } }],
    ['complaint close with an unknown field', complaintActionSchemas, { action: 'close', responsibility: [{ department: 'qa', ratio: 1 }], lossAmount: '1', trackImprovement: true, extra: 1 }],
    ['complaint command with amounts in yuan', complaintCommandSchemas, { action: 'propose', handling: { kind: 'allowance', amount: '12.50' } }],
    ['an action that does not exist', complaintActionSchemas, { action: 'approve_everything' }],
    ['no action at all', complaintActionSchemas, { comment: 'hello' }],
    ['not an object', complaintActionSchemas, 'register'],
    ['service call dispatch to no technician', serviceCallActionSchemas, { action: 'dispatch', technicianId: 'bob' }],
    ['accountability reject without a comment', accountabilityActionSchemas, { action: 'reject' }],
  ];
  test.each(bad)('%s: refused with the same details as the union', (_, schemas, raw) => {
    const got = refusal(() => schemas.parseOrInvalid(raw, 'The action is invalid.', 'action'));
    expect(got).toEqual(unionRefusal(schemas, raw));
    expect(got.details.length).toBeGreaterThan(0);
  });

  test('a valid action parses to what the union gives, amounts converted', () => {
    const raw = { action: 'propose', handling: { kind: 'return', quantity: 37, unitPrice: '200', compensation: '600' } };
    const parsed = complaintActionSchemas.parseOrInvalid(raw, 'The action is invalid.', 'action');
    expect(parsed).toEqual(complaintActionSchemas.union().parse(raw));
    expect(parsed).toMatchObject({ handling: { unitPrice: 20000, compensation: 60000 } });
  });

  test('an action\'s schema is built when an action of its kind is first parsed, and kept; the union reuses the schemas built', () => {
    const built: string[] = [];
    const track = <N extends string>(name: N) => () => {
      built.push(name);
      return z.object({ action: z.literal(name), n: z.number() }).strict();
    };
    const schemas = new ActionSchemas({ first: track('first'), second: track('second'), third: track('third') });
    expect(schemas.names).toEqual(['first', 'second', 'third']);
    schemas.parseOrInvalid({ action: 'second', n: 1 }, 'The action is invalid.', 'action');
    schemas.parseOrInvalid({ action: 'second', n: 2 }, 'The action is invalid.', 'action');
    expect(built).toEqual(['second']);
    expect(refusal(() => schemas.parseOrInvalid({ action: 'fourth' }, 'The action is invalid.', 'action')).details).toEqual([
      { field: 'action', message: expect.stringContaining('first') },
    ]);
    expect([...built].sort()).toEqual(['first', 'second', 'third']);
    schemas.parseOrInvalid({ action: 'third', n: 3 }, 'The action is invalid.', 'action');
    expect(schemas.union()).toBe(schemas.union());
    expect(built).toHaveLength(3);
  });

  test('a table frozen as the worker freezes what its cases share still builds, keeps and checks', () => {
    // The worker's sandbox freezes the shared modules' exports and every property they reach.
    const deepFreeze = (o: unknown, seen = new Set<unknown>()): void => {
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
      seen.add(o);
      for (const key of Reflect.ownKeys(o)) deepFreeze((o as Record<PropertyKey, unknown>)[key], seen);
      Object.freeze(o);
    };
    const schemas = new ActionSchemas({
      register: () => z.object({ action: z.literal('register') }).strict(),
      analyze: () => z.object({ action: z.literal('analyze'), cause: z.string().min(1) }).strict(),
    });
    deepFreeze(schemas);
    expect(Object.isFrozen(schemas)).toBe(true);
    expect(schemas.parseOrInvalid({ action: 'analyze', cause: 'burr' }, 'The action is invalid.', 'action')).toEqual({ action: 'analyze', cause: 'burr' });
    expect(refusal(() => schemas.parseOrInvalid({ action: 'analyze', cause: '' }, 'The action is invalid.', 'action')).details).toEqual([
      { field: 'cause', message: expect.any(String) },
    ]);
    expect(refusal(() => schemas.parseOrInvalid({ action: 'close' }, 'The action is invalid.', 'action')).code).toBe('invalid_input');
    expect(schemas.of('analyze')).toBe(schemas.of('analyze'));
  });
});

describe('G5: the rules every cached case shares', () => {
  test('build no schema when they load: the worker freezes what they hold then, and a frozen schema could not be parsed with', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../workflows/sharedLibraries.ts'), 'utf8');
    const shared = [...source.matchAll(/^import '(\.\.\/domain\/[^']+)';$/gm)].map((m) => path.join(__dirname, '../../workflows', m[1]!));
    expect(shared.length).toBeGreaterThan(5);
    // The library keeps its settings on the global object: load it afresh with none.
    const global = globalThis as { __zod_globalConfig?: object };
    const settings = global.__zod_globalConfig;
    delete global.__zod_globalConfig;
    try {
      jest.isolateModules(() => {
        for (const module of shared) require(module);
        // The schema library sets its message locale when it builds its first schema.
        const core = require('zod/v4/core') as typeof import('zod/v4/core');
        expect(core.globalConfig.localeError).toBeUndefined();
        (require('zod') as typeof import('zod')).z.string();
        expect(core.globalConfig.localeError).toBeDefined();
      });
    } finally {
      global.__zod_globalConfig = settings;
    }
  });
});
