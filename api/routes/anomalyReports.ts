// C1: when a quality anomaly caused no loss, the department handling it files a lighter anomaly
// report to the units concerned instead of a complaint case. Each unit gets a notice.
import { text } from '../../domain/fields';
import { type Role } from '../../domain/roles';
import { ANOMALY_REPORT_UNITS, fileAnomalyReport, listAnomalyReports, zAnomalyReport } from '../../services/anomalyReports';
import type { RouteModule } from '../context';
import { idempotentResponse } from '../http';
import { page, zPageQuery } from '../schemas/common';
import { z } from '../zod';

const UNITS = ANOMALY_REPORT_UNITS;
const REPORTERS = ['qa', 'manufacturing', 'sales', 'sales_manager', 'gm_office', 'service_dept', 'service_supervisor', 'rnd'] as const satisfies readonly Role[];

export const zAnomalyReportInput = z
  .object({
    partNo: text(100),
    orderNo: text(100).optional(),
    customer: text(200).optional(),
    description: text(4000),
    units: z.array(z.enum(UNITS)).min(1, 'name at least one unit').max(UNITS.length),
    noLoss: z.literal(true, { error: 'an anomaly report is only for anomalies that caused no loss; file a complaint otherwise' }),
  })
  .strict()
  .openapi('AnomalyReportInput');

export const anomalyReportRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'post',
    path: '/api/v1/anomaly-reports',
    idempotent: true,
    summary: 'File a lighter anomaly report (no loss arose) to the units concerned (C1)',
    tags: ['complaints'],
    access: 'user',
    roles: REPORTERS,
    body: zAnomalyReportInput,
    response: zAnomalyReport,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/anomaly-reports', key: req.get('Idempotency-Key'), body },
        async (id) => ({ status: 201, body: await fileAnomalyReport(deps.db, id, body, user, deps.now()) }),
      );
      return idempotentResponse(result);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/anomaly-reports',
    summary: 'Anomaly reports, newest first (C1)',
    tags: ['complaints'],
    access: 'user',
    roles: [...REPORTERS, ...UNITS, 'gm', 'vp', 'auditor', 'admin'],
    query: z.object({ ...zPageQuery }).strict(),
    response: page(zAnomalyReport),
    handler: async ({ query }) => ({ body: await listAnomalyReports(deps.db, query) }),
  });
};
