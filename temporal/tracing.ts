// Traces through Temporal (README "Observing it"), with the SDK's OpenTelemetry interceptors: the
// client carries the active trace into workflow starts, Updates, signals and queries (a header);
// the workflow code continues it (workflows/tracing/interceptors.ts, in the workflow bundle) and
// hands its spans to the worker through the `exporter` sink; the worker continues it into each
// activity. With tracing off none of it is installed, except the sink, which then drops spans (a
// traced history replayed or run on such a worker must find it).
import type { ClientInterceptors } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { Tracing } from '../observability/tracing';

export type TracingSinks = OpenTelemetrySinks;

/** The client's workflow interceptors: the trace goes along with every call to a workflow. */
export function tracingClientInterceptors(tracing: Tracing): ClientInterceptors | undefined {
  return tracing.enabled ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } : undefined;
}

/** The worker's activity interceptors: each activity runs in a span of the trace that scheduled it. */
export function tracingActivityInterceptors(tracing: Tracing): ActivityInterceptorsFactory[] {
  if (!tracing.enabled) return [];
  return [
    (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracing.tracer }),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
  ];
}

/** The sink the workflow code sends its spans to: the process's span processor, or nowhere with tracing off. */
export function tracingSinks(tracing: Tracing): InjectedSinks<TracingSinks> {
  if (tracing.enabled && tracing.spanProcessor && tracing.resource) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return { exporter: { export: { fn: () => undefined } } };
}
