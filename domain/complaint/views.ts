// The complaint case as the API shows it: the case view (GET /api/v1/complaints/{id}, the list, the
// answer to an action) and its history events (GET /api/v1/complaints/{id}/history). The schemas
// name themselves for the OpenAPI document; the TypeScript types are inferred from them, and
// `complaintView` / `applyAction` in machine.ts are typed by those, so the document, the checked
// responses and the code are one definition.
import { z } from 'zod';
import { type Recorded, historyEvent } from '../caseHistory';
import { ROLES } from '../roles';
import { DECISION_CHANNELS, REQUEST_KINDS } from './schemas';
import { COMPLAINT_STAGES, REWORK_STAGES } from './stages';
import { date, instant, yuan, zPerson } from '../viewFields';
import { AWAITED_ACTIONS, COMPLAINT_STATUSES, DECIDED_STAGES, DISTRIBUTION_COPIES, UNDECIDED_STAGES } from './progress';

export { AWAITED_ACTIONS, COMPLAINT_STATUSES, DECIDED_STAGES, DISTRIBUTION_COPIES, UNDECIDED_STAGES } from './progress';
export type { AwaitedAction } from './progress';

const count = z.number().int();

const zStatus = z.enum(COMPLAINT_STATUSES);
const zStage = z.enum(COMPLAINT_STAGES);
const zOpenStage = zStage.exclude(['closed']);
const zTier = z.enum(['sales_manager', 'vp', 'gm']).describe('the authority tier (C8): sales manager, VP or GM');
const zRole = z.enum(ROLES);
const zMarket = z.enum(['domestic', 'foreign']);
const zRequestKind = z.enum(REQUEST_KINDS);
const zCustomer = z.object({ name: z.string(), country: z.string().optional() }).strict();
const ratio = z.number().describe('a share of the responsibility, 0 < ratio ≤ 1, at most 4 decimals');

const zAnalysisFields = {
  cause: z.string(),
  responsibleDepartments: z.array(z.string()),
  ourFault: z.boolean(),
  needsRnd: z.boolean().describe('an R&D review follows the manager office review (C6)'),
  humanNegligence: z.boolean().optional().describe('true: improvement is not tracked at closing (C9)'),
  supplier: z.string().optional().describe('a supplier or other company concerned: the case goes through supplier coordination (C15)'),
};
const zTraceabilityView = z
  .object({ productionUnit: z.string(), machine: z.string(), shift: z.string(), operators: z.array(z.string()), productionDate: date('the production date of the affected lot') })
  .strict()
  .describe("the affected lot's production, reported by manufacturing with its countermeasure");
const zCountermeasure = z.object({ cause: z.string(), countermeasure: z.string(), traceability: zTraceabilityView.optional() }).strict();
const zProposalView = z
  .object({
    kind: zRequestKind,
    quantity: count.nullable().optional().describe('pieces returned or exchanged; null: undetermined, the customer is still processing (C3)'),
    amount: yuan('C8: the money at stake the proposal gives (computed from its figures on cases filed with the controls)'),
    unitPrice: yuan('the price of one piece returned or exchanged').nullable().optional(),
    allowance: yuan('the sales allowance').optional(),
    compensation: yuan('the compensation').optional(),
    goodsValue: yuan('unit price × quantity; null while the quantity is undetermined').nullable().optional(),
  })
  .strict();
const zOverride = z
  .object({ amount: yuan("the GM office's different amount"), reason: z.string(), tier: zTier.describe('the tier that amount alone would set') })
  .strict()
  .describe('G7: a different amount the GM office gave, with its reason; the tier is the higher of the two');
const zDelegation = z
  .object({
    for: z.object({ id: z.string(), name: z.string(), roles: z.array(zRole) }).strict().describe('the decider stood in for'),
    from: date('the first day of the stand-in'),
    to: date('the last day of the stand-in'),
  })
  .strict()
  .describe('G7: the decision was taken by a stand-in for this decider, in this period');
