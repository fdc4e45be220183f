// Parsing with zod into the platform's one error vocabulary: invalid data is an `invalid_input`
// AppError whose details name each bad field. Used by the API for requests and by the workflows'
// update validators for actions, so both refuse the same data with the same words.
import type { ZodError, ZodType } from 'zod';
import { AppError, type ErrorDetail } from './errors';

/** One detail per zod issue; an issue on the whole value is named `fallbackField`. */
export function zodDetails(err: ZodError, fallbackField = '(body)'): ErrorDetail[] {
  return err.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || fallbackField,
    message: issue.message,
  }));
}

/** `schema.parse(raw)`, or an `invalid_input` error with `message` and a detail per bad field. */
export function parseOrInvalid<T>(schema: ZodType<T>, raw: unknown, message: string, fallbackField = '(body)'): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', message, zodDetails(parsed.error, fallbackField));
  return parsed.data;
}

/**
 * An action request as a workflow's Update receives it: the API forwards the action it parsed
 * (`command`, checked again against the command schema); histories recorded before carry the
 * client's raw body (`input`), parsed as the API parses a request.
 */
export type ActionRequest<C> = { command: C; input?: undefined } | { input: unknown; command?: undefined };

/** What parses an action: one schema, or a table of the actions' schemas (domain/actionSchemas.ts). */
export type ActionParser<C> = ZodType<C> | { parseOrInvalid(raw: unknown, message: string, fallbackField: string): C };

const parseAction = <C>(parser: ActionParser<C>, raw: unknown): C =>
  'parseOrInvalid' in parser ? parser.parseOrInvalid(raw, 'The action is invalid.', 'action') : parseOrInvalid(parser, raw, 'The action is invalid.', 'action');

export function commandOf<C>(req: ActionRequest<C>, parsers: { command: ActionParser<C>; request: ActionParser<C> }): C {
  return req.command !== undefined ? parseAction(parsers.command, req.command) : parseAction(parsers.request, req.input);
}
