// Routes are declared once: the same zod schemas validate the request, type the handler and
// produce the OpenAPI document (GET /openapi.json).
import express, { type Request, type Response, type Router } from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { AppError } from '../domain/errors';
import { type Role, hasAnyRole } from '../domain/roles';
import type { AuditInput } from '../services/audit';
import type { UserRecord } from '../services/users';
import { CSRF_HEADER, SESSION_COOKIE, type SessionContext, csrfMatchesToken } from '../services/sessions';
import { parseOrInvalid } from '../domain/validation';
import { httpStatusOf, toAppError } from './errors';
import type { RateLimiter } from './rateLimit';
import { zErrorBody, zIdempotencyHeaders } from './schemas/common';

export interface HandlerContext<B, Q, P> {
  req: Request;
  res: Response;
  user: UserRecord;
  /** The signed-in session when the caller came with the session cookie; null with a bearer token. */
  session: SessionContext | null;
  body: B;
  query: Q;
  params: P;
  /** What the audit entry records beyond the request: a person identified by the handler (sign-in), another action name. */
  audit: AuditNote;
}

export interface AuditNote {
  actor?: { id: string; roles: readonly string[] } | null;
  objectId?: string | null;
  action?: string;
}

export interface HandlerResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** CSV or HTML bodies are sent as they are with this content type. */
  contentType?: string;
}

/** The other representations a route serves besides JSON, selected by `?format=`. */
export type Alternate = 'text/csv' | 'text/html';

export interface RouteSpec<B, Q, P> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: /api/v1/complaints/{id} */
  path: string;
  summary: string;
  tags: string[];
  /** 'public' routes take no token (health, survey links). */
  access: 'public' | 'user';
  /** Function-level authorization: the caller must hold one of these roles. */
  roles?: readonly Role[];
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /** The response body's schema; null: 204 without a body. */
  response: ZodType | null;
  /** `?format=csv|html` answers in these content types instead of JSON. */
  alternates?: readonly Alternate[];
  successStatus?: number;
  /** A PUT that creates what was not there answers 201 (else 200). */
  createsOnPut?: boolean;
  /** A public route that answers 401 when the credentials in its body are wrong: what the 401 means. */
  refusesCredentials?: string;
  /** Audit this route even for GET (reads auditors care about, such as replays). */
  audit?: boolean;
  /** The action the audit log names (default: the body's `action`, else METHOD path). */
  auditAction?: string;
  /**
   * false: the body is a credential (a password) and not even its hash goes into the audit log; a
   * function: what of the body is hashed into the log (the body without its password).
   */
  auditBody?: false | ((body: unknown) => unknown);
  /**
   * For action routes: once the body's `action` is read, refuses (403, with this message) a caller
   * who may never take it, before its fields are validated; null lets the request go on.
   */
  refuseAction?: (user: UserRecord, action: string) => Promise<string | null>;
  /** A creating POST that honours Idempotency-Key (see idempotentResponse): the document names the header and Idempotent-Replayed. */
  idempotent?: boolean;
  /**
   * Completes the body from records before it is validated against `body` (a service call's
   * customer from the installed base), so that every field still missing or wrong is named at once.
   */
  prepareBody?: (body: unknown, ctx: { req: Request; res: Response; user: UserRecord }) => Promise<unknown>;
  /** The request body as the OpenAPI document shows it, when `prepareBody` lets clients leave fields out. */
  documentedBody?: ZodType;
  /**
   * A file upload: the body is taken as it is (a Buffer) in one of these content types, up to
   * `limit`, instead of JSON; `body` is not used.
   */
  upload?: { contentTypes: readonly string[]; limit: string; description: string };
  handler: (ctx: HandlerContext<B, Q, P>) => Promise<HandlerResult>;
}

/** Where a value holds text with the character U+0000 (dotted paths, as zod names fields). */
function nulCharacterFields(value: unknown): string[] {
  // Walked with a stack of its own, not by recursion: a body may nest thousands of levels deep.
  type Visit = { value: unknown; key: string; parent: Visit | null };
  const pathOf = (v: Visit): string => {
    const keys: string[] = [];
    for (let at: Visit | null = v; at?.parent; at = at.parent) keys.push(at.key);
    return keys.reverse().join('.') || '(body)';
  };
  const found: string[] = [];
  const stack: Visit[] = [{ value, key: '', parent: null }];
  while (stack.length) {
    const visit = stack.pop()!;
    const v = visit.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) found.push(pathOf(visit));
    } else if (v && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: visit });
    }
  }
  return found;
}

