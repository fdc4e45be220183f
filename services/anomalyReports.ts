// C1: anomaly reports, the lighter record for a quality anomaly that caused no loss, each with a
// notice to every unit concerned.
import { z } from 'zod';
import type { Database } from '../db/client';
import type { Role } from '../domain/roles';
import { recordNotices } from './notices';
import { type PageQuery, pageArgs, pageOf } from './pagination';

/** The units an anomaly report can go to. */
export const ANOMALY_REPORT_UNITS = ['qa', 'manufacturing', 'sales', 'rnd', 'gm_office', 'manager_office', 'warehouse', 'service_dept'] as const satisfies readonly Role[];
export type AnomalyReportUnit = (typeof ANOMALY_REPORT_UNITS)[number];

export interface AnomalyReportInput {
  partNo: string;
  orderNo?: string;
  customer?: string;
  description: string;
  units: AnomalyReportUnit[];
}

export const zAnomalyReport = z
  .object({
    id: z.string().describe('the report id (UUID)'),
    at: z.string().describe('when it was filed; an ISO-8601 instant'),
    reportedBy: z.string().describe("the reporter's name"),
    partNo: z.string(),
    orderNo: z.string().nullable(),
    customer: z.string().nullable(),
    description: z.string(),
    units: z.array(z.enum(ANOMALY_REPORT_UNITS)).describe('the units notified'),
  })
  .strict()
  .meta({ id: 'AnomalyReport', description: 'A lighter report of a quality anomaly that caused no loss, sent to the units concerned (C1).' });

export type AnomalyReportView = z.infer<typeof zAnomalyReport>;

const view = (r: { id: string; at: Date; reportedBy: string; partNo: string; orderNo: string | null; customer: string | null; description: string; units: string }): AnomalyReportView => ({
  id: r.id,
  at: r.at.toISOString(),
  reportedBy: r.reportedBy,
  partNo: r.partNo,
  orderNo: r.orderNo,
  customer: r.customer,
  description: r.description,
  units: JSON.parse(r.units) as AnomalyReportUnit[],
});

/** Files the report under `id` (once: a repeat returns the first) and notifies each unit. */
export async function fileAnomalyReport(db: Database, id: string, input: AnomalyReportInput, by: { name: string }, at: Date): Promise<AnomalyReportView> {
  const row =
    (await db.anomalyReport.findUnique({ where: { id } })) ??
    (await db.anomalyReport.create({
      data: { id, at, reportedBy: by.name, partNo: input.partNo, orderNo: input.orderNo ?? null, customer: input.customer ?? null, description: input.description, units: JSON.stringify(input.units) },
    }));
  await recordNotices(
    db,
    input.units.map((unit) => ({
      key: `anomaly:${id}:${unit}`,
      type: 'anomaly' as const,
      caseType: 'anomaly_report' as const,
      caseId: id,
      stage: 'reported',
      to: [unit],
      message: `Anomaly report on part ${input.partNo} from ${by.name}: ${input.description.slice(0, 200)} (C1)`,
      at: row.at.toISOString(),
    })),
  );
  return view(row);
}

/** Anomaly reports, newest first. */
export async function listAnomalyReports(db: Database, q: PageQuery) {
  const rows = await db.anomalyReport.findMany({ orderBy: [{ at: 'desc' }, { id: 'desc' }], ...pageArgs(q) });
  return pageOf(rows, q, view);
}
