// C12, C19, P1: the monthly statistics of a month's closed cases, compiled from the complaint
// projection, the timeliness table (written at closing) and the accountability of each case;
// stored as a report record (compiled by monthlyReportWorkflow, see temporal/schedules.ts).
import { inChunks } from '../db/chunks';
import type { Database } from '../db/client';
import { monthRange } from '../domain/accountability/ledger';
import type { AccountabilityState } from '../domain/accountability/machine';
import { type MonthlyCaseInput, type MonthlyStatistics, type PendingDecisionInput, compileMonthlyStatistics } from '../domain/accountability/monthly';
import type { ComplaintState } from '../domain/complaint/machine';

/** A complaint that has left the process: closed, rejected as not established, or withdrawn. */
const ENDED: string[] = ['closed', 'rejected', 'withdrawn'];
const AWAITING_REVIEW: PendingDecisionInput['status'][] = ['awaiting_proposal', 'awaiting_approval'];

export async function compileMonthlyReport(db: Database, month: string, timeZone: string, at: Date): Promise<MonthlyStatistics> {
  const { start, end } = monthRange(month, timeZone);
  const rows = await db.complaintCase.findMany({
    where: { closedAt: { gte: start, lt: end }, status: { in: ENDED } },
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
  const pending = await db.accountabilityCase.findMany({
    where: { status: { in: AWAITING_REVIEW } },
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

/**
 * What a month's provisional report is compiled from, in three indexed aggregates: the month's
 * ended cases (how many, and the sum of the history versions they were projected at, which grows
 * with every change to any of them), the accountability cases the report reads (the month's and
 * those awaiting a review), and the timeliness rows of the calendar months the range touches
 * (written after a case closes). Equal fingerprints mean the same report.
 */
export async function monthlyReportInputs(db: Database, month: string, timeZone: string): Promise<string> {
  const { start, end } = monthRange(month, timeZone);
  const months = [...new Set([start.toISOString().slice(0, 7), new Date(end.getTime() - 1).toISOString().slice(0, 7)])];
  const [cases, accountability, timeliness] = await Promise.all([
    db.complaintCase.aggregate({ where: { closedAt: { gte: start, lt: end }, status: { in: ENDED } }, _count: { _all: true }, _sum: { version: true } }),
    db.accountabilityCase.aggregate({
      where: { OR: [{ closedMonth: month }, { status: { in: AWAITING_REVIEW } }] },
      _count: { _all: true },
      _sum: { version: true },
    }),
    db.stageTimeliness.count({ where: { caseType: 'complaint', month: { in: months } } }),
  ]);
  return [cases._count._all, cases._sum.version ?? 0, accountability._count._all, accountability._sum.version ?? 0, timeliness].join(':');
}

export interface MonthlyReportReading {
  /** true when the month is not compiled yet: the figures as they stand now. */
  provisional: boolean;
  /** The compilation (1, 2, … on recompiles); null when provisional. */
  version: number | null;
  report: MonthlyStatistics;
}

/**
 * A month's report as readers ask for it again and again. A compiled month is read from its record
 * and kept until it is recompiled; a month not compiled yet is compiled from the cases as they
 * stand and kept until one of its inputs changes (monthlyReportInputs), so every answer is as
 * current as the cases, and the next reader waits for three aggregates instead of a compilation.
 * Readers arriving during a compilation share it. Holds the `months` read last.
 */
export class MonthlyReportReader {
  private readonly kept = new Map<string, { key: string; reading: Promise<MonthlyReportReading> }>();

  constructor(
    private readonly db: Database,
    private readonly timeZone: string,
    private readonly now: () => Date,
    private readonly months = 6,
  ) {}

  async read(month: string): Promise<MonthlyReportReading> {
    const compiled = await this.db.monthlyReport.findUnique({ where: { month }, select: { version: true } });
    if (compiled) {
      return this.keep(month, `compiled:${compiled.version}`, async () => {
        const stored = await storedMonthlyReport(this.db, month);
        return { provisional: false, version: stored!.version, report: stored!.report };
      });
    }
    const inputs = await monthlyReportInputs(this.db, month, this.timeZone);
    return this.keep(month, `provisional:${inputs}`, async () => ({
      provisional: true,
      version: null,
      report: await compileMonthlyReport(this.db, month, this.timeZone, this.now()),
    }));
  }

  private keep(month: string, key: string, load: () => Promise<MonthlyReportReading>): Promise<MonthlyReportReading> {
    const held = this.kept.get(month);
    this.kept.delete(month);
    if (held?.key === key) {
      this.kept.set(month, held);
      return held.reading;
    }
    const reading = load();
    this.kept.set(month, { key, reading });
    reading.catch(() => {
      if (this.kept.get(month)?.reading === reading) this.kept.delete(month);
    });
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.months) break;
      this.kept.delete(oldest);
    }
    return reading;
  }
}
