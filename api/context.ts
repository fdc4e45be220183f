// What every route module gets: the process's clients and services, built once at start-up.
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { IdempotencyService } from '../services/idempotency';
import type { UserService } from '../services/users';
import type { ApiRoutes } from './http';
import type { Logger } from '../observability/logger';

export interface ApiDeps {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  users: UserService;
  idempotency: IdempotencyService;
  /** The clock; tests may not replace it, it exists so that "now" is read in one place. */
  now: () => Date;
}

export type RouteModule = (routes: ApiRoutes, deps: ApiDeps) => void;

export const zPage = {
  limit: 50,
  max: 200,
};