const zSupplier = z.object({ supplier: z.string(), outcome: z.string(), supplierRatio: ratio.optional() }).strict();
const zCustomerResult = z
  .object({ customerAccepted: z.boolean(), result: z.string(), channel: z.enum(DECISION_CHANNELS).optional().describe('C13: how the decision reached the customer') })
  .strict();
const zResponsibility = z.array(z.object({ department: z.string(), person: z.string().optional(), ratio }).strict());
const zDistribution = z.array(z.enum(DISTRIBUTION_COPIES)).describe('the copies of the closed form (C10)');

export const zComplaintView = z
  .object({
    id: z.string().describe('the case id (UUID)'),
    number: z.string().nullable().describe('the case number YYMM-NN (C2), assigned at registration; null before'),
    status: zStatus,
    stage: zStage,
    market: zMarket,
    awaiting: z
      .object({ roles: z.array(zRole).describe('the roles that may take the action'), action: z.enum(AWAITED_ACTIONS) })
      .strict()
      .nullable()
      .describe('the action the stage awaits and who may take it; null once the case is finished'),
    dueAt: instant('the case deadline (C17), set at registration').nullable(),
    stageDueAt: instant("the current stage's deadline (C18); null once the case is finished").nullable(),
    overdue: z.boolean().describe("the case is open and its stage's or its own deadline has passed"),
    tier: zTier.nullable().describe('the tier that decides (C8), set at consolidation; null before'),
    parentId: z.string().nullable().describe('the complaint this one re-files (C11)'),
    createdAt: instant('when the case was filed'),
    closedAt: instant('when the case was closed, found not established or withdrawn').nullable(),
    filedBy: zPerson,
    customer: zCustomer,
    orderNo: z.string(),
    partNo: z.string(),
    shipDate: date('the shipping date'),
    quantity: count,
    defectQuantity: count,
    request: z
      .object({
        kind: zRequestKind,
        quantity: count.nullable().describe("null: the customer is still processing; the request's quantity is undetermined"),
        undetermined: z.boolean().describe('the quantity is null'),
      })
      .strict()
      .describe("the customer's request (C3)"),
    reason: z.string(),
    salesOpinion: z.string().nullable(),
    amountAtStake: yuan('the amount consolidated (C8)').nullable(),
    analysis: z.object(zAnalysisFields).strict().nullable().describe("QA's analysis (C6)"),
    countermeasure: zCountermeasure.nullable(),
    reviews: z.array(
      z
        .object({
          stage: z.enum(['review', 'rnd_review', 'check']),
          by: z.string().describe("the reviewer's name"),
          opinion: z.string().optional(),
        })
        .strict(),
    ),
    supplier: zSupplier.nullable().describe('the supplier coordination (C15)'),
    proposal: zProposalView.nullable().describe("sales' proposed handling and the figures of its money at stake (C8)"),
    consolidation: z
      .object({
        opinion: z.string(),
        amount: yuan('C8: the money at stake'),
        by: zPerson.optional().describe('who consolidated (G7: they do not decide the case)'),
        proposalTier: zTier.optional().describe("the tier of the proposal's money at stake"),
        override: zOverride.optional(),
      })
      .strict()
      .nullable(),
    controls: z.boolean().describe('the case was filed under the approval controls (computed money at stake, four eyes, stand-ins, stage escalation)'),
    decision: z
      .object({
        decision: z.enum(['approve', 'reject']),
        tier: zTier,
        decidedAs: zTier.describe('the tier the decider acted as: the case tier or one above (C13)'),
        by: z.string().describe("the decider's name"),
        at: instant('when it was decided'),
        byId: z.string().optional().describe("the decider's user id"),
        roles: z.array(zRole).optional().describe("the decider's roles when deciding"),
        delegation: zDelegation.nullable().optional(),
      })
      .strict()
      .nullable(),
    customerResult: zCustomerResult.nullable(),
    closing: z
      .object({
        responsibility: zResponsibility,
        lossAmount: yuan('the loss'),
        trackImprovement: z.boolean(),
        distribution: zDistribution,
      })
      .strict()
      .nullable()
      .describe('the closing (C9, C10)'),
    notEstablished: z
      .object({
        reason: z.string(),
        petitionUntil: instant('C16, C14: until when the finding may be petitioned; null once petitioned').nullable().optional(),
      })
      .strict()
      .nullable()
      .describe('why the complaint was found not established (C16)'),
    appeal: z
      .object({
        by: z.string().describe("the petitioner's name"),
        reason: z.string(),
        fromStage: z
          .union([zOpenStage, z.literal('closed')])
          .describe("the stage the case was in when appealed; an upheld decision returns there ('closed': a petition against a finding of not established)"),
        at: instant('when it was appealed'),
        ruling: z.enum(['uphold', 'reopen']).optional().describe("the GM's ruling, once given"),
      })
      .strict()
      .nullable()
      .describe('the latest appeal (C14)'),
    jointInspection: z
      .object({
        requestedAt: instant('when it was requested'),
        reportDueAt: instant('when the report to the GM is due (C5); null until the day of the inspection is recorded').nullable(),
        investigatedOn: date('the day of the inspection').optional(),
        inspector: z.object({ id: z.string(), name: z.string().optional() }).strict().nullable().describe('the person the GM assigned; null before'),
        report: z
          .object({ findings: z.string(), investigatedOn: date('the day of the inspection').optional(), by: z.string(), at: instant('when it was reported') })
          .strict()
          .nullable(),
        overdue: z.boolean().describe('the report is missing past its due time while the case is open'),
      })
      .strict()
      .nullable()
      .describe('the joint inspection (C4, C5), when requested'),
  })
  .strict()
  .meta({ id: 'Complaint', description: 'A complaint case (C3–C19): its stage, who acts next, its deadlines and what each stage recorded.' });

