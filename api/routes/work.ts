// Notices (reminders, escalations, follow-ups) and the caller's open work.
import { NOTICE_TYPES, listNotices, zNotice } from '../../services/notices';
import { openTasks, zTask } from '../../services/tasks';
import type { RouteModule } from '../context';
import { page, zPageQuery } from '../schemas/common';
import { z } from '../zod';

export const workRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/v1/notices',
    summary: 'Reminder, escalation and follow-up notices (C19, S14)',
    tags: ['work'],
    access: 'user',
    query: z
      .object({
        caseId: z.string().max(100).optional(),
        type: z.enum(NOTICE_TYPES).optional(),
        mine: z.enum(['true', 'false']).optional().describe('only notices addressed to one of my roles'),
        ...zPageQuery,
      })
      .strict(),
    response: page(zNotice),
    handler: async ({ query, user }) => {
      if (query.mine === 'true') {
        const pages = await Promise.all(user.roles.map((role) => listNotices(deps.db, { ...query, role, limit: query.limit })));
        const seen = new Map(pages.flatMap((p) => p.items).map((n) => [n.id, n]));
        return { body: { items: [...seen.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(0, query.limit), nextCursor: null } };
      }
      return { body: await listNotices(deps.db, query) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/tasks',
    summary: "The caller's open work: case stages awaiting one of the caller's roles, and work items",
    tags: ['work'],
    access: 'user',
    response: z.object({ items: z.array(zTask) }).strict(),
    handler: async ({ user }) => ({ body: { items: await openTasks(deps.db, user, deps.now()) } }),
  });
};
