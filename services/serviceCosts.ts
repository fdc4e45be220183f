// O3: the service cost budget on the database side: a month's budget per category, cost claims that
// technicians enter and their supervisor approves, the postings of actual cost (parts issued and
// returned, claims approved) and the warning to the service department when a category passes its
// share of the budget, written once per category and month in the same transaction as the posting
// that passed it. The cost report is actual against budget with the variance, from the postings.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { localDateIn, localMonthIn } from '../domain/localTime';
import { fenToYuan } from '../domain/money';
import {
  BUDGET_CATEGORIES,
  BUDGET_CATEGORY_LABELS,
  type BudgetCategory,
  COST_SOURCES,
  type CostSource,
  budgetComparison,
  budgetWarningKey,
  passesWarningShare,
} from '../domain/operations/budget';
import type { CostClaimAction, CostClaimFiling, ServiceBudgetInput } from '../domain/operations/schemas';
import { type Actor, hasAnyRole } from '../domain/roles';
import { date, instant, yuan, zPerson } from '../domain/viewFields';
import { pageArgs, pageOf } from './pagination';
import { completeWorkItems, upsertWorkItem } from './workItems';

type Tx = Pick<Database, 'serviceCostPosting' | 'serviceBudget' | 'notice'>;

export interface CostPostingInput {
  id: string;
  month: string;
  category: BudgetCategory;
  source: CostSource;
  amountFen: number;
  refType: 'part_request' | 'cost_claim';
  refId: string;
  at: Date;
  description: string;
}

/** Posts actual costs (each once, by id) and warns for every category the postings pass the share of. */
export async function postCosts(tx: Tx, postings: readonly CostPostingInput[], shareBp: number, now: Date): Promise<void> {
  const touched = new Map<string, { month: string; category: BudgetCategory }>();
  for (const p of postings) {
    if (p.amountFen === 0) continue;
    await tx.serviceCostPosting.upsert({ where: { id: p.id }, update: {}, create: { ...p } });
    touched.set(`${p.month}:${p.category}`, { month: p.month, category: p.category });
  }
  for (const t of touched.values()) await warnIfPassed(tx, t.month, t.category, shareBp, now);
}

/** O3: tells the service department, once per category and month, that the actual passed the share of the budget. */
export async function warnIfPassed(tx: Tx, month: string, category: BudgetCategory, shareBp: number, now: Date): Promise<boolean> {
  const budget = await tx.serviceBudget.findUnique({ where: { month_category: { month, category } } });
  if (!budget) return false;
  const sum = await tx.serviceCostPosting.aggregate({ where: { month, category }, _sum: { amountFen: true } });
  const actual = Number(sum._sum.amountFen ?? 0);
  const budgetFen = Number(budget.amountFen);
  if (!passesWarningShare(actual, budgetFen, shareBp)) return false;
  const share = `${shareBp / 100}%`;
  await tx.notice.upsert({
    where: { dedupeKey: budgetWarningKey(month, category) },
    update: {},
    create: {
      id: randomUUID(),
      dedupeKey: budgetWarningKey(month, category),
      type: 'warning',
      caseType: 'service_budget',
      caseId: month,
      stage: category,
      to: JSON.stringify(['service_dept']),
      message: `Service costs ${month}: ${BUDGET_CATEGORY_LABELS[category]} has reached ${fenToYuan(actual)} of its ${fenToYuan(budgetFen)} yuan budget (${((actual / budgetFen) * 100).toFixed(2)}%, warning at ${share}) (O3).`,
      at: now,
    },
  });
  return true;
}

// ---- budgets ----

export const zServiceBudgetView = z
  .object({
    month: z.string().describe('YYYY-MM'),
    categories: z
      .array(z.object({ category: z.enum(BUDGET_CATEGORIES), label: z.string(), amount: yuan() }).strict())
      .describe('every category, in the fixed order; amount 0.00 where none was set'),
    total: yuan(),
    setAt: instant('when it was last set').nullable(),
    setBy: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'ServiceBudget', description: "A month's service cost budget per category (O3)" });
export type ServiceBudgetView = z.infer<typeof zServiceBudgetView>;

export async function getBudget(db: Pick<Database, 'serviceBudget'>, month: string): Promise<ServiceBudgetView | null> {
  const rows = await db.serviceBudget.findMany({ where: { month } });
  if (rows.length === 0) return null;
  const by = new Map(rows.map((r) => [r.category, r]));
  const latest = rows.reduce((a, b) => (b.setAt > a.setAt ? b : a));
  return {
    month,
    categories: BUDGET_CATEGORIES.map((c) => ({ category: c, label: BUDGET_CATEGORY_LABELS[c], amount: fenToYuan(Number(by.get(c)?.amountFen ?? 0)) })),
    total: fenToYuan(rows.reduce((a, r) => a + Number(r.amountFen), 0)),
    setAt: latest.setAt.toISOString(),
    setBy: latest.setBy,
  };
}

