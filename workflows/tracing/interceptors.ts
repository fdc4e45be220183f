// Traces (README "Observing it"): the workflow side of the SDK's OpenTelemetry interceptors, bundled
// with every workflow. A workflow start, signal or Update that carries a trace context (the API
// sends one when tracing is on) is handled in a span of that trace, and the activities, child
// workflows and signals issued inside it carry the trace on; the spans reach the worker through the
// `exporter` sink. Anything without a trace context passes straight through, so a workflow that is
// not traced runs exactly as it would without this module: the same commands, in the same order,
// with no added await. Queries and Update validators are not traced (the client's span covers them):
// they must not draw on the workflow's random numbers, which a replay does not repeat for them.
import * as otel from '@opentelemetry/api';
import type { Headers } from '@temporalio/common';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The call came with a trace context. */
const carriesTrace = (headers: Headers): boolean => headers[TRACE_HEADER] !== undefined;

/** The code runs inside a traced call (a span is active in the workflow's context). */
const inTrace = (): boolean => otel.trace.getSpan(otel.context.active()) !== undefined;

export const interceptors: WorkflowInterceptorsFactory = () => {
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  return {
    inbound: [
      {
        execute: (input, next) => (carriesTrace(input.headers) ? inbound.execute(input, next) : next(input)),
        handleSignal: (input, next) => (carriesTrace(input.headers) ? inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (carriesTrace(input.headers) ? inbound.handleUpdate(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (inTrace() ? outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (inTrace() ? outbound.scheduleLocalActivity(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) => (inTrace() ? outbound.startChildWorkflowExecution(input, next) : next(input)),
        signalWorkflow: (input, next) => (inTrace() ? outbound.signalWorkflow(input, next) : next(input)),
        continueAsNew: (input, next) => (inTrace() ? outbound.continueAsNew(input, next) : next(input)),
      },
    ],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