export type ComplaintView = z.infer<typeof zComplaintView>;

// History events: one kind per action the machine records, with the stage(s) it is taken in and
// the data `initialComplaintState` and `applyAction` record for it.

const noData = z.object({}).strict().describe('no data');
const reason = z.object({ reason: z.string() }).strict();

/** The filing as recorded (C3). */
const zFilingData = z
  .object({
    customer: zCustomer,
    market: zMarket,
    orderNo: z.string(),
    partNo: z.string(),
    shipDate: date('the shipping date'),
    quantity: count,
    defectQuantity: count,
    request: z.object({ kind: zRequestKind, quantity: count.nullable().describe('null: undetermined') }).strict(),
    reason: z.string(),
    salesOpinion: z.string().optional(),
    jointInspection: z.boolean().optional(),
    parentId: z.string().optional().describe('the complaint this one re-files (C11)'),
  })
  .strict();

export const zComplaintHistoryEvent = z
  .discriminatedUnion('action', [
    historyEvent('file', z.literal('registration'), zFilingData),
    historyEvent('register', z.literal('registration'), z.object({ number: z.string().describe('the case number (C2)'), dueAt: instant('the case deadline (C17)') }).strict()),
    historyEvent('analyze', z.literal('analysis'), z.object({ action: z.literal('analyze'), ...zAnalysisFields }).strict()),
    historyEvent('countermeasure', z.literal('countermeasure'), zCountermeasure),
    historyEvent('state_quantity', z.literal('consolidation'), z.object({ quantity: count, amount: yuan('the money at stake now computed') }).strict()),
    historyEvent('review', z.literal('review'), noData),
    historyEvent('rnd_review', z.literal('rnd_review'), z.object({ opinion: z.string() }).strict()),
    historyEvent('check', z.literal('check'), noData),
    historyEvent('coordinate_supplier', z.literal('supplier_coordination'), zSupplier),
    historyEvent('propose', z.literal('proposal'), z.object({ handling: zProposalView }).strict()),
    historyEvent(
      'consolidate',
      z.literal('consolidation'),
      z.object({ opinion: z.string(), amount: yuan('the amount at stake'), tier: zTier, proposalTier: zTier.optional(), override: zOverride.optional() }).strict(),
    ),
    historyEvent(
      'decide',
      z.literal('decision'),
      z
        .object({
          decision: z.enum(['approve', 'reject', 'rework']),
          tier: zTier,
          decidedAs: zTier,
          reworkStage: z.enum(REWORK_STAGES).optional().describe('for rework: the stage the case went back to'),
          roles: z.array(zRole).optional().describe("the decider's roles"),
          delegation: zDelegation.optional(),
        })
        .strict(),
    ),
    historyEvent('record_result', z.literal('customer_result'), zCustomerResult),
    historyEvent('confirm', z.literal('confirmation'), noData),
    historyEvent(
      'close',
      z.literal('closing'),
      z.object({ responsibility: zResponsibility, lossAmount: yuan('the loss'), trackImprovement: z.boolean(), distribution: zDistribution }).strict(),
    ),
    historyEvent('appeal', z.enum([...DECIDED_STAGES, 'closed']), reason),
    historyEvent(
      'rule_appeal',
      z.literal('appeal'),
      z.object({ ruling: z.enum(['uphold', 'reopen']), reopenStage: z.enum(REWORK_STAGES).optional().describe('for reopen: the stage the case reopened at') }).strict(),
    ),
    historyEvent('not_established', z.enum(UNDECIDED_STAGES), z.object({ reason: z.string(), petitionUntil: instant('until when the finding may be petitioned').optional() }).strict()),
    historyEvent('assign_inspector', zOpenStage, z.object({ inspectorId: z.string(), inspectorName: z.string().optional() }).strict()),
    historyEvent('request_inspection', zOpenStage, noData),
    historyEvent('record_investigation', zOpenStage, z.object({ investigatedOn: date('the day of the inspection'), reportDueAt: instant('the report to the GM is due') }).strict()),
    historyEvent('report_inspection', zOpenStage, z.object({ findings: z.string(), investigatedOn: date('the day of the inspection').optional() }).strict()),
    historyEvent('comment', zOpenStage, noData),
    historyEvent('withdraw', z.enum([...UNDECIDED_STAGES, 'decision']), reason),
  ])
  .meta({
    id: 'ComplaintHistoryEvent',
    description: 'One action on a complaint (G4): who took it, when, in which stage, with what data and comment.',
  });

