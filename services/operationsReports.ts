// O1, O4, O5: the figures a service director runs the department by, computed from the records at
// the time they are asked for: the quantified goals of a period with their trend (O1), the monthly
// parts report per region (O4) and the service orders and their execution rate (O5). Each figure is
// a count or sum over rows the platform keeps; the definitions are in domain/operations/.
import { z } from 'zod';
import type { Database } from '../db/client';
import { fenToYuan } from '../domain/money';
import {
  KPI_DEFINITIONS,
  type KpiId,
  type KpiTargets,
  callsPerDay,
  isMet,
  repeatRepairRate,
  revenuePerJob,
  type SurveyRatings,
  satisfactionIndex,
  satisfactionIndexOfSums,
  warrantyClaimApprovalRate,
} from '../domain/operations/kpis';
import { type Period, parsePeriod, periodHead, periodInstants, previousPeriods } from '../domain/operations/period';
import { type RegionMap, centresOf, regionOf } from '../domain/operations/regions';
import { serviceOrderCounts } from '../domain/operations/serviceOrders';
import { date, instant, yuan } from '../domain/viewFields';

export interface RegionScope {
  regions: RegionMap;
  /** Only this region's service centres; all when absent. */
  region?: string;
}

const centreFilter = (scope: RegionScope) => (scope.region !== undefined ? { serviceCentre: { in: centresOf(scope.regions, scope.region) } } : {});

/** Rows by id, read in chunks so that no statement carries too many parameters. */
async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await read(ids.slice(i, i + 500))));
  return out;
}

// ---- O1: the quantified goals ----

const zTarget = z.object({ comparison: z.enum(['at_least', 'below']), value: z.number() }).strict();
const zTrendPoint = z.object({ period: z.string(), value: z.number().nullable(), met: z.boolean().nullable() }).strict();
const goal = <C extends z.ZodRawShape>(counts: C) =>
  z
    .object({
      label: z.string(),
      unit: z.enum(['percent', 'index', 'calls', 'yuan']),
      definition: z.string(),
      target: zTarget,
      value: z.number().nullable().describe('two decimals; null when there was nothing to count'),
      met: z.boolean().nullable().describe('the value as shown against the target; null without a value'),
      counts: z.object(counts).strict().describe('what the value was computed from'),
      trend: z.array(zTrendPoint).describe('the previous periods of the same kind, oldest first'),
    })
    .strict();
const n = (what: string) => z.number().int().describe(what);

