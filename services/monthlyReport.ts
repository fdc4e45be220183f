// C12, C19, P1: the monthly statistics of a month's closed cases, compiled from the complaint
// projection, the timeliness table (written at closing) and the accountability of each case;
// stored as a report record (compiled by monthlyReportWorkflow, see temporal/schedules.ts).
import { inChunks } from '../db/chunks';
import type { Database } from '../db/client';
import { monthRange } from '../domain/accountability/ledger';
import type { AccountabilityState } from '../domain/accountability/machine';
import { type MonthlyCaseInput, type MonthlyStatistics, type PendingDecisionInput, compileMonthlyStatistics } from '../domain/accountability/monthly';
import type { ComplaintState } from '../domain/complaint/machine';

export async function compileMonthlyReport(db: Database, month: string, timeZone: string, at: Date): Promise<MonthlyStatistics> {
  const { start, end } = monthRange(month, timeZone);
  const rows = await db.complaintCase.findMany({
    where: { closedAt: { gte: start, lt: end }, status: { in: ['closed', 'rejected', 'withdrawn'] } },
    orderBy: [{ closedAt: 'asc' }, { id: 'asc' }],
  });
  const ids = rows.map((r) => r.id);
  const accountability = new Map(
    (await inChunks(ids, (chunk) => db.accountabilityCase.findMany({ where: { caseId: { in: chunk } } }))).map((a) => [a.caseId, JSON.parse(a.state) as AccountabilityState]),
  );
  const cases: MonthlyCaseInput[] = rows.map((r) => {
    const s = JSON.parse(r.state) as ComplaintState;
    const acc = accountability.get(r.id);
    return {
      caseId: r.id,
      number: r.number,
      status: r.status as MonthlyCaseInput['status'],
      closedAt: (r.closedAt ?? r.updatedAt).toISOString(),
      cause: s.analysis?.cause ?? null,
      ourFault: s.analysis?.ourFault ?? true,
      humanNegligence: s.analysis?.humanNegligence ?? false,
      responsibility: s.closing?.responsibility ?? [],
      lossFen: s.closing?.lossAmountFen ?? 0,
      countermeasure: s.countermeasure?.countermeasure ?? null,
      trackImprovement: s.closing?.trackImprovement ?? false,
      accountability: acc
        ? { status: acc.status, grounds: acc.proposal?.lines.map((l) => l.ground) ?? [], fixedLossFen: acc.fixedLoss?.amountFen ?? null }
        : null,
    };
  });
  const closedIds = cases.filter((c) => c.status === 'closed' && c.responsibility.length > 0).map((c) => c.caseId);
  const timeliness = await inChunks(closedIds, (chunk) => db.stageTimeliness.findMany({ where: { caseType: 'complaint', caseId: { in: chunk } } }));
  const awaitingReview: PendingDecisionInput['status'][] = ['awaiting_proposal', 'awaiting_approval'];
  const pending = await db.accountabilityCase.findMany({
    where: { status: { in: awaitingReview } },
    orderBy: { closedAt: 'asc' },
    take: 1000,
  });
  return compileMonthlyStatistics({
    month,
    compiledAt: at.toISOString(),
    cases: cases.filter((c) => c.status !== 'closed' || c.responsibility.length > 0),
    timeliness: timeliness.map((t) => ({ caseId: t.caseId, department: t.department, stage: t.stage, late: t.late, lateByMinutes: t.lateByMinutes })),
    pendingDecisions: pending.map((p) => ({
      caseId: p.caseId,
      number: p.caseNumber,
      // The query above reads only cases awaiting a review.
      status: p.status as PendingDecisionInput['status'],
      closedAt: p.closedAt.toISOString(),
      since: p.updatedAt.toISOString(),
    })),
  });
}

/** Stores (or replaces, on a recompile) the month's report. */
export async function storeMonthlyReport(db: Database, report: MonthlyStatistics): Promise<void> {
  const data = JSON.stringify(report);
  const compiledAt = new Date(report.compiledAt);
  await db.monthlyReport.upsert({
    where: { month: report.month },
    update: { data, compiledAt, version: { increment: 1 } },
    create: { month: report.month, data, compiledAt, version: 1 },
  });
}

export async function storedMonthlyReport(db: Database, month: string): Promise<{ report: MonthlyStatistics; version: number } | null> {
  const row = await db.monthlyReport.findUnique({ where: { month } });
  return row ? { report: JSON.parse(row.data) as MonthlyStatistics, version: row.version } : null;
}