/** Sets a month's budget (every category); a category already past the warning share is warned of at once. */
export async function setBudget(db: Database, month: string, input: ServiceBudgetInput, by: { name: string }, now: Date, shareBp: number): Promise<{ created: boolean; view: ServiceBudgetView }> {
  const created = await db.$transaction(async (tx) => {
    const existed = (await tx.serviceBudget.count({ where: { month } })) > 0;
    for (const category of BUDGET_CATEGORIES) {
      const amountFen = input.categories[category];
      await tx.serviceBudget.upsert({
        where: { month_category: { month, category } },
        update: { amountFen, setAt: now, setBy: by.name },
        create: { month, category, amountFen, setAt: now, setBy: by.name },
      });
    }
    for (const category of BUDGET_CATEGORIES) await warnIfPassed(tx, month, category, shareBp, now);
    return !existed;
  });
  return { created, view: (await getBudget(db, month))! };
}

// ---- cost claims ----

export const CLAIM_STATUSES = ['submitted', 'approved', 'rejected'] as const;

export const zCostClaimView = z
  .object({
    id: z.string(),
    category: z.enum(BUDGET_CATEGORIES),
    amount: yuan(),
    date: date('the day the cost arose'),
    month: z.string().describe('the month it counts in, YYYY-MM'),
    description: z.string(),
    callId: z.string().nullable(),
    claimant: zPerson,
    status: z.enum(CLAIM_STATUSES),
    submittedAt: instant(),
    decidedAt: instant().nullable(),
    decidedBy: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'CostClaim', description: 'A cost a technician spent, for the supervisor to approve (O3)' });
export type CostClaimView = z.infer<typeof zCostClaimView>;

type ClaimRow = Awaited<ReturnType<Database['costClaim']['findUniqueOrThrow']>>;
const claimView = (r: ClaimRow): CostClaimView => ({
  id: r.id,
  category: r.category as BudgetCategory,
  amount: fenToYuan(Number(r.amountFen)),
  date: r.date,
  month: r.month,
  description: r.description,
  callId: r.callId,
  claimant: { id: r.claimantId, name: r.claimantName },
  status: r.status as (typeof CLAIM_STATUSES)[number],
  submittedAt: r.submittedAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  decidedBy: r.decidedBy,
  decisionNote: r.decisionNote,
});

export async function fileCostClaim(db: Database, id: string, claimant: { id: string; name: string }, filing: CostClaimFiling, now: Date, timeZone: string): Promise<CostClaimView> {
  if (filing.date > localDateIn(timeZone, now)) {
    throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'date', message: 'must not be in the future' }]);
  }
  if (filing.callId && !(await db.serviceCall.findUnique({ where: { id: filing.callId }, select: { id: true } }))) {
    throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'callId', message: 'no service call has this id' }]);
  }
  const row = await db.$transaction(async (tx) => {
    const existing = await tx.costClaim.findUnique({ where: { id } });
    if (existing) return existing;
    const created = await tx.costClaim.create({
      data: {
        id,
        category: filing.category,
        amountFen: filing.amount,
        date: filing.date,
        month: filing.date.slice(0, 7),
        description: filing.description,
        callId: filing.callId ?? null,
        claimantId: claimant.id,
        claimantName: claimant.name,
        status: 'submitted',
        submittedAt: now,
      },
    });
    await upsertWorkItem(tx, {
      dedupeKey: `cost-claim:${id}:task:decide`,
      kind: 'cost_claim_decision',
      caseType: 'cost_claim',
      caseId: id,
      roles: ['service_supervisor'],
      title: `Approve or reject the ${BUDGET_CATEGORY_LABELS[filing.category].toLowerCase()} claim of ${fenToYuan(filing.amount)} yuan by ${claimant.name} (${filing.date}) (O3).`,
      at: now,
    });
    return created;
  });
  return claimView(row);
}

/** O3: the supervisor approves (the cost is posted to the claim's month) or rejects; nobody decides their own claim. */
export async function decideCostClaim(db: Database, id: string, actor: Actor, action: CostClaimAction, now: Date, shareBp: number): Promise<CostClaimView> {
  const row = await db.$transaction(async (tx) => {
    const claim = await tx.costClaim.findUnique({ where: { id } });
    if (!claim) throw new AppError('not_found', `No cost claim ${id}.`);
    if (!hasAnyRole(actor, ['service_supervisor'])) throw new AppError('forbidden', 'A service supervisor decides cost claims.');
    if (claim.claimantId === actor.id) throw new AppError('forbidden', 'Nobody decides their own cost claim.');
    if (claim.status !== 'submitted') throw new AppError('wrong_stage', `The claim is already ${claim.status}.`);
    const approved = action.action === 'approve';
    const done = await tx.costClaim.updateMany({
      where: { id, status: 'submitted' },
      data: {
        status: approved ? 'approved' : 'rejected',
        decidedAt: now,
        decidedBy: actor.name,
        decisionNote: action.action === 'approve' ? (action.comment ?? null) : action.reason,
      },
    });
    if (done.count !== 1) throw new AppError('wrong_stage', 'The claim was decided meanwhile.');
    if (approved) {
      await postCosts(
        tx,
        [
          {
            id: `claim:${id}`,
            month: claim.month,
            category: claim.category as BudgetCategory,
            source: 'claim',
            amountFen: Number(claim.amountFen),
            refType: 'cost_claim',
            refId: id,
            at: now,
            description: `${claim.claimantName}: ${claim.description} (${claim.date})`,
          },
        ],
        shareBp,
        now,
      );
    }
    await completeWorkItems(tx, { dedupeKeys: [`cost-claim:${id}:task:decide`] }, actor.name, now);
    return tx.costClaim.findUniqueOrThrow({ where: { id } });
  });
  return claimView(row);
}

