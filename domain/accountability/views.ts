// The accountability of a closed case, its charges and reward/penalty notices, and the monthly
// statistics, as the API shows them (C9, C12, P1, P2, P8–P15). The builders (`accountabilityView`,
// `chargeView` in machine.ts, `compileMonthlyStatistics` in monthly.ts) are typed by these schemas.
import { z } from 'zod';
import { ROLES } from '../roles';
import { PENALTY_GROUNDS, PENALTY_LEVELS } from './grounds';
import type { AccountabilityActionName } from './schemas';
import { instant, yuan } from '../viewFields';

/** Where a closed case's accounting stands (see machine.ts). */
export const ACCOUNTABILITY_STATUSES = ['awaiting_proposal', 'awaiting_approval', 'resale_window', 'settling', 'settled', 'not_our_fault'] as const;
export const zAccountabilityStatus = z.enum(ACCOUNTABILITY_STATUSES);
export type AccountabilityStatus = z.infer<typeof zAccountabilityStatus>;

const ACTION_NAMES = ['propose', 'approve', 'reject', 'record_resale', 'publish'] as const satisfies readonly AccountabilityActionName[];

export const zYuan = yuan();
export const zInstant = instant();
export const zMonthString = z.string().describe('month YYYY-MM');
const zGround = z.enum(PENALTY_GROUNDS).describe('penalty ground (P11)');
const zLevel = z.enum(PENALTY_LEVELS).describe('penalty level (P10)');
const zScope = z.enum(['individual', 'group', 'section', 'department']).describe('how precisely the charge is placed (P12, P15)');

/** One person's penalty on one case and party, with how it was reached (P9, P10, P13). */
export const zPenaltyChargeView = z
  .object({
    entry: z.number().int().describe("the responsible party: index into the closing's responsibility list"),
    personId: z.string(),
    personName: z.string(),
    personUnit: z.string().describe('the unit the person is in (master data at the time of the charge)'),
    chargedTo: z.string().describe('the party charged: the person themself, or the unit whose share the person carries'),
    scope: zScope,
    ground: zGround,
    level: zLevel,
    allocated: zYuan.describe("the party's allocation of the loss (P9), yuan with two decimals"),
    basePoints: z.number().describe("the person's base points (P13)"),
    unitBasePoints: z.number().describe("the base points of the unit charged, or the person's own when charged alone"),
    share: zYuan.describe("P13: allocation ÷ unit's base points × the person's base points, yuan with two decimals"),
    minimum: zYuan.describe("P10: the level's minimum, yuan with two decimals"),
    charge: zYuan.describe('what goes into the deduction ledger: the larger of share and minimum, yuan with two decimals'),
    performanceForfeit: z.boolean().describe("P10: a major demerit also forfeits the month's whole performance bonus"),
    basis: z.string().describe('how the charge was reached, for people'),
  })
  .strict()
  .meta({ id: 'PenaltyChargeDetail', description: "One person's penalty on one case and party, with how it was reached (P9, P10, P13)" });
export type PenaltyChargeView = z.infer<typeof zPenaltyChargeView>;

/** A penalty line of the GM office's proposal (P2), as it was accepted. */
const zProposalLine = z
  .object({
    entry: z.number().int().describe("the responsible party: index into the closing's responsibility list"),
    chargeTo: z
      .union([z.object({ unit: z.string() }).strict(), z.object({ person: z.string() }).strict()])
      .optional()
      .describe('whom to charge instead of the default (a unit path or a person id)'),
    ground: zGround,
    level: zLevel,
    waive: z.boolean().optional().describe('the company bears this share itself'),
    note: z.string().optional(),
  })
  .strict();

/**
 * P8's outcome. One object rather than a union by outcome: the field is nullable, and a nullable
 * union has no closed form in the OpenAPI 3.0 document.
 */
