// Daily work of the service side: internal work (D) logged by technicians, the technician daily
// report (S10), the supervisor daily report (S11) and its sign-off and forwarding (S12), in JSON
// or CSV.
import { AppError } from '../../domain/errors';
import { hasAnyRole } from '../../domain/roles';
import { zInternalWork, zIsoDate } from '../../domain/serviceCall/schemas';
import {
  forwardSupervisorReport,
  logInternalWork,
  signSupervisorReport,
  supervisorDailyReport,
  technicianDailyReport,
  zInternalWorkEntry,
  zSupervisorDailyReport,
  zTechnicianDailyReport,
} from '../../services/serviceReports';
import { supervisorDailyCsv, technicianDailyCsv } from '../render/serviceReports';
import type { ApiDeps, RouteModule } from '../context';
import { idempotentResponse } from '../http';
import { z } from '../zod';

const SUPERVISING_ROLES = ['service_supervisor', 'branch_manager', 'service_dept', 'gm', 'vp', 'auditor', 'admin'] as const;
const zFormat = z.enum(['json', 'csv']).default('json');
const zDateParam = z.object({ date: zIsoDate() });

export const serviceReportRoutes: RouteModule = (routes, deps: ApiDeps) => {
  routes.add({
    method: 'post',
    path: '/api/v1/internal-work',
    idempotent: true,
    summary: 'Log internal work (category D: inspections, parts, tools, training) without a call (S1, S10)',
    tags: ['reports'],
    access: 'user',
    roles: ['technician'],
    body: zInternalWork(),
    response: zInternalWorkEntry,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/internal-work', key: req.get('Idempotency-Key'), body: req.body },
        async (id) => ({ status: 201, body: await logInternalWork(deps.db, id, user, body, deps.now(), deps.config.timeZone, deps.config.service.defaultCentre) }),
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/reports/technician-daily',
    summary: "A technician's day: category and time of each job (S10); a technician reads their own. ?format=csv for CSV",
    tags: ['reports'],
    access: 'user',
    roles: ['technician', ...SUPERVISING_ROLES],
    query: z
      .object({
        date: zIsoDate(),
        technicianId: z.string().uuid('must be a UUID').optional().describe("the technician; required unless the caller is only a technician, who reads their own"),
        format: zFormat,
      })
      .strict(),
    response: zTechnicianDailyReport,
    alternates: ['text/csv'],
    handler: async ({ query, user }) => {
      const supervising = hasAnyRole(user, SUPERVISING_ROLES);
      const technicianId = query.technicianId ?? (supervising ? undefined : user.id);
      if (!technicianId) throw new AppError('invalid_input', 'The request query is invalid.', [{ field: 'technicianId', message: 'is required' }]);
      if (!supervising && technicianId !== user.id) throw new AppError('forbidden', "A technician reads only their own daily report.");
      const report = await technicianDailyReport(deps.db, query.date, technicianId);
      return query.format === 'csv' ? { body: technicianDailyCsv(report), contentType: 'text/csv; charset=utf-8' } : { body: report };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/reports/supervisor-daily',
    summary: 'The supervisor daily report: time per category over the technicians (S11), with its sign-off (S12). ?format=csv for CSV',
    tags: ['reports'],
    access: 'user',
    roles: SUPERVISING_ROLES,
    query: z.object({ date: zIsoDate(), format: zFormat }).strict(),
    response: zSupervisorDailyReport,
    alternates: ['text/csv'],
    handler: async ({ query }) => {
      const report = await supervisorDailyReport(deps.db, query.date);
      return query.format === 'csv' ? { body: supervisorDailyCsv(report), contentType: 'text/csv; charset=utf-8' } : { body: report };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/reports/supervisor-daily/{date}/sign',
    summary: "The branch manager signs the day's supervisor report (S12); 409 when already signed",
    tags: ['reports'],
    access: 'user',
    roles: ['branch_manager'],
    params: zDateParam,
    successStatus: 200,
    response: zSupervisorDailyReport,
    handler: async ({ params, user }) => ({ status: 200, body: await signSupervisorReport(deps.db, params.date, user, deps.now(), deps.config.timeZone) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/reports/supervisor-daily/{date}/forward',
    summary: 'The signed report goes to the service department (S12); 409 before signing or when already forwarded',
    tags: ['reports'],
    access: 'user',
    roles: ['branch_manager'],
    params: zDateParam,
    successStatus: 200,
    response: zSupervisorDailyReport,
    handler: async ({ params, user }) => ({ status: 200, body: await forwardSupervisorReport(deps.db, params.date, user, deps.now()) }),
  });
};
