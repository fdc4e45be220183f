// Traces (README "Observing it"): OpenTelemetry, exported over OTLP (http/protobuf) to
// OTEL_EXPORTER_OTLP_ENDPOINT. Without an endpoint nothing is set up and nothing is recorded: the
// OpenTelemetry API stays a no-op, no interceptor or middleware is installed.
import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface Tracing {
  readonly enabled: boolean;
  readonly tracer: Tracer;
  /** Where the process's spans go (the worker hands its workflows' spans there too). */
  readonly spanProcessor?: SpanProcessor;
  /** The process as the spans name it (service.name). */
  readonly resource?: Resource;
  /** Sends what is still buffered and stops. */
  shutdown(): Promise<void>;
}

/** Tracing off: a tracer that records nothing. */
export const NO_TRACING: Tracing = { enabled: false, tracer: trace.getTracer('aftersales'), shutdown: async () => undefined };

export interface TracingOptions {
  /** The service name of the spans (OTEL_SERVICE_NAME, else aftersales-api or aftersales-worker). */
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: spans go to <endpoint>/v1/traces. */
  endpoint?: string;
  /** Instead of OTLP: this exporter, each span as it ends (tests use an in-memory one). */
  exporter?: SpanExporter;
}

/**
 * Tracing for this process when an endpoint (or an exporter) is given, else NO_TRACING. Registers
 * the process-wide context manager (the active span follows async calls) and the W3C trace-context
 * propagator (`traceparent`), which the HTTP middleware and the Temporal interceptors use.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (!options.endpoint && !options.exporter) return NO_TRACING;
  const resource = new Resource({ 'service.name': options.serviceName });
  const spanProcessor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  return {
    enabled: true,
    tracer: provider.getTracer('aftersales'),
    spanProcessor,
    resource,
    async shutdown() {
      await provider.shutdown();
      context.disable();
    },
  };
}