const zResaleOutcome = z
  .object({
    outcome: z.enum(['sold', 'not_sold', 'window_expired']).describe('sold; not_sold; window_expired: the window ended without an outcome'),
    at: zInstant.describe('when it was recorded, or when the window ended'),
    saleAmount: zYuan.optional().describe('sold only: the sale amount, yuan with two decimals'),
    aGradeAmount: zYuan.optional().describe('sold only: the A-grade price of the same goods, yuan with two decimals'),
    actualLoss: zYuan.nullable().optional().describe('not_sold only: the actual loss if known, yuan with two decimals; null: the loss at closing stands'),
    by: z.string().optional().describe('sold and not_sold: who recorded it'),
  })
  .strict();
export type ResaleOutcomeView = z.infer<typeof zResaleOutcome>;

/** A closed case's accountability as the API shows it; the penalties only to the accounting roles. */
export const zAccountabilityView = z
  .object({
    caseId: z.string(),
    caseNumber: z.string().nullable(),
    status: zAccountabilityStatus,
    closedAt: zInstant,
    openedAt: zInstant,
    customer: z.string(),
    ourFault: z.boolean().describe('C9: false when the fault is not ours (nobody is charged)'),
    awaiting: z
      .array(z.object({ roles: z.array(z.enum(ROLES)), action: z.enum(ACTION_NAMES) }).strict())
      .describe('who is awaited, for which action'),
    reviewDueAt: zInstant.nullable().describe('P1: the proposal and approval are due before this instant; null for cases opened before reviews had a deadline'),
    loss: z
      .object({
        atClosing: zYuan.describe('the loss recorded at closing (C9), yuan with two decimals'),
        fixed: zYuan.nullable().describe('the loss fixed after the resale (P8), yuan with two decimals; null until fixed'),
        fixedAt: zInstant.nullable(),
        basis: z.string().nullable().describe('how the fixed loss was reached'),
      })
      .strict(),
    allocations: z
      .array(
        z
          .object({
            entry: z.number().int(),
            department: z.string(),
            person: z.string().nullable(),
            ratio: z.number().describe('responsibility ratio, 0..1'),
            amount: zYuan.describe('the share of the loss (P9), yuan with two decimals'),
            status: z.enum(['provisional', 'charged', 'external', 'waived', 'unassigned']).describe('provisional until the case is settled'),
            chargedTo: z.string().nullable().describe('the person, unit or outside party charged; null when unassigned'),
            scope: z.enum(['individual', 'group', 'section', 'department', 'external']),
            reason: z.string().optional().describe('why an allocation is not charged'),
          })
          .strict(),
      )
      .describe('P9, P12: the loss split by responsibility ratio; the amounts add up to the loss'),
    resale: z
      .object({
        required: z.boolean().nullable().describe('P8: whether the goods are to be resold; null until proposed'),
        dueAt: zInstant.nullable().describe('the end of the resale window'),
        outcome: zResaleOutcome.nullable(),
      })
      .strict(),
    decision: z.object({ by: z.string().describe("the GM's name"), at: zInstant }).strict().nullable(),
    rejections: z.array(z.object({ by: z.string().describe("the GM's name"), at: zInstant, comment: z.string() }).strict()),
    publication: z
      .object({
        required: z.boolean().describe('P1: the decision has administrative penalties for HR to publish'),
        by: z.string().optional(),
        at: zInstant.optional(),
        reference: z.string().optional(),
      })
      .strict(),
    proposal: z
      .object({
        lines: z.array(zProposalLine),
        resale: z.boolean(),
        by: z.string().describe("the proposer's name"),
        at: zInstant,
        comment: z.string().optional(),
      })
      .strict()
      .nullable()
      .optional()
      .describe('P2: the pending or approved proposal (personal data: only for the accounting roles)'),
    settlement: z
      .object({ month: zMonthString.describe('the month the charges land in'), at: zInstant, charges: z.array(zPenaltyChargeView) })
      .strict()
      .nullable()
      .optional()
      .describe('P13: the charges once the loss is fixed (personal data: only for the accounting roles)'),
    notices: z
      .array(z.object({ number: z.string(), party: z.string(), copies: z.array(z.string()), final: z.boolean() }).strict())
      .optional()
      .describe('P2: the reward/penalty notices (personal data: only for the accounting roles)'),
  })
  .strict()
  .meta({ id: 'Accountability', description: "A closed case's accountability: allocation (P9, P12), proposal and decision (P2), resale (P8), charges (P13)" });
