// Routes are declared once: the same zod schemas validate the request, type the handler and
// produce the OpenAPI document (GET /openapi.json).
import express, { type Request, type Response, type Router } from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { z } from './zod';
import { AppError } from '../domain/errors';
import { type Role, hasAnyRole } from '../domain/roles';
import type { UserRecord } from '../services/users';
import { zodDetails } from './errors';

export interface HandlerContext<B, Q, P> {
  req: Request;
  res: Response;
  user: UserRecord;
  body: B;
  query: Q;
  params: P;
}

export interface HandlerResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** CSV or HTML bodies are sent as they are with this content type. */
  contentType?: string;
}

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
  response: ZodType;
  successStatus?: number;
  handler: (ctx: HandlerContext<B, Q, P>) => Promise<HandlerResult>;
}

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');

function parsePart<T>(schema: ZodType<T> | undefined, value: unknown, part: string): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (!parsed.success) {
    throw new AppError('invalid_input', `The request ${part} is invalid.`, zodDetails(parsed.error));
  }
  return parsed.data;
}

export type Authenticator = (req: Request) => Promise<UserRecord>;

export class ApiRoutes {
  readonly registry = new OpenAPIRegistry();
  readonly router: Router = express.Router();

  constructor(private readonly authenticate: Authenticator) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  }

  add<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): void {
    const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const success = spec.successStatus ?? (spec.method === 'post' ? 201 : 200);
    const request: RouteConfig['request'] = {};
    if (spec.body) request.body = { content: { 'application/json': { schema: spec.body } }, required: true };
    if (spec.query) request.query = spec.query as never;
    if (spec.params) request.params = spec.params as never;
    const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorEnvelope } } });
    this.registry.registerPath({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      security: spec.access === 'user' ? [{ bearer: [] }] : [],
      description: spec.roles ? `Roles: ${spec.roles.join(', ')}` : undefined,
      request,
      responses: {
        [success]: { description: 'Success', content: { 'application/json': { schema: spec.response } } },
        400: errorResponse('Invalid input; details name each field'),
        ...(spec.access === 'user' ? { 401: errorResponse('No or unknown token'), 403: errorResponse('Role not allowed') } : {}),
        404: errorResponse('Unknown id'),
        409: errorResponse('Not allowed in the current stage, or a conflicting duplicate'),
      },
    });

    this.router[spec.method](expressPath, async (req, res, next) => {
      try {
        const user = spec.access === 'user' ? await this.authenticate(req) : (undefined as unknown as UserRecord);
        if (spec.roles && !hasAnyRole(user, spec.roles)) {
          throw new AppError('forbidden', `This needs one of the roles: ${spec.roles.join(', ')}.`);
        }
        if (spec.body && req.is('application/json') === false) {
          throw new AppError('unsupported_media_type', 'Send the body as application/json.');
        }
        const params = parsePart(spec.params, req.params, 'path');
        const query = parsePart(spec.query, req.query, 'query');
        const body = parsePart(spec.body, req.body, 'body');
        const result = await spec.handler({ req, res, user, body, query, params });
        for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
        res.status(result.status ?? success);
        if (result.contentType) res.type(result.contentType).send(result.body);
        else res.json(result.body);
      } catch (err) {
        next(err);
      }
    });
  }

  openApiDocument(info: { title: string; version: string; serverUrl: string }): object {
    const generator = new OpenApiGeneratorV3(this.registry.definitions);
    return generator.generateDocument({
      openapi: '3.0.3',
      info: { title: info.title, version: info.version },
      servers: [{ url: info.serverUrl }],
    });
  }
}

/** The response of a creating POST run through the Idempotency-Key mechanism. */
export function idempotentResponse(result: { status: number; body: unknown; replayed: boolean }): HandlerResult {
  const headers: Record<string, string> = result.replayed ? { 'Idempotent-Replayed': 'true' } : {};
  return { status: result.status, body: result.body, headers };
}
