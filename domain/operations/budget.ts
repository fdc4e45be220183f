// O3: the service cost budget. Each month has a budget per cost category; the actual costs come from
// the platform's own records (parts the company bears, issued at cost net of unused returns; charges
// waived; cost claims approved by the supervisor), so actual against budget and its variance can be
// recomputed at any time. When a category's actual passes BUDGET_WARNING_SHARE of its budget the
// service department head is told, once per category and month.

export const BUDGET_CATEGORIES = ['materials', 'vehicles', 'travel', 'communications', 'business', 'office', 'other'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export const BUDGET_CATEGORY_LABELS: Record<BudgetCategory, string> = {
  materials: 'Materials and installation',
  vehicles: 'Vehicles',
  travel: 'Travel',
  communications: 'Communications',
  business: 'Business',
  office: 'Office',
  other: 'Other',
};

/** A budget of 100,000 yuan a month as the service department planned it (fen). */
export const EXAMPLE_MONTHLY_BUDGET_FEN: Record<BudgetCategory, number> = {
  materials: 4_000_000,
  vehicles: 2_400_000,
  travel: 1_300_000,
  communications: 600_000,
  business: 500_000,
  office: 200_000,
  other: 1_000_000,
};

/** Where an actual cost comes from. */
export const COST_SOURCES = ['parts_warranty', 'parts_contract', 'parts_waived', 'claim'] as const;
export type CostSource = (typeof COST_SOURCES)[number];

export const COST_SOURCE_LABELS: Record<CostSource, string> = {
  parts_warranty: 'Parts in warranty (issued at cost, less unused returns)',
  parts_contract: 'Parts under maintenance contracts (issued at cost, less unused returns)',
  parts_waived: 'Charges waived: parts outside warranty the company bears (at cost)',
  claim: 'Cost claims approved by the supervisor',
};

/** The cost category a parts posting falls in. */
export const PARTS_CATEGORY: BudgetCategory = 'materials';

export interface CategoryLine {
  category: BudgetCategory;
  budgetFen: number | null;
  actualFen: number;
  bySourceFen: Record<CostSource, number>;
  /** budget − actual: positive is under budget; null without a budget. */
  varianceFen: number | null;
  /** actual ÷ budget as a percentage with two decimals; null without a budget (or a budget of 0). */
  usedPercent: number | null;
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/** Actual against budget per category, and in total. */
export function budgetComparison(
  budget: Partial<Record<BudgetCategory, number>> | null,
  postings: readonly { category: string; source: string; amountFen: number }[],
): { lines: CategoryLine[]; total: Omit<CategoryLine, 'category'> } {
  const lines = BUDGET_CATEGORIES.map((category): CategoryLine => {
    const bySourceFen = Object.fromEntries(COST_SOURCES.map((s) => [s, 0])) as Record<CostSource, number>;
    let actualFen = 0;
    for (const p of postings) {
      if (p.category !== category) continue;
      actualFen += p.amountFen;
      if ((COST_SOURCES as readonly string[]).includes(p.source)) bySourceFen[p.source as CostSource] += p.amountFen;
    }
    const budgetFen = budget?.[category] ?? null;
    return {
      category,
      budgetFen,
      actualFen,
      bySourceFen,
      varianceFen: budgetFen === null ? null : budgetFen - actualFen,
      usedPercent: budgetFen ? round2((actualFen / budgetFen) * 100) : null,
    };
  });
  const bySourceFen = Object.fromEntries(COST_SOURCES.map((s) => [s, lines.reduce((a, l) => a + l.bySourceFen[s], 0)])) as Record<CostSource, number>;
  const budgetFen = budget ? lines.reduce((a, l) => a + (l.budgetFen ?? 0), 0) : null;
  const actualFen = lines.reduce((a, l) => a + l.actualFen, 0);
  return {
    lines,
    total: {
      budgetFen,
      actualFen,
      bySourceFen,
      varianceFen: budgetFen === null ? null : budgetFen - actualFen,
      usedPercent: budgetFen ? round2((actualFen / budgetFen) * 100) : null,
    },
  };
}

/** Whether `actualFen` has reached `shareBp` (basis points) of a positive budget. */
export const passesWarningShare = (actualFen: number, budgetFen: number | null, shareBp: number): boolean =>
  budgetFen !== null && budgetFen > 0 && actualFen * 10_000 >= budgetFen * shareBp;

/** The one notice per category and month. */
export const budgetWarningKey = (month: string, category: BudgetCategory): string => `service-budget:${month}:${category}:warning`;