export type AccountabilityView = z.infer<typeof zAccountabilityView>;

/** P2: a reward/penalty notice, one per penalised party, three copies. */
export const zPenaltyNoticeView = z
  .object({
    number: z.string().describe('RP-<case number>-<n>'),
    caseId: z.string(),
    caseNumber: z.string().nullable(),
    party: z.string().describe('the penalised person or unit'),
    copies: z.array(z.string()).describe('who receives a copy'),
    approvedBy: z.string().describe("the GM's name"),
    approvedAt: zInstant,
    final: z.boolean().describe('false while the loss is not fixed (P8): the amounts stand on the loss at closing'),
    lines: z.array(
      z
        .object({
          entry: z.number().int(),
          ground: zGround,
          level: zLevel,
          allocated: zYuan.describe("the party's allocation (P9), yuan with two decimals"),
          note: z.string().optional(),
        })
        .strict(),
    ),
    charges: z.array(zPenaltyChargeView).describe('the charges once the loss is fixed'),
  })
  .strict()
  .meta({ id: 'PenaltyNotice', description: 'A reward/penalty notice (P2), one per penalised party' });
export type PenaltyNoticeView = z.infer<typeof zPenaltyNoticeView>;

const zCount = z.number().int();
const zPercent = z.string().describe('percentage with two decimals, e.g. "12.34%"');
const zRatioText = z.string().describe('ratio with four decimals, e.g. "0.6000"');

/** C12, C19, P1: a month's closed cases in figures. */
export const zMonthlyStatistics = z
  .object({
    month: zMonthString,
    compiledAt: zInstant,
    totals: z
      .object({
        closed: zCount,
        notEstablished: zCount.describe('C16: complaints rejected as not established'),
        withdrawn: zCount,
        ourFault: zCount,
        tracked: zCount.describe('cases whose improvement is tracked'),
        lossAtClosing: zYuan,
        lossFixed: zYuan.describe('the loss fixed after resale (P8), over the cases with it fixed'),
        casesWithLossFixed: zCount,
      })
      .strict(),
    responsibility: z.array(
      z
        .object({
          department: z.string(),
          units: z.array(z.string()),
          cases: zCount,
          ratioSum: zRatioText,
          averageRatio: zRatioText,
          loss: zYuan.describe("the department's share of the loss by ratio, yuan with two decimals"),
          lossShare: zPercent,
        })
        .strict(),
    ),
    causes: z.array(z.object({ cause: z.string(), count: zCount }).strict()),
    penaltyGrounds: z.array(z.object({ ground: zGround, label: z.string(), count: zCount.describe('penalty lines on this ground') }).strict()),
    timeliness: z.array(
      z
        .object({ department: z.string(), stages: zCount, onTime: zCount, late: zCount, lateRate: zPercent, lateMinutes: zCount.describe('minutes late, summed') })
        .strict()
        .describe('C19: the stages a department handled and how many were late'),
    ),
    countermeasures: z.array(
      z
        .object({
          caseId: z.string(),
          number: z.string().nullable(),
          cause: z.string().nullable(),
          countermeasure: z.string().nullable(),
          trackImprovement: z.boolean(),
          status: z.enum(['not_our_fault', 'not_tracked_human_negligence', 'tracked', 'not_tracked']),
        })
        .strict(),
    ),
    penaltiesToApprove: z.array(
      z
        .object({
          caseId: z.string(),
          number: z.string().nullable(),
          status: z.enum(['awaiting_proposal', 'awaiting_approval']),
          closedAt: zInstant,
          since: zInstant,
        })
        .strict(),
    ),
    cases: z.array(
      z
        .object({
          caseId: z.string(),
          number: z.string().nullable(),
          closedAt: zInstant,
          lossAtClosing: zYuan,
          accountabilityStatus: zAccountabilityStatus.nullable(),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'MonthlyStatistics', description: "C12, C19, P1: a month's closed cases: responsibility, causes, penalty grounds, timeliness, countermeasures, penalties to approve" });
export type MonthlyStatistics = z.infer<typeof zMonthlyStatistics>;
