// Traces (README "Observing it"): one server span per HTTP request, the root of everything the
// request does (the Temporal client's calls, and through them the workflow and its activities). A
// caller's `traceparent` header makes it part of the caller's trace. The span is named by the route
// as declared (`POST /api/v1/complaints/{id}/actions`); the raw URL is not recorded, since a path
// may carry a credential (survey links).
import { SpanKind, SpanStatusCode, type Context, context, propagation, trace } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';
import type { Tracing } from '../observability/tracing';
import { routePattern } from './metrics';

const SPAN_CONTEXT = Symbol('span context');
type WithSpan = Request & { [SPAN_CONTEXT]?: Context };

/** Starts the request's span and runs the rest of the request in it. */
export function httpSpans(tracing: Tracing): RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracing.tracer.startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
    res.on('finish', () => {
      const route = routePattern(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    const active = trace.setSpan(parent, span);
    (req as WithSpan)[SPAN_CONTEXT] = active;
    context.with(active, next);
  };
}

/**
 * After the body is read: back into the request's span. The body arrives in events of the
 * connection, which do not carry the request's context along.
 */
export const reenterRequestSpan: RequestHandler = (req, _res, next) => {
  const active = (req as WithSpan)[SPAN_CONTEXT];
  if (active) context.with(active, next);
  else next();
};
