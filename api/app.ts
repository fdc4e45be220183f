// The express application, apart from listen() so that tests drive it in-process.
import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express } from 'express';
import { AppError } from '../domain/errors';
import { appendAudit } from '../services/audit';
import { SessionService, sessionIdFromCookie } from '../services/sessions';
import { bearerToken } from '../services/tokens';
import type { Config } from '../config';
import { createLogger } from '../observability/logger';
import type { ApiDeps } from './context';
import { errorHandler } from './errors';
import { ApiRoutes } from './http';
import { ApiMetrics, metricsEndpoint } from './metrics';
import { RateLimiter } from './rateLimit';
import { httpSpans, reenterRequestSpan } from './tracing';
import { surveyPage } from './render/surveyPage';
import { accountabilityRoutes } from './routes/accountability';
import { anomalyReportRoutes } from './routes/anomalyReports';
import { auditRoutes } from './routes/audit';
import { complaintRoutes } from './routes/complaints';
import { contractRoutes } from './routes/contracts';
import { customerMessageRoutes } from './routes/customerMessages';
import { monthlyReportRoutes } from './routes/monthlyReports';
import { installedBaseRoutes } from './routes/installedBase';
import { partRoutes } from './routes/parts';
import { returnRoutes } from './routes/returns';
import { serviceCallRoutes } from './routes/serviceCalls';
import { serviceOperationsRoutes } from './routes/serviceOperations';
import { serviceReportRoutes } from './routes/serviceReports';
import { surveyRoutes } from './routes/surveys';
import { codecRoutes } from './routes/codec';
import { sessionRoutes } from './routes/session';
import { deliveryRoutes } from './routes/deliveries';
import { systemRoutes } from './routes/system';
import { userRoutes } from './routes/users';
import { workRoutes } from './routes/work';
import { workspaceRoutes } from './web';

const ROUTE_MODULES = [
  systemRoutes,
  userRoutes,
  sessionRoutes,
  complaintRoutes,
  anomalyReportRoutes,
  workRoutes,
  auditRoutes,
  serviceCallRoutes,
  contractRoutes,
  surveyRoutes,
  codecRoutes,
  customerMessageRoutes,
  serviceReportRoutes,
  accountabilityRoutes,
  returnRoutes,
  installedBaseRoutes,
  monthlyReportRoutes,
  deliveryRoutes,
  partRoutes,
  serviceOperationsRoutes,
];

export function createApp(deps: ApiDeps): Express {
  const sessions = new SessionService(deps.db, deps.config.auth);
  const routes = new ApiRoutes({
    // Machine clients send a bearer token; people signed in with POST /api/v1/session send the cookie.
    authenticate: async (req) => {
      const header = req.get('authorization');
      if (header) {
        const token = bearerToken(header);
        const user = token ? await deps.users.byToken(token) : null;
        if (!user) throw new AppError('unauthenticated', 'The token is not valid.');
        return { user, session: null };
      }
      const sessionId = sessionIdFromCookie(req.get('cookie'));
      if (!sessionId) throw new AppError('unauthenticated', 'Sign in (POST /api/v1/session) or send Authorization: Bearer <token>.');
      const signedIn = await sessions.authenticate(sessionId, deps.now());
      if (!signedIn) throw new AppError('unauthenticated', 'The session has ended; sign in again.');
      return signedIn;
    },
    audit: (entry) => appendAudit(deps.db, entry, deps.now()),
    rateLimiter: new RateLimiter(deps.config.http.rateLimit),
    checkResponses: deps.config.http.checkResponses,
    requestTimeoutMs: deps.config.http.requestTimeoutMs,
  });
  for (const register of ROUTE_MODULES) register(routes, deps);
  routes.refuseOtherMethods();
  const openapi = routes.openApiDocument({
    title: 'After-sales service and complaint platform',
    version: '1',
    serverUrl: deps.config.http.publicUrl,
  });

  const app = express();
  app.set('logger', deps.logger);
  app.set('openapi', openapi);
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Observing it (README): a span per request when tracing is on; request durations; GET /metrics.
  const tracing = deps.tracing?.enabled ? deps.tracing : null;
  if (tracing) app.use(httpSpans(tracing));
  const metrics =
    deps.metrics ?? new ApiMetrics({ db: deps.db, timeZone: deps.config.timeZone, cacheMs: deps.config.observability.metricsCacheMs, now: deps.now, logger: deps.logger });
  app.set('metrics', metrics);
  app.use(metrics.timeRequests);
  app.use((req, res, next) => {
    const requestId = req.get('x-request-id')?.slice(0, 100) || randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      deps.logger.info(
        {
          requestId,
          method: req.method,
          // The matched route's pattern, not the path: a path may carry a credential (survey links).
          route: (req.route as { path?: string } | undefined)?.path ?? '(unmatched)',
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });
  // G6: the Temporal Web UI calls the codec endpoint from its own origin, with the person's credentials.
  app.use(
    '/api/v1/codec',
    cors({ origin: deps.config.http.codecCorsOrigins, credentials: true, methods: ['POST'], allowedHeaders: ['Content-Type', 'Authorization', 'X-Namespace'], maxAge: 600 }),
  );
  app.use(express.json({ limit: deps.config.http.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  if (tracing) app.use(reenterRequestSpan);
  app.get('/metrics', metricsEndpoint(metrics, deps.config.observability.metricsToken));
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.get('/survey/:token', surveyPage(deps.db));
  app.use(routes.router);
  // The workspace in the browser at `/`, after every API route so that it never shadows one.
  app.use(workspaceRoutes({ timeZone: deps.config.timeZone }));
  app.use((req, _res, next) => next(new AppError('not_found', `No route ${req.method} ${req.path}.`)));
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * The OpenAPI document (GET /openapi.json) for a configuration, built from the route declarations
 * alone: no handler runs and nothing is connected, so route modules get the configuration only.
 */
export function openApiDocumentFor(config: Config): object {
  const declarationsOnly = { config, logger: createLogger('silent', 'openapi'), now: () => new Date() } as unknown as ApiDeps;
  return createApp(declarationsOnly).get('openapi') as object;
}
