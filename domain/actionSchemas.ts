// A case type's actions as a table of schemas, each built the first time it is needed and kept.
// The API validates and documents a request with all of them in one discriminated union on
// `action`; a workflow's update validator checks one action with that action's own schema, so a
// worker builds the schema of an action when a case first takes it, not every action's schema for
// every case.
// The worker loads the domain's rules once into the sandbox all cached cases share and freezes
// their properties there (workflows/sharedLibraries.ts); what a table builds is kept in a Map, whose
// entries freezing leaves writable, so the cases share one schema per action.
import { z } from 'zod';
import { text } from './fields';
import { parseOrInvalid } from './validation';

/** One action's schema: its name, the remark every action may carry, its own fields, nothing else. */
export const action = <A extends string, S extends z.ZodRawShape>(name: A, shape: S) =>
  z.object({ action: z.literal(name), comment: text().optional(), ...shape }).strict();

type ActionSchema = z.ZodObject<{ action: z.ZodLiteral<string> } & z.ZodRawShape>;
export type ActionFactories = Record<string, () => ActionSchema>;

/** The action as parsed (amounts in the schema's output unit), one member per action name. */
export type ActionOf<F extends ActionFactories> = { [K in keyof F]: z.output<ReturnType<F[K]>> }[keyof F];
/** The action as sent. */
export type ActionInputOf<F extends ActionFactories> = { [K in keyof F]: z.input<ReturnType<F[K]>> }[keyof F];

type Union<F extends ActionFactories> = z.ZodDiscriminatedUnion<ReturnType<F[keyof F]>[], 'action'>;
/** The key the union is kept under, beside the actions' names. */
const UNION = Symbol('every action');

export class ActionSchemas<F extends ActionFactories> {
  /** The action names, in the order the table lists them. */
  readonly names: (keyof F & string)[];
  private readonly built = new Map<keyof F | typeof UNION, ReturnType<F[keyof F]> | Union<F>>();

  constructor(private readonly factories: F) {
    this.names = Object.keys(factories) as (keyof F & string)[];
  }

  /** One action's schema, built on first use. */
  of<K extends keyof F>(name: K): ReturnType<F[K]> {
    let schema = this.built.get(name) as ReturnType<F[K]> | undefined;
    if (!schema) {
      schema = this.factories[name]!() as ReturnType<F[K]>;
      this.built.set(name, schema);
    }
    return schema;
  }

  /** Every action in one union on `action`: what a request is validated and documented with. */
  union(): Union<F> {
    let whole = this.built.get(UNION) as Union<F> | undefined;
    if (!whole) {
      const members = this.names.map((name) => this.of(name)) as ReturnType<F[keyof F]>[];
      whole = z.discriminatedUnion('action', members as [ReturnType<F[keyof F]>, ...ReturnType<F[keyof F]>[]]);
      this.built.set(UNION, whole);
    }
    return whole;
  }

  /**
   * Parses an action into the platform's error vocabulary (an `invalid_input` naming each bad
   * field): with its own schema when `action` names one, which reports exactly what the union
   * would; else with the union, whose error says which actions there are.
   */
  parseOrInvalid(raw: unknown, message: string, fallbackField: string): ActionOf<F> {
    const name = typeof raw === 'object' && raw !== null ? (raw as { action?: unknown }).action : undefined;
    const schema = typeof name === 'string' && Object.hasOwn(this.factories, name) ? this.of(name) : this.union();
    return parseOrInvalid(schema as z.ZodType<ActionOf<F>>, raw, message, fallbackField);
  }
}
