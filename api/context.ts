// What every route module gets: the process's clients and services, built once at start-up.
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { IdempotencyService } from '../services/idempotency';
import type { UserService } from '../services/users';
import type { ApiRoutes } from './http';
import type { Logger } from '../observability/logger';
import type { Tracing } from '../observability/tracing';
import type { ApiMetrics } from './metrics';

export interface ApiDeps {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  users: UserService;
  idempotency: IdempotencyService;
  /** The clock; tests may not replace it, it exists so that "now" is read in one place. */
  now: () => Date;
  /** GET /metrics and the request durations; when not given, the app makes its own (without process figures). */
  metrics?: ApiMetrics;
  /** Traces of requests (OTEL_EXPORTER_OTLP_ENDPOINT); none when not given. */
  tracing?: Tracing;
}

export type RouteModule = (routes: ApiRoutes, deps: ApiDeps) => void;

export const zPage = {
  limit: 50,
  max: 200,
};
