// C12, C19, P1: the monthly statistics of last month's closed cases, compiled before the 10th.
// Pure: services/monthlyReport.ts reads the cases, their timeliness and their accountability,
// and stores what this returns.
import { fenToYuan } from '../money';
import { type ResponsibleParty, allocateLoss, formatRatio, ratioBp } from './allocation';
import { PENALTY_GROUND_LABELS, PENALTY_GROUNDS, type PenaltyGround } from './grounds';
import { topDepartment } from './units';
import type { AccountabilityStatus, MonthlyStatistics } from './views';

export type { MonthlyStatistics } from './views';

export interface MonthlyCaseInput {
  caseId: string;
  number: string | null;
  status: 'closed' | 'rejected' | 'withdrawn';
  closedAt: string;
  cause: string | null;
  ourFault: boolean;
  humanNegligence: boolean;
  responsibility: ResponsibleParty[];
  lossFen: number;
  countermeasure: string | null;
  trackImprovement: boolean;
  accountability: {
    status: AccountabilityStatus;
    grounds: PenaltyGround[];
    fixedLossFen: number | null;
  } | null;
}

export interface TimelinessInput {
  caseId: string;
  department: string;
  stage: string;
  late: boolean;
  lateByMinutes: number;
}

export interface PendingDecisionInput {
  caseId: string;
  number: string | null;
  status: Extract<AccountabilityStatus, 'awaiting_proposal' | 'awaiting_approval'>;
  closedAt: string;
  since: string;
}

/** `bp` basis points as a percentage with two decimals: 1234 → "12.34%". */
export const percent = (bp: number): string => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
const shareBp = (part: number, whole: number): number => (whole === 0 ? 0 : Number((BigInt(part) * 10_000n) / BigInt(whole)));

export function compileMonthlyStatistics(input: {
  month: string;
  compiledAt: string;
  cases: readonly MonthlyCaseInput[];
  timeliness: readonly TimelinessInput[];
  pendingDecisions: readonly PendingDecisionInput[];
}): MonthlyStatistics {
  const closed = input.cases.filter((c) => c.status === 'closed').sort((a, b) => a.closedAt.localeCompare(b.closedAt) || a.caseId.localeCompare(b.caseId));
  const closedIds = new Set(closed.map((c) => c.caseId));
  const lossTotal = closed.reduce((s, c) => s + c.lossFen, 0);

  // Responsibility and ratios by department (C12): cases involved, the sum of ratios, the loss by ratio.
  const departments = new Map<string, { cases: Set<string>; ratioBp: number; lossFen: number; units: Set<string> }>();
  for (const c of closed) {
    const parts = allocateLoss(c.lossFen, c.responsibility);
    c.responsibility.forEach((r, i) => {
      const dept = topDepartment(r.department) || r.department;
      const d = departments.get(dept) ?? { cases: new Set<string>(), ratioBp: 0, lossFen: 0, units: new Set<string>() };
      d.cases.add(c.caseId);
      d.ratioBp += ratioBp(r.ratio);
      d.lossFen += parts[i]!.amountFen;
      d.units.add(r.department);
      departments.set(dept, d);
    });
  }
  const responsibility = [...departments.entries()]
    .map(([department, d]) => ({
      department,
      units: [...d.units].sort(),
      cases: d.cases.size,
      ratioSum: formatRatio(d.ratioBp),
      averageRatio: formatRatio(d.cases.size ? Math.floor(d.ratioBp / d.cases.size) : 0),
      loss: fenToYuan(d.lossFen),
      lossShare: percent(shareBp(d.lossFen, lossTotal)),
    }))
    .sort((a, b) => b.cases - a.cases || a.department.localeCompare(b.department));

  const causeCounts = new Map<string, number>();
  for (const c of closed) {
    const cause = (c.cause ?? '(not analysed)').trim();
    causeCounts.set(cause, (causeCounts.get(cause) ?? 0) + 1);
  }
  const causes = [...causeCounts.entries()].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));

  const groundCounts = new Map<PenaltyGround, number>();
  for (const c of closed) for (const g of c.accountability?.grounds ?? []) groundCounts.set(g, (groundCounts.get(g) ?? 0) + 1);
  const penaltyGrounds = PENALTY_GROUNDS.filter((g) => groundCounts.has(g)).map((g) => ({ ground: g, label: PENALTY_GROUND_LABELS[g], count: groundCounts.get(g)! }));

  // C19: each department's timeliness over the month's closed cases.
  const depts = new Map<string, { stages: number; late: number; lateMinutes: number }>();
  for (const t of input.timeliness) {
    if (!closedIds.has(t.caseId)) continue;
    const d = depts.get(t.department) ?? { stages: 0, late: 0, lateMinutes: 0 };
    d.stages += 1;
    if (t.late) {
      d.late += 1;
      d.lateMinutes += t.lateByMinutes;
    }
    depts.set(t.department, d);
  }
  const timeliness = [...depts.entries()]
    .map(([department, d]) => ({ department, stages: d.stages, onTime: d.stages - d.late, late: d.late, lateRate: percent(shareBp(d.late, d.stages)), lateMinutes: d.lateMinutes }))
    .sort((a, b) => a.department.localeCompare(b.department));

  const countermeasures: MonthlyStatistics['countermeasures'] = closed.map((c) => ({
    caseId: c.caseId,
    number: c.number,
    cause: c.cause,
    countermeasure: c.countermeasure,
    trackImprovement: c.trackImprovement,
    status: !c.ourFault ? 'not_our_fault' : c.humanNegligence ? 'not_tracked_human_negligence' : c.trackImprovement ? 'tracked' : 'not_tracked',
  }));

  const fixed = closed.filter((c) => c.accountability?.fixedLossFen !== null && c.accountability?.fixedLossFen !== undefined);
  return {
    month: input.month,
    compiledAt: input.compiledAt,
    totals: {
      closed: closed.length,
      notEstablished: input.cases.filter((c) => c.status === 'rejected').length,
      withdrawn: input.cases.filter((c) => c.status === 'withdrawn').length,
      ourFault: closed.filter((c) => c.ourFault).length,
      tracked: countermeasures.filter((c) => c.status === 'tracked').length,
      lossAtClosing: fenToYuan(lossTotal),
      lossFixed: fenToYuan(fixed.reduce((s, c) => s + c.accountability!.fixedLossFen!, 0)),
      casesWithLossFixed: fixed.length,
    },
    responsibility,
    causes,
    penaltyGrounds,
    timeliness,
    countermeasures,
    penaltiesToApprove: [...input.pendingDecisions].sort((a, b) => a.closedAt.localeCompare(b.closedAt)),
    cases: closed.map((c) => ({
      caseId: c.caseId,
      number: c.number,
      closedAt: c.closedAt,
      lossAtClosing: fenToYuan(c.lossFen),
      accountabilityStatus: c.accountability?.status ?? null,
    })),
  };
}