function parsePart<T>(schema: ZodType<T> | undefined, value: unknown, part: string): T {
  if (!schema) return undefined as T;
  // G5: no text may hold U+0000, which PostgreSQL cannot store: refused here for every route at once.
  const nul = nulCharacterFields(value);
  if (nul.length) {
    throw new AppError('invalid_input', `The request ${part} is invalid.`, nul.map((field) => ({ field, message: 'must not contain the character U+0000' })));
  }
  return parseOrInvalid(schema, value ?? (part === 'body' ? undefined : {}), `The request ${part} is invalid.`);
}

/** The pattern the document gives request text that has no pattern of its own: no U+0000 (see parsePart). */
const NO_NUL_CHARACTER = '^[^\\u0000]*$';

/** Adds NO_NUL_CHARACTER to every string of the requests (parameters and bodies) that has no pattern, format or enum. */
function statePlainTextRule(doc: { paths?: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, unknown> } }): void {
  const seen = new Set<unknown>();
  const visit = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const s = schema as Record<string, unknown>;
    if (typeof s.$ref === 'string') return visit(doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')]);
    if (s.type === 'string' && s.pattern === undefined && s.format === undefined && s.enum === undefined) s.pattern = NO_NUL_CHARACTER;
    for (const key of ['items', 'not', 'additionalProperties']) visit(s[key]);
    for (const key of ['oneOf', 'anyOf', 'allOf']) (s[key] as unknown[] | undefined)?.forEach(visit);
    Object.values((s.properties as Record<string, unknown> | undefined) ?? {}).forEach(visit);
  };
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(operations) as { parameters?: { schema?: unknown }[]; requestBody?: { content?: Record<string, { schema?: unknown }> } }[]) {
      op.parameters?.forEach((p) => visit(p.schema));
      Object.values(op.requestBody?.content ?? {}).forEach((c) => visit(c.schema));
    }
  }
}

/** A response that does not match its declared schema is a fault of ours: 500, naming where it differs. */
function checkResponse(spec: { method: string; path: string; response: ZodType | null }, body: unknown): void {
  if (spec.response === null) {
    if (body !== undefined) throw new AppError('internal', `The response of ${spec.method.toUpperCase()} ${spec.path} has a body; it answers 204.`);
    return;
  }
  const checked = spec.response.safeParse(body);
  if (!checked.success) {
    const where = checked.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new AppError('internal', `The response of ${spec.method.toUpperCase()} ${spec.path} does not match its schema: ${where}`);
  }
}

/** Who a request comes from: a bearer token's user, or a signed-in person with their session. */
export type Authenticator = (req: Request) => Promise<{ user: UserRecord; session: SessionContext | null }>;

const CHANGES = new Set(['post', 'put', 'patch', 'delete']);

export interface ApiRoutesOptions {
  authenticate: Authenticator;
  /** Appends one audit entry; awaited before the response is sent. */
  audit: (entry: AuditInput) => Promise<void>;
  rateLimiter: RateLimiter;
  /** Check every JSON response against its schema (development and tests): a mismatch answers 500 naming it. */
  checkResponses: boolean;
  /** No request waits longer: past it the answer is 504 `timeout`. */
  requestTimeoutMs: number;
}