/** A history event as /history returns it (a missing comment is null). */
export type ComplaintHistoryEventView = z.infer<typeof zComplaintHistoryEvent>;

/** A history event as the case records it: the comment only when one was given. */
export type ComplaintHistoryEvent = Recorded<ComplaintHistoryEventView>;

/** The recorded event of one action. */
export type ComplaintHistoryEventOf<A extends ComplaintHistoryEvent['action']> = Extract<ComplaintHistoryEvent, { action: A }>;

/** G7: why a decision was allowed, from the case's own record. */
export const zDecisionExplanation = z
  .object({
    seq: z.number().int().describe('the decision in the case history'),
    at: instant('when it was decided'),
    decision: z.enum(['approve', 'reject', 'rework']),
    reworkStage: z.enum(REWORK_STAGES).optional(),
    decidedBy: z
      .object({ id: z.string(), name: z.string(), roles: z.array(zRole).nullable().describe('the roles held when deciding (null for cases filed before they were recorded)') })
      .strict(),
    tier: zTier.describe('the tier the case was consolidated to (C8)'),
    decidedAs: zTier.describe('the tier the decider acted as'),
    higherTierActed: z.boolean().describe('C13: a higher tier decided a lower-tier case'),
    delegation: zDelegation.nullable(),
    moneyAtStake: z
      .object({
        amount: yuan('the money at stake'),
        computed: z.boolean().describe('G7: computed from the proposal’s figures (false: the amount was typed at consolidation, on cases filed before the controls)'),
        figures: zProposalView.nullable().describe('the proposal it was computed from'),
        proposalTier: zTier.nullable(),
        override: zOverride.nullable(),
      })
      .strict(),
    thresholds: z
      .object({ salesManagerMax: yuan('C8: the most the sales manager decides'), vpMax: yuan('C8: the most the VP decides; above, the GM') })
      .strict()
      .describe('the thresholds in force when the case was filed'),
    rules: z.array(z.string()).describe('the rules that allowed the decision (C8, C13, G7)'),
  })
  .strict()
  .meta({ id: 'DecisionExplanation' });
export type DecisionExplanation = z.infer<typeof zDecisionExplanation>;
