// A case type's actions as a table of schemas, each built when it is needed. The API validates and
// documents a request with all of them in one discriminated union on `action`, built once; a
// workflow's update validator checks one action with that action's own schema, built for the
// check and let go. A case's workflow code is instantiated per cached case: building every
// action's schema there cost each new case time and memory, and keeping the schemas of the actions
// it took cost each cached case about as much as its state.
import { z } from 'zod';
import { parseOrInvalid } from './validation';

type ActionSchema = z.ZodObject<{ action: z.ZodLiteral<string> } & z.ZodRawShape>;
export type ActionFactories = Record<string, () => ActionSchema>;

/** The action as parsed (amounts in the schema's output unit), one member per action name. */
export type ActionOf<F extends ActionFactories> = { [K in keyof F]: z.output<ReturnType<F[K]>> }[keyof F];
/** The action as sent. */
export type ActionInputOf<F extends ActionFactories> = { [K in keyof F]: z.input<ReturnType<F[K]>> }[keyof F];

export class ActionSchemas<F extends ActionFactories> {
  /** The action names, in the order the table lists them. */
  readonly names: (keyof F & string)[];
  private members: Map<keyof F, ReturnType<F[keyof F]>> | undefined;
  private whole: z.ZodDiscriminatedUnion<ReturnType<F[keyof F]>[], 'action'> | undefined;

  constructor(private readonly factories: F) {
    this.names = Object.keys(factories) as (keyof F & string)[];
  }

  /** One action's schema: the union's member once the union is built, else built anew. */
  of<K extends keyof F>(name: K): ReturnType<F[K]> {
    return (this.members?.get(name) ?? this.factories[name]!()) as ReturnType<F[K]>;
  }

  /** Every action in one union on `action`: what a request is validated and documented with. */
  union(): z.ZodDiscriminatedUnion<ReturnType<F[keyof F]>[], 'action'> {
    if (!this.whole) {
      this.members = new Map(this.names.map((name) => [name, this.factories[name]!() as ReturnType<F[keyof F]>]));
      this.whole = z.discriminatedUnion('action', [...this.members.values()] as [ReturnType<F[keyof F]>, ...ReturnType<F[keyof F]>[]]);
    }
    return this.whole;
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