export async function getCostClaim(db: Database, id: string): Promise<CostClaimView | null> {
  const row = await db.costClaim.findUnique({ where: { id } });
  return row ? claimView(row) : null;
}

export async function listCostClaims(db: Database, f: { month?: string; status?: string; claimantId?: string; limit: number; cursor?: string }) {
  const rows = await db.costClaim.findMany({
    where: { ...(f.month ? { month: f.month } : {}), ...(f.status ? { status: f.status } : {}), ...(f.claimantId ? { claimantId: f.claimantId } : {}) },
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(f),
  });
  return pageOf(rows, f, claimView);
}

// ---- the cost report ----

const zSources = z
  .object(Object.fromEntries(COST_SOURCES.map((s) => [s, yuan()])) as Record<CostSource, ReturnType<typeof yuan>>)
  .strict()
  .describe('the actual cost by where it comes from: parts in warranty, under contract, charges waived, approved claims');

const lineShape = {
  budget: yuan('the budget; null when the month has none').nullable(),
  actual: yuan('the actual cost posted in the month'),
  bySource: zSources,
  variance: yuan('budget − actual: negative when over budget; null without a budget').nullable(),
  usedPercent: z.number().nullable().describe('actual ÷ budget in percent, two decimals; null without a budget'),
};

export const zServiceCostReport = z
  .object({
    month: z.string(),
    warningSharePercent: z.number().describe('BUDGET_WARNING_SHARE: a category past this share of its budget is warned of'),
    categories: z.array(
      z
        .object({
          category: z.enum(BUDGET_CATEGORIES),
          label: z.string(),
          ...lineShape,
          warned: z.boolean().describe('the service department was told this category passed the warning share'),
        })
        .strict(),
    ),
    total: z.object(lineShape).strict(),
    claimsPending: z.object({ count: z.number().int(), amount: yuan() }).strict().describe('claims of the month still waiting for the supervisor (not in the actual)'),
  })
  .strict()
  .meta({ id: 'ServiceCostReport', description: 'A month of service costs: actual against budget per category, with the variance (O3)' });
export type ServiceCostReport = z.infer<typeof zServiceCostReport>;

const yuanOrNull = (fen: number | null) => (fen === null ? null : fenToYuan(fen));
const sourcesView = (s: Record<CostSource, number>) => Object.fromEntries(COST_SOURCES.map((k) => [k, fenToYuan(s[k])])) as Record<CostSource, string>;

export async function serviceCostReport(db: Database, month: string, shareBp: number): Promise<ServiceCostReport> {
  const [budgetRows, postings, warnings, pending] = await Promise.all([
    db.serviceBudget.findMany({ where: { month } }),
    db.serviceCostPosting.groupBy({ by: ['category', 'source'], where: { month }, _sum: { amountFen: true } }),
    db.notice.findMany({ where: { caseType: 'service_budget', caseId: month }, select: { stage: true } }),
    db.costClaim.aggregate({ where: { month, status: 'submitted' }, _count: { _all: true }, _sum: { amountFen: true } }),
  ]);
  const budget = budgetRows.length ? Object.fromEntries(budgetRows.map((b) => [b.category, Number(b.amountFen)])) : null;
  const cmp = budgetComparison(
    budget,
    postings.map((p) => ({ category: p.category, source: p.source, amountFen: Number(p._sum.amountFen ?? 0) })),
  );
  const warned = new Set(warnings.map((w) => w.stage));
  const line = (l: Omit<(typeof cmp.lines)[number], 'category'>) => ({
    budget: yuanOrNull(l.budgetFen),
    actual: fenToYuan(l.actualFen),
    bySource: sourcesView(l.bySourceFen),
    variance: yuanOrNull(l.varianceFen),
    usedPercent: l.usedPercent,
  });
  return {
    month,
    warningSharePercent: shareBp / 100,
    categories: cmp.lines.map((l) => ({ category: l.category, label: BUDGET_CATEGORY_LABELS[l.category], ...line(l), warned: warned.has(l.category) })),
    total: line(cmp.total),
    claimsPending: { count: pending._count._all, amount: fenToYuan(Number(pending._sum.amountFen ?? 0)) },
  };
}

/** The month an instant's cost counts in. */
export const costMonthOf = (at: Date, timeZone: string): string => localMonthIn(timeZone, at);