/** Resolves with the work's result, or fails with 504 `timeout` when it takes longer than `ms`. */
function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('timeout', `The request took longer than ${Math.round(ms / 1000)} s. What it started finishes or fails on its own; read the case again to see where it stands.`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class ApiRoutes {
  readonly registry = new OpenAPIRegistry();
  readonly router: Router = express.Router();
  /** The methods declared for each path, for 405 answers with Allow. */
  private readonly methods = new Map<string, Set<string>>();

  constructor(private readonly options: ApiRoutesOptions) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
    this.registry.registerComponent('securitySchemes', 'session', {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: `A signed-in person's session (POST /api/v1/session). Changes (POST, PUT, PATCH, DELETE) also need the session's CSRF token in the ${CSRF_HEADER} header.`,
    });
  }

  add<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): void {
    const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const success = spec.response === null ? 204 : (spec.successStatus ?? (spec.method === 'post' ? 201 : 200));
    const request: RouteConfig['request'] = {};
    if (spec.body) request.body = { content: { 'application/json': { schema: spec.documentedBody ?? spec.body } }, required: true };
    if (spec.upload) {
      const binary = { type: 'string', format: 'binary' } as const;
      request.body = { description: spec.upload.description, content: Object.fromEntries(spec.upload.contentTypes.map((t) => [t, { schema: binary }])) as never, required: true };
    }
    if (spec.query) request.query = spec.query as never;
    if (spec.params) request.params = spec.params as never;
    if (spec.idempotent) request.headers = zIdempotencyHeaders as never;
    const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: zErrorBody } } });
    const limited = !spec.tags.includes('system');
    const content: Record<string, { schema: ZodType | { type: 'string' } }> = spec.response === null ? {} : { 'application/json': { schema: spec.response } };
    for (const alternate of spec.alternates ?? []) content[alternate] = { schema: { type: 'string' } };
    this.registry.registerPath({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      security: spec.access === 'user' ? [{ bearer: [] }, { session: [] }] : [],
      description: spec.roles ? `Roles: ${spec.roles.join(', ')}` : undefined,
      request,
      responses: {
        [success]:
          spec.response === null
            ? { description: 'Done; no body' }
            : {
                description: 'Success',
                content: content as never,
                ...(spec.idempotent
                  ? { headers: { 'Idempotent-Replayed': { description: 'true when this is the first answer to an earlier request with the same Idempotency-Key and body, given again', schema: { type: 'string', enum: ['true'] } } } }
                  : {}),
              },
        ...(spec.createsOnPut ? { 201: { description: 'Created', content: content as never } } : {}),
        400: errorResponse('Invalid input; details name each field'),
        ...(spec.access === 'user'
          ? {
              401: errorResponse('No or unknown token, or no session'),
              403: errorResponse(CHANGES.has(spec.method) ? `Role not allowed, or signed in with the session cookie without the ${CSRF_HEADER} header` : 'Role not allowed'),
            }
          : spec.refusesCredentials
            ? { 401: errorResponse(spec.refusesCredentials) }
            : {}),
        404: errorResponse('Unknown id'),
        409: errorResponse('Not allowed in the current stage, or a conflicting duplicate'),
        ...(spec.body ? { 413: errorResponse('The body is larger than BODY_LIMIT'), 415: errorResponse('The body is not application/json') } : {}),
        ...(spec.upload ? { 413: errorResponse(`The file is larger than the limit`), 415: errorResponse(`The body is not one of: ${spec.upload.contentTypes.join(', ')}`) } : {}),
        ...(limited
          ? {
              429: {
                ...errorResponse('Too many requests; Retry-After says when to try again'),
                headers: { 'Retry-After': { description: 'seconds to wait before trying again', required: true, schema: { type: 'integer', minimum: 1 } } },
              },
            }
          : {}),
        503: errorResponse('Temporal or the database does not answer; try again'),
        504: errorResponse('The request took longer than REQUEST_TIMEOUT; what it started finishes or fails on its own'),
      },
    });
    this.methods.set(expressPath, (this.methods.get(expressPath) ?? new Set()).add(spec.method.toUpperCase()));

    const objectType = /^\/api\/v1\/([^/{]+)/.exec(spec.path)?.[1] ?? null;
    const upload = spec.upload;
    const rawBody = upload ? [express.raw({ type: [...upload.contentTypes], limit: upload.limit })] : [];
    this.router[spec.method](expressPath, ...rawBody, async (req, res, next) => {
      let user: UserRecord | null = null;
      let session: SessionContext | null = null;
      const note: AuditNote = {};
      const audit = async (status: number, errorCode: string | null) => {
        if (spec.method === 'get' && !spec.audit && status !== 401 && status !== 403) return;
        const body = req.body as { action?: unknown } | undefined;
        await this.options
          .audit({
            requestId: String(res.getHeader('X-Request-Id') ?? ''),
            actor: note.actor !== undefined ? note.actor : user && { id: user.id, roles: user.roles },
            method: req.method,
            // The route's template with only {id} filled in: other path parameters (a survey link's
            // token) are credentials and stay out of the log.
            path: spec.path.replace('{id}', typeof req.params.id === 'string' ? req.params.id.slice(0, 200) : '{id}'),
            objectType,
            objectId: note.objectId !== undefined ? note.objectId : typeof req.params.id === 'string' ? req.params.id.slice(0, 200) : null,
            action: note.action ?? spec.auditAction ?? (typeof body?.action === 'string' ? body.action.slice(0, 100) : `${spec.method.toUpperCase()} ${spec.path}`),
            status,
            errorCode,
            body: spec.auditBody === false ? null : spec.auditBody ? spec.auditBody(req.body) : req.body,
          })
          .catch((err: unknown) => req.app.get('logger')?.error({ err }, 'audit entry not written'));
      };
      try {
        if (limited) this.options.rateLimiter.take(this.options.rateLimiter.keyOf(req));
        if (spec.access === 'user') {
          ({ user, session } = await this.options.authenticate(req));
          if (session?.renewedCookie) res.append('Set-Cookie', session.renewedCookie);
          // A browser sends the cookie with any request, even one another site makes it send: a change
          // made with the cookie must also carry the session's CSRF token, which only our pages can read.
          if (session && CHANGES.has(spec.method) && !csrfMatchesToken(session, req.get(CSRF_HEADER))) {
            throw new AppError('forbidden', `CSRF token missing or wrong: a change made with the session cookie needs the ${CSRF_HEADER} header (from POST /api/v1/session or GET /api/v1/me).`);
          }
        }
        if (spec.roles && !hasAnyRole(user!, spec.roles)) {
          throw new AppError('forbidden', `This needs one of the roles: ${spec.roles.join(', ')}.`);
        }
        if (spec.body && req.is('application/json') === false) {
          throw new AppError('unsupported_media_type', 'Send the body as application/json.');
        }
        if (upload && (!req.is([...upload.contentTypes]) || !Buffer.isBuffer(req.body))) {
          throw new AppError('unsupported_media_type', `Send the file as the body, with Content-Type one of: ${upload.contentTypes.join(', ')}.`);
        }
        const action = (req.body as { action?: unknown } | undefined)?.action;
        if (spec.refuseAction && typeof action === 'string') {
          const refusal = await spec.refuseAction(user!, action);
          if (refusal) throw new AppError('forbidden', refusal);
        }
        const params = parsePart(spec.params, req.params, 'path');
        const query = parsePart(spec.query, req.query, 'query');
        const body = parsePart(spec.body, spec.prepareBody ? await spec.prepareBody(req.body, { req, res, user: user! }) : req.body, 'body');
        const result = await withinTimeout(spec.handler({ req, res, user: user!, session, body, query, params, audit: note }), this.options.requestTimeoutMs);
        if (this.options.checkResponses && !result.contentType) checkResponse(spec, result.body);
        const status = result.status ?? success;
        await audit(status, null);
        for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
        res.status(status);
        if (status === 204) res.end();
        else if (result.contentType) res.type(result.contentType).send(result.body);
        else res.json(result.body);
      } catch (err) {
        const appError = toAppError(err);
        await audit(httpStatusOf(appError.code), appError.code);
        next(err);
      }
    });
  }

  /** After every route: a declared path asked with another method answers 405 with Allow. */
  refuseOtherMethods(): void {
    for (const [path, declared] of this.methods) {
      const allow = [...declared, ...(declared.has('GET') ? ['HEAD'] : [])].join(', ');
      this.router.all(path, (req, res, next) => {
        res.setHeader('Allow', allow);
        next(new AppError('method_not_allowed', `${req.method} is not supported here; use ${allow}.`));
      });
    }
  }

  openApiDocument(info: { title: string; version: string; serverUrl: string }): object {
    const generator = new OpenApiGeneratorV3(this.registry.definitions);
    const doc = generator.generateDocument({
      openapi: '3.0.3',
      info: { title: info.title, version: info.version },
      servers: [{ url: info.serverUrl }],
    });
    statePlainTextRule(doc as never);
    return doc;
  }
}

/** The response of a creating POST run through the Idempotency-Key mechanism. */
export function idempotentResponse(result: { status: number; body: unknown; replayed: boolean }): HandlerResult {
  const headers: Record<string, string> = result.replayed ? { 'Idempotent-Replayed': 'true' } : {};
  return { status: result.status, body: result.body, headers };
}
