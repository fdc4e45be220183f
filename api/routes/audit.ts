// The audit log, for auditors (G4).
import { listAudit, zAuditEntry } from '../../services/audit';
import type { RouteModule } from '../context';
import { page, zPageQuery } from '../schemas/common';
import { z } from '../zod';

export const auditRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/v1/audit',
    summary: 'The append-only audit log of API actions, oldest first',
    tags: ['audit'],
    access: 'user',
    roles: ['auditor', 'admin'],
    audit: true,
    query: z
      .object({
        actorId: z.string().max(100).optional(),
        objectId: z.string().max(200).optional(),
        objectType: z.string().max(100).optional(),
        action: z.string().max(200).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        ...zPageQuery,
      })
      .strict(),
    response: page(zAuditEntry),
    handler: async ({ query }) => ({
      body: await listAudit(deps.db, {
        ...query,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      }),
    }),
  });
};
