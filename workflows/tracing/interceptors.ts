// Traces (README "Observing it"): the workflow side of tracing, bundled with every workflow, built on
// the SDK's OpenTelemetry interceptors (their tracer, header format and span names). A workflow
// start, signal or Update that carries a trace context (the API sends one when tracing is on) is
// handled in a span of that trace, and the activities, child workflows and signals issued inside it
// carry the trace on; the spans reach the worker through the `exporter` sink.
//
// Tracing never changes what a workflow does. A call without a trace context passes straight
// through. A traced call gets its span around the very promise the call returns, so no await is
// added and the workflow's commands come in the same order as untraced (the SDK's own interceptors
// wrap results in further awaits, which can reorder commands issued in one activation). Queries and
// Update validators are not traced (the client's span covers them): they must not draw on the
// workflow's random numbers, which a replay does not repeat for them.
//
// The SDK's tracer (the OpenTelemetry SDK inside the sandbox) is loaded on a case's first traced
// call, not with every workflow: a workflow that is never traced, as when tracing is off, holds none
// of it. Loading code issues no command, so when it happens changes nothing in any history.
import * as otel from '@opentelemetry/api';
import type { Headers } from '@temporalio/common';
import {
  TRACE_HEADER,
  UPDATE_ID_ATTR_KEY,
  WORKFLOW_ID_ATTR_KEY,
  extractContextFromHeaders,
  headersWithContext,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type * as SdkWorkflowTracing from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { SPAN_DELIMITER, SpanName } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import { ContinueAsNew, type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';

/** The SDK's workflow tracing, once this case has had a traced call. */
let sdk: typeof SdkWorkflowTracing | undefined;
let sdkTracer: otel.Tracer | undefined;

/** The SDK's workflow tracer (its spans go to the worker through the `exporter` sink), loaded on first use. */
function tracer(): otel.Tracer {
  if (sdkTracer) return sdkTracer;
  sdk = require('@temporalio/interceptors-opentelemetry/lib/workflow') as typeof SdkWorkflowTracing;
  class SdkTracer extends sdk.OpenTelemetryInboundInterceptor {
    get(): otel.Tracer {
      return this.tracer;
    }
  }
  sdkTracer = new SdkTracer().get();
  return sdkTracer;
}

/** The trace context a call brings, read once the SDK's tracing (which registers the header format) is loaded. */
function traceOf(headers: Headers): otel.Context {
  tracer();
  return extractContextFromHeaders(headers)!;
}

/** The call came with a trace context. */
const carriesTrace = (headers: Headers): boolean => headers[TRACE_HEADER] !== undefined;

/**
 * Runs `call` in a new span, a child of `parent`, and ends the span when the promise `call` returns
 * settles. Returns that very promise: whoever awaits it resumes exactly when it would untraced.
 */
function inSpan<T>(
  name: string,
  parent: otel.Context,
  attributes: otel.Attributes,
  call: () => Promise<T>,
  acceptable: (err: unknown) => boolean = () => false,
): Promise<T> {
  const span = tracer().startSpan(name, { attributes }, parent);
  const end = (err?: unknown) => {
    if (err === undefined || acceptable(err)) span.setStatus({ code: otel.SpanStatusCode.OK });
    else span.setStatus({ code: otel.SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    span.end();
  };
  let result: Promise<T>;
  try {
    result = otel.context.with(otel.trace.setSpan(parent, span), call);
  } catch (err) {
    end(err);
    throw err;
  }
  result.then(() => end(), end);
  return result;
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const name = (kind: SpanName, what: string) => `${kind}${SPAN_DELIMITER}${what}`;
  const workflowId = () => ({ [WORKFLOW_ID_ATTR_KEY]: workflowInfo().workflowId });
  const isContinueAsNew = (err: unknown) => err instanceof ContinueAsNew;
  /** Outbound calls: only inside a traced call (a span is active), each in its own span, its context in the headers. */
  const outbound = <I extends { headers: Headers }, T>(spanName: string, input: I, next: (input: I) => Promise<T>, acceptable?: (err: unknown) => boolean): Promise<T> => {
    if (!sdk) return next(input);
    const active = otel.context.active();
    if (otel.trace.getSpan(active) === undefined) return next(input);
    return inSpan(spanName, active, workflowId(), () => next({ ...input, headers: headersWithContext(input.headers) }), acceptable);
  };
  return {
    inbound: [
      {
        execute: (input, next) =>
          carriesTrace(input.headers)
            ? inSpan(name(SpanName.WORKFLOW_EXECUTE, workflowInfo().workflowType), traceOf(input.headers), workflowId(), () => next(input), isContinueAsNew)
            : next(input),
        handleSignal: (input, next) =>
          carriesTrace(input.headers)
            ? inSpan(name(SpanName.WORKFLOW_HANDLE_SIGNAL, input.signalName), traceOf(input.headers), workflowId(), () => next(input))
            : next(input),
        handleUpdate: (input, next) =>
          carriesTrace(input.headers)
            ? inSpan(name(SpanName.WORKFLOW_HANDLE_UPDATE, input.name), traceOf(input.headers), { ...workflowId(), [UPDATE_ID_ATTR_KEY]: input.updateId }, () => next(input))
            : next(input),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => outbound(name(SpanName.ACTIVITY_START, input.activityType), input, next),
        scheduleLocalActivity: (input, next) => outbound(name(SpanName.ACTIVITY_START, input.activityType), input, next),
        startChildWorkflowExecution: (input, next) => outbound(name(SpanName.CHILD_WORKFLOW_START, input.workflowType), input, next),
        signalWorkflow: (input, next) => outbound(name(SpanName.WORKFLOW_SIGNAL, input.signalName), input, next),
        continueAsNew: (input, next) => outbound(name(SpanName.CONTINUE_AS_NEW, input.options.workflowType), input, next, isContinueAsNew),
      },
    ],
    internals: [
      {
        dispose: (input, next) => {
          if (sdk) void new sdk.OpenTelemetryInternalsInterceptor().dispose(input, next);
          else next(input);
        },
      },
    ],
  };
};
