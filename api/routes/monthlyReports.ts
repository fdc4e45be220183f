// C12, C19, P1: the monthly complaint statistics, as compiled (by the monthly schedule or the GM
// office) or, for a month not compiled yet, provisional; JSON, CSV or a printable HTML page.
import { monthOf } from '../../domain/accountability/ledger';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/roles';
import { zMonthlyStatistics } from '../../domain/accountability/views';
import { MonthlyReportReader } from '../../services/monthlyReport';
import { monthlyStatisticsCsv, monthlyStatisticsHtml } from '../render/reportFormats';
import { runMonthlyReport } from '../../temporal/schedules';
import type { RouteModule } from '../context';
import { zMonth } from '../schemas/common';
import { z } from '../zod';

/** C12: compiled with manufacturing, QA, R&D and others; no personal data in it. */
const READ_ROLES: readonly Role[] = [
  'gm_office', 'gm', 'vp', 'qa', 'manufacturing', 'rnd', 'manager_office', 'sales', 'sales_manager', 'accounting', 'hr', 'service_dept', 'auditor', 'admin',
];

/** The month's statistics, as compiled or (not compiled yet) provisional. */
const zMonthlyReport = z
  .object({
    provisional: z.boolean().describe('true when the month is not compiled yet: the figures as they stand now'),
    version: z.number().int().nullable().describe('the compilation (1, 2, … on recompiles); null when provisional'),
    report: zMonthlyStatistics,
  })
  .strict()
  .openapi('MonthlyStatisticsReport');

export const monthlyReportRoutes: RouteModule = (routes, deps) => {
  const reports = new MonthlyReportReader(deps.db, deps.config.timeZone, deps.now);

  routes.add({
    method: 'get',
    path: '/api/v1/reports/complaints/monthly',
    summary: "C12: a month's closed cases: responsibility and ratios by department, causes, penalty grounds, timeliness (C19), countermeasures, penalties to approve; ?format=csv|html",
    tags: ['reports'],
    access: 'user',
    roles: READ_ROLES,
    query: z.object({ month: zMonth(), format: z.enum(['json', 'csv', 'html']).default('json') }).strict(),
    alternates: ['text/csv', 'text/html'],
    response: zMonthlyReport,
    handler: async ({ query }) => {
      const { provisional, version, report } = await reports.read(query.month);
      if (query.format === 'csv') {
        return { body: monthlyStatisticsCsv(report), contentType: 'text/csv; charset=utf-8', headers: { 'Content-Disposition': `attachment; filename="complaints-${query.month}.csv"` } };
      }
      if (query.format === 'html') return { body: monthlyStatisticsHtml(report, { provisional }), contentType: 'text/html; charset=utf-8' };
      return { body: { provisional, version, report } };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/reports/complaints/monthly',
    summary: "Compile (or recompile) a month's statistics now and settle its ledger if the month is over (the schedule does this on MONTHLY_REPORT_DAY)",
    tags: ['reports'],
    access: 'user',
    roles: ['gm_office'],
    body: z.object({ month: zMonth() }).strict(),
    successStatus: 200,
    response: zMonthlyReport,
    handler: async ({ body }) => {
      if (body.month > monthOf(deps.now(), deps.config.timeZone)) {
        throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'month', message: 'must not be in the future' }]);
      }
      await runMonthlyReport(deps.temporal, deps.config.temporal.taskQueue, body.month);
      return { status: 200, body: await reports.read(body.month) };
    },
  });
};
