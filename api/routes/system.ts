// Health, readiness and the OpenAPI document.
import { databaseReachable } from '../../db/client';
import { temporalReachable } from '../../temporal/connection';
import type { RouteModule } from '../context';
import { z } from '../zod';

export const systemRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/healthz',
    summary: 'The process is up',
    tags: ['system'],
    access: 'public',
    response: z.object({ status: z.literal('ok') }).strict().openapi('Health'),
    handler: async () => ({ body: { status: 'ok' } }),
  });
  routes.add({
    method: 'get',
    path: '/readyz',
    summary: 'Temporal and the database are reachable',
    tags: ['system'],
    access: 'public',
    response: z
      .object({
        status: z.enum(['ready', 'unavailable']).describe('ready (200) when both are reachable, else unavailable (503)'),
        temporal: z.boolean().describe('the Temporal frontend answers'),
        database: z.boolean().describe('the database answers'),
      })
      .strict()
      .openapi('Readiness'),
    handler: async () => {
      const [temporal, database] = await Promise.all([temporalReachable(deps.temporal), databaseReachable(deps.db)]);
      const ready = temporal && database;
      return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'unavailable', temporal, database } };
    },
  });
};
