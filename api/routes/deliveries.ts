// Notices delivered to people by e-mail and chat robot: what was sent, what is pending, what failed
// (admins and auditors; G6: e-mail addresses are shown whole to admins only).
import { hasAnyRole } from '../../domain/roles';
import { DELIVERY_STATUSES, listDeliveries, zDelivery } from '../../services/deliveries';
import type { RouteModule } from '../context';
import { page, zPageQuery } from '../schemas/common';
import { z } from '../zod';

export const deliveryRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/v1/deliveries',
    summary: 'Deliveries of notices to people by e-mail and chat robot: status pending, sent or failed, attempts and the last error',
    tags: ['notices'],
    access: 'user',
    roles: ['admin', 'auditor'],
    query: z
      .object({
        noticeId: z.string().max(100).optional().describe('a notice or work item id'),
        status: z.enum(DELIVERY_STATUSES).optional(),
        userId: z.string().max(100).optional(),
        ...zPageQuery,
      })
      .strict(),
    response: page(zDelivery),
    handler: async ({ user, query }) => ({ body: await listDeliveries(deps.db, query, { admin: hasAnyRole(user, ['admin']) }) }),
  });
};