export const zKpiReport = z
  .object({
    period: z.string(),
    from: date('the first day of the period'),
    to: date('the last day of the period'),
    region: z.string().nullable(),
    goals: z
      .object({
        satisfaction_index: goal({ surveys: n('surveys answered in the period'), scoreSum: z.number().describe('the sum of their scores, 0–100 each') }),
        repeat_repair_rate: goal({ closedCalls: n('calls closed in the period'), repeats: n('of those, repeat repairs'), windowDays: z.number().describe('REPEAT_REPAIR_WINDOW in days') }),
        warranty_claim_approval_rate: goal({ decided: n('in-warranty part requests decided in the period'), approved: n(''), rejected: n('') }),
        calls_per_day: goal({ registered: n('calls registered in the period'), days: n('calendar days in the period') }),
        revenue_per_job: goal({ fees: yuan('fees recorded on them'), completedCategoryA: n('category A calls closed in the period') }),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'KpiReport', description: 'The quantified goals of a period: value, target, met, the counts behind each, and the trend (O1)' });
export type KpiReport = z.infer<typeof zKpiReport>;

export interface KpiOptions extends RegionScope {
  targets: KpiTargets;
  repeatWindowMs: number;
  timeZone: string;
  /** How many previous periods the trend shows. */
  trend: number;
}

interface KpiValues {
  satisfaction_index: ReturnType<typeof satisfactionIndex>;
  repeat_repair_rate: ReturnType<typeof repeatRepairRate>;
  warranty_claim_approval_rate: ReturnType<typeof warrantyClaimApprovalRate>;
  calls_per_day: ReturnType<typeof callsPerDay>;
  revenue_per_job: ReturnType<typeof revenuePerJob>;
}

/** A call closed in the periods of a report, or before them within the repeat-repair window. */
interface ClosedCall {
  id: string;
  serialNo: string | null;
  fault: string | null;
  createdAt: Date;
  closedAt: Date | null;
  category: string;
  serviceCentre: string;
}

/** What the goals of several periods are computed from, read once for all of them. */
interface KpiRecords {
  /** Calls closed from the first period's start to the last one's end (every centre). */
  closed: ClosedCall[];
  /** Those and the calls with a serial number that closed up to the repeat-repair window before them. */
  history: ReturnType<typeof asRepeat>[];
  /** Fees recorded over the same span. */
  fees: { callId: string; amountFen: number; createdAt: Date }[];
}

const asRepeat = (c: { id: string; serialNo: string | null; fault: string | null; createdAt: Date; closedAt: Date | null }) => ({
  id: c.id,
  serialNo: c.serialNo,
  fault: c.fault,
  registeredAtMs: c.createdAt.getTime(),
  closedAtMs: c.closedAt?.getTime() ?? null,
});

/** The calls and fees of `periods` (consecutive, oldest first), with the earlier calls repeat repairs are matched against. */
async function kpiRecords(db: Database, periods: readonly Period[], opts: Pick<KpiOptions, 'repeatWindowMs' | 'timeZone'>): Promise<KpiRecords> {
  const from = periodInstants(periods[0]!, opts.timeZone).start;
  const to = periodInstants(periods[periods.length - 1]!, opts.timeZone).end;
  const [closed, fees] = await Promise.all([
    db.serviceCall.findMany({
      where: { closedAt: { gte: from, lt: to } },
      select: { id: true, serialNo: true, fault: true, createdAt: true, closedAt: true, category: true, serviceCentre: true },
    }),
    db.serviceFee.findMany({ where: { createdAt: { gte: from, lt: to } }, select: { callId: true, amountFen: true, createdAt: true } }),
  ]);
  // Earlier calls on the same serials: closed up to the window before the earliest registration among the closed ones.
  const earliest = closed.reduce((min, c) => (c.serialNo === null ? min : Math.min(min, c.createdAt.getTime())), from.getTime());
  const before = await db.serviceCall.findMany({
    where: { serialNo: { not: null }, closedAt: { gte: new Date(earliest - opts.repeatWindowMs), lt: from } },
    select: { id: true, serialNo: true, fault: true, createdAt: true, closedAt: true },
  });
  return { closed, history: [...before, ...closed.filter((c) => c.serialNo !== null)].map(asRepeat), fees: fees.map((f) => ({ ...f, amountFen: Number(f.amountFen) })) };
}

/** The goals' satisfaction index of one period: sums in the database, or per survey for a region (its calls' centres). */
async function periodSatisfaction(db: Database, inPeriod: { gte: Date; lt: Date }, opts: RegionScope): Promise<KpiValues['satisfaction_index']> {
  const rated = { answeredAt: inPeriod, attitude: { not: null }, skill: { not: null }, arrival: { not: null }, promise: { not: null } };
  if (opts.region === undefined) {
    const sums = await db.serviceSurvey.aggregate({ where: rated, _count: { _all: true }, _sum: { attitude: true, skill: true, arrival: true, promise: true } });
    const ratingSum = (sums._sum.attitude ?? 0) + (sums._sum.skill ?? 0) + (sums._sum.arrival ?? 0) + (sums._sum.promise ?? 0);
    return satisfactionIndexOfSums(sums._count._all, ratingSum);
  }
  const surveys = await db.serviceSurvey.findMany({ where: rated, select: { callId: true, attitude: true, skill: true, arrival: true, promise: true } });
  const centreSet = new Set(centresOf(opts.regions, opts.region));
  const calls = await inChunks([...new Set(surveys.map((s) => s.callId))], (ids) =>
    db.serviceCall.findMany({ where: { id: { in: ids } }, select: { id: true, serviceCentre: true } }),
  );
  const inRegion = new Set(calls.filter((c) => centreSet.has(c.serviceCentre)).map((c) => c.id));
  return satisfactionIndex(surveys.filter((s) => inRegion.has(s.callId)) as SurveyRatings[]);
}

/** The five goals of one period, from the records. */
async function kpiValues(db: Database, period: Period, records: KpiRecords, opts: Omit<KpiOptions, 'targets' | 'trend'>): Promise<KpiValues> {
  const { start, end } = periodInstants(period, opts.timeZone);
  const inPeriod = { gte: start, lt: end };
  const within = (d: Date | null) => d !== null && d >= start && d < end;
  const centres = centreFilter(opts);
  const centreSet = opts.region !== undefined ? new Set(centresOf(opts.regions, opts.region)) : null;

  const [satisfaction, decisions, registered] = await Promise.all([
    periodSatisfaction(db, inPeriod, opts),
    db.partRequest.groupBy({ by: ['decision'], where: { coverage: 'warranty', decidedAt: inPeriod, decision: { not: null }, ...centres }, _count: { _all: true } }),
    db.serviceCall.count({ where: { createdAt: inPeriod, ...centres } }),
  ]);
  const closed = records.closed.filter((c) => within(c.closedAt) && (centreSet === null || centreSet.has(c.serviceCentre)));

  // Fees on the category A calls closed in the period (fees are recorded by the action that closes a call).
  const completedA = new Set(closed.filter((c) => c.category === 'A').map((c) => c.id));
  const feesFen = records.fees.filter((f) => within(f.createdAt) && completedA.has(f.callId)).reduce((a, f) => a + f.amountFen, 0);
  const countOf = (d: string) => decisions.find((x) => x.decision === d)?._count._all ?? 0;

  return {
    satisfaction_index: satisfaction,
    repeat_repair_rate: repeatRepairRate(closed.map(asRepeat), records.history, opts.repeatWindowMs),
    warranty_claim_approval_rate: warrantyClaimApprovalRate(countOf('approved'), countOf('rejected')),
    calls_per_day: callsPerDay(registered, period.days),
    revenue_per_job: revenuePerJob(feesFen, completedA.size),
  };
}

/** O1: every goal of `period` with its value, target, met, counts and trend. */
export async function kpiReport(db: Database, period: Period, opts: KpiOptions): Promise<KpiReport> {
  const earlier = previousPeriods(period, opts.trend);
  const periods = [...earlier, period];
  const records = await kpiRecords(db, periods, opts);
  const all = await Promise.all(periods.map((p) => kpiValues(db, p, records, opts)));
  const current = all[all.length - 1]!;
  const trendOf = (id: KpiId) => earlier.map((p, i) => ({ period: p.text, value: all[i]![id].value, met: isMet(all[i]![id].value, opts.targets[id]) }));
  const base = (id: KpiId) => ({
    label: KPI_DEFINITIONS[id].label,
    unit: KPI_DEFINITIONS[id].unit,
    definition: KPI_DEFINITIONS[id].definition,
    target: opts.targets[id],
    value: current[id].value,
    met: isMet(current[id].value, opts.targets[id]),
    trend: trendOf(id),
  });
  return {
    ...periodHead(period, opts.region),
    goals: {
      satisfaction_index: { ...base('satisfaction_index'), counts: current.satisfaction_index.counts },
      repeat_repair_rate: { ...base('repeat_repair_rate'), counts: { ...current.repeat_repair_rate.counts, windowDays: Math.round((opts.repeatWindowMs / 86_400_000) * 100) / 100 } },
      warranty_claim_approval_rate: { ...base('warranty_claim_approval_rate'), counts: current.warranty_claim_approval_rate.counts },
      calls_per_day: { ...base('calls_per_day'), counts: current.calls_per_day.counts },
      revenue_per_job: {
        ...base('revenue_per_job'),
        counts: { fees: fenToYuan(current.revenue_per_job.counts.feesFen), completedCategoryA: current.revenue_per_job.counts.completedCategoryA },
      },
    },
  };
}

// ---- O5: service orders ----

const zOrderCounts = {
  received: n('requests received: calls registered in the period'),
  ordersIssued: n('of those, execution orders issued: dispatched to a technician'),
  receiptsReturned: n('of those, receipts returned: completed with the customer signature'),
  executionRate: z.number().nullable().describe('ordersIssued ÷ received, percent, two decimals'),
  receiptRate: z.number().nullable().describe('receiptsReturned ÷ ordersIssued, percent, two decimals'),
};

export const zServiceOrdersReport = z
  .object({
    period: z.string(),
    from: date(),
    to: date(),
    region: z.string().nullable(),
    asOf: instant('the figures are the requests of the period as they stood at this instant'),
    total: z.object(zOrderCounts).strict(),
    byRegion: z.array(z.object({ region: z.string(), ...zOrderCounts }).strict()),
  })
  .strict()
  .meta({ id: 'ServiceOrdersReport', description: 'Requests received, execution orders issued, receipts returned and the execution rate (O5)' });
export type ServiceOrdersReport = z.infer<typeof zServiceOrdersReport>;

export async function serviceOrdersReport(db: Database, period: Period, scope: RegionScope & { timeZone: string; now: Date }): Promise<ServiceOrdersReport> {
  const { start, end } = periodInstants(period, scope.timeZone);
  const calls = await db.serviceCall.findMany({
    where: { createdAt: { gte: start, lt: end }, ...centreFilter(scope) },
    select: { serviceCentre: true, technicianId: true, status: true },
  });
  const counts = serviceOrderCounts(
    calls.map((c) => ({ serviceCentre: c.serviceCentre, dispatched: c.technicianId !== null, closed: c.status === 'closed' })),
    (c) => regionOf(scope.regions, c),
  );
  return { ...periodHead(period, scope.region), asOf: scope.now.toISOString(), ...counts };
}

// ---- O4: the monthly parts report ----

const zPiecesCost = { pieces: n('pieces'), cost: yuan('at the cost when issued') };
export const REPLACEMENT_KINDS = ['warranty', 'contract', 'paid_waived', 'paid'] as const;

export const zPartsReport = z
  .object({
    month: z.string(),
    region: z.string().nullable(),
    requests: z
      .object({
        received: n('part requests made in the month'),
        approved: n('approved in the month'),
        rejected: n('rejected in the month'),
        issued: n('issued by the store in the month'),
        waitingNow: n('waiting for stock now'),
      })
      .strict(),
    replaced: z
      .array(
        z
          .object({
            kind: z.enum(REPLACEMENT_KINDS).describe('in warranty, under contract, outside both with the charge waived, outside both and paid'),
            bearer: z.enum(['company', 'customer']),
            ...zPiecesCost,
            charged: yuan('charged to the customer at the list price'),
          })
          .strict(),
      )
      .describe('parts fitted in the month, by who bears them'),
    bearers: z
      .object({ company: z.object(zPiecesCost).strict(), customer: z.object({ ...zPiecesCost, charged: yuan() }).strict() })
      .strict(),
    byRegion: z.array(
      z
        .object({
          region: z.string(),
          inWarranty: z.object(zPiecesCost).strict().describe('in warranty (the company bears them)'),
          outsideWarranty: z.object({ ...zPiecesCost, charged: yuan() }).strict().describe('under contract or paid, waived or charged'),
        })
        .strict(),
    ),
    byPart: z.array(z.object({ partNo: z.string(), name: z.string().nullable(), ...zPiecesCost, charged: yuan() }).strict()),
    movements: z.object({ received: n('pieces received into stock'), issued: n('pieces issued'), returned: n('pieces returned unused') }).strict(),
  })
  .strict()
  .meta({ id: 'PartsReport', description: 'A month of spare parts per region: requests, parts replaced inside and outside warranty with cost and bearer (O4)' });
export type PartsReport = z.infer<typeof zPartsReport>;

type Sum = { pieces: number; costFen: number; chargedFen: number };
const zero = (): Sum => ({ pieces: 0, costFen: 0, chargedFen: 0 });
const add = (s: Sum, r: { quantity: number; unitCostFen: bigint; chargeFen: bigint }) => {
  s.pieces += r.quantity;
  s.costFen += Number(r.unitCostFen) * r.quantity;
  s.chargedFen += Number(r.chargeFen);
};
const pc = (s: Sum) => ({ pieces: s.pieces, cost: fenToYuan(s.costFen) });
const pcc = (s: Sum) => ({ ...pc(s), charged: fenToYuan(s.chargedFen) });

export async function partsReport(db: Database, month: string, scope: RegionScope & { timeZone: string }): Promise<PartsReport> {
  const { start, end } = periodInstants(parsePeriod(month)!, scope.timeZone);
  const inMonth = { gte: start, lt: end };
  const centres = centreFilter(scope);
  const centreIn = scope.region !== undefined ? { centre: { in: centresOf(scope.regions, scope.region) } } : {};
  const [received, decided, issued, waitingNow, replacements, movements] = await Promise.all([
    db.partRequest.count({ where: { requestedAt: inMonth, ...centres } }),
    db.partRequest.groupBy({ by: ['decision'], where: { decidedAt: inMonth, decision: { not: null }, ...centres }, _count: { _all: true } }),
    db.partRequest.count({ where: { issuedAt: inMonth, ...centres } }),
    db.partRequest.count({ where: { status: 'waiting_stock', ...centres } }),
    db.partReplacement.findMany({ where: { at: inMonth, ...centres }, select: { serviceCentre: true, partNo: true, quantity: true, coverage: true, bearer: true, unitCostFen: true, chargeFen: true } }),
    db.stockMovement.groupBy({ by: ['kind'], where: { at: inMonth, ...centreIn }, _sum: { quantity: true } }),
  ]);
  const kinds = new Map(REPLACEMENT_KINDS.map((k) => [k, zero()]));
  const bearers = { company: zero(), customer: zero() };
  const regions = new Map<string, { inWarranty: Sum; outsideWarranty: Sum }>();
  const parts = new Map<string, Sum>();
  for (const r of replacements) {
    const kind = r.coverage === 'paid' ? (r.bearer === 'company' ? 'paid_waived' : 'paid') : (r.coverage as 'warranty' | 'contract');
    add(kinds.get(kind)!, r);
    add(r.bearer === 'customer' ? bearers.customer : bearers.company, r);
    const region = regionOf(scope.regions, r.serviceCentre);
    const reg = regions.get(region) ?? { inWarranty: zero(), outsideWarranty: zero() };
    add(r.coverage === 'warranty' ? reg.inWarranty : reg.outsideWarranty, r);
    regions.set(region, reg);
    const part = parts.get(r.partNo) ?? zero();
    add(part, r);
    parts.set(r.partNo, part);
  }
  const names = new Map(
    (parts.size ? await db.sparePart.findMany({ where: { partNo: { in: [...parts.keys()] } }, select: { partNo: true, name: true } }) : []).map((p) => [p.partNo, p.name]),
  );
  const count = (d: string) => decided.find((x) => x.decision === d)?._count._all ?? 0;
  const moved = (k: string) => movements.find((m) => m.kind === k)?._sum.quantity ?? 0;
  return {
    month,
    region: scope.region ?? null,
    requests: { received, approved: count('approved'), rejected: count('rejected'), issued, waitingNow },
    replaced: REPLACEMENT_KINDS.map((k) => ({ kind: k, bearer: k === 'paid' ? ('customer' as const) : ('company' as const), ...pcc(kinds.get(k)!) })),
    bearers: { company: pc(bearers.company), customer: pcc(bearers.customer) },
    byRegion: [...regions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, v]) => ({ region, inWarranty: pc(v.inWarranty), outsideWarranty: pcc(v.outsideWarranty) })),
    byPart: [...parts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([partNo, v]) => ({ partNo, name: names.get(partNo) ?? null, ...pcc(v) })),
    movements: { received: moved('receipt'), issued: moved('issue'), returned: moved('return') },
  };
}
