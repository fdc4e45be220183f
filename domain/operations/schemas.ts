// zod schemas of the service operations requests (O2–O4): the parts price list, the monthly cost
// budget, cost claims and the activity points table. Part requests and stock receipts are in
// partRequest.ts.
import { z } from 'zod';
import { text, zDate } from '../fields';
import { zPositiveYuanAmount, zYuanAmount } from '../money';
import { ACTIVITY_TYPES } from './activity';
import { BUDGET_CATEGORIES } from './budget';
import { zPartNo } from './partRequest';

export const PART_KINDS = ['part', 'maintenance_item'] as const;
export type PartKind = (typeof PART_KINDS)[number];

/** O4: a part or maintenance item of the price list. */
export const zSparePartInput = z
  .object({
    partNo: zPartNo,
    name: text(200),
    kind: z.enum(PART_KINDS).default('part').describe('part (kept in stock) or maintenance_item (a priced service, never stocked)'),
    unit: text(20).default('piece'),
    cost: zYuanAmount().describe('what one costs the company; parts issued are costed at this'),
    price: zYuanAmount().describe('the published list price charged to customers outside warranty and contract'),
  })
  .strict();
export type SparePartInput = z.output<typeof zSparePartInput>;

/** O4: a change to the price list entry. */
export const zSparePartPatch = z
  .object({
    name: text(200).optional(),
    cost: zYuanAmount().optional(),
    price: zYuanAmount().optional(),
    active: z.boolean().optional().describe('false takes the entry off the published list; no new request may name it'),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one of name, cost, price, active')
  .meta({ minProperties: 1 });
export type SparePartPatch = z.output<typeof zSparePartPatch>;

/** O3: a month's budget, every category in yuan. */
export const zServiceBudget = z
  .object({
    categories: z
      .object(Object.fromEntries(BUDGET_CATEGORIES.map((c) => [c, zYuanAmount()])) as Record<(typeof BUDGET_CATEGORIES)[number], ReturnType<typeof zYuanAmount>>)
      .strict()
      .describe('the budget of each cost category, in yuan'),
  })
  .strict();
export type ServiceBudgetInput = z.output<typeof zServiceBudget>;

/** O3: a cost a technician spent (travel, vehicle, …), for the supervisor's approval. */
export const zCostClaimFiling = z
  .object({
    category: z.enum(BUDGET_CATEGORIES),
    amount: zPositiveYuanAmount().refine((fen) => fen > 0, 'must be greater than 0'),
    date: zDate().describe('the day the cost arose; it counts in that month'),
    description: text(500),
    callId: z.string().uuid('must be the id of a service call').optional(),
  })
  .strict();
export type CostClaimFiling = z.output<typeof zCostClaimFiling>;

export const zCostClaimAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), comment: text(500).optional() }).strict(),
  z.object({ action: z.literal('reject'), reason: text(500) }).strict(),
]);
export type CostClaimAction = z.infer<typeof zCostClaimAction>;

/** O2: the points one activity of a type is worth from now on. */
export const zActivityPointsInput = z
  .object({ points: z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000, 'must be at most 10000') })
  .strict();

export const zActivityType = z.enum(ACTIVITY_TYPES);
