// zod schemas for filing a complaint and for every action on it (docs/API.md, "Complaint cases").
// The API validates requests with them and the workflow's update validator checks them again,
// so a case never accepts data that the API would refuse.
import { z } from 'zod';
import { type ActionInputOf, type ActionOf, ActionSchemas, action } from '../actionSchemas';
import { count, text, zDate, zRatio } from '../fields';
import { type MoneySchema, zFen, zYuanAmount } from '../money';
import { REWORK_STAGES } from './stages';

export const REQUEST_KINDS = ['return', 'exchange', 'allowance', 'compensation', 'reprocess', 'other'] as const;

/** C3: what sales records at intake. `request.quantity: null` = customer still processing; undetermined. */
export const zComplaintFiling = () =>
  z
    .object({
      customer: z.object({ name: text(200), country: text(100).optional() }).strict(),
      market: z.enum(['domestic', 'foreign']),
      orderNo: text(100),
      partNo: text(100),
      shipDate: zDate(),
      quantity: count().min(1, 'must be greater than 0'),
      defectQuantity: count(),
      request: z
        .object({
          kind: z.enum(REQUEST_KINDS),
          quantity: count().nullable(),
        })
        .strict(),
      reason: text(),
      salesOpinion: text().optional(),
      jointInspection: z.boolean().optional(),
      parentId: z.string().uuid('must be the id of an existing complaint').optional(),
    })
    .strict()
    .superRefine((f, ctx) => {
      if (f.defectQuantity > f.quantity) {
        ctx.addIssue({ code: 'custom', path: ['defectQuantity'], message: 'must not exceed quantity' });
      }
      if (f.request.quantity !== null && f.request.quantity > f.quantity) {
        ctx.addIssue({ code: 'custom', path: ['request', 'quantity'], message: 'must not exceed quantity' });
      }
    });
export type ComplaintFiling = z.infer<ReturnType<typeof zComplaintFiling>>;

export { ratioToBasisPoints } from '../fields';

/** C13: how a decision reaches the customer; the internal form never does. */
export const DECISION_CHANNELS = ['letter', 'phone', 'visit'] as const;

/** Manufacturing's traceability of the affected lot, reported with the countermeasure. */
export const zTraceability = () =>
  z
    .object({
      productionUnit: text(100).describe('the production unit (section or group)'),
      machine: text(100).describe('the machine'),
      shift: text(50).describe('the shift'),
      operators: z.array(text(100)).min(1, 'name at least one operator').max(20),
      productionDate: zDate().describe('the production date of the affected lot'),
    })
    .strict();
export type Traceability = z.infer<ReturnType<typeof zTraceability>>;

/**
 * Every action on a complaint, each schema built when first needed (domain/actionSchemas.ts);
 * `money` reads amounts (yuan from clients, fen in parsed commands).
 */
const complaintActions = <M extends MoneySchema>(money: () => M) => new ActionSchemas({
  register: () => action('register', {}),
  analyze: () =>
    action('analyze', {
      cause: text(),
      responsibleDepartments: z.array(text(100)).min(1, 'name at least one department').max(20),
      ourFault: z.boolean(),
      needsRnd: z.boolean(),
      humanNegligence: z.boolean().optional(),
      supplier: text(200).optional(),
    }),
  countermeasure: () =>
    action('countermeasure', {
      cause: text(),
      countermeasure: text(),
      traceability: zTraceability().optional().describe("the affected lot's production: unit, machine and shift, operators, date (required on cases filed with the controls)"),
    }),
  review: () => action('review', {}),
  rnd_review: () => action('rnd_review', { opinion: text().describe("R&D's opinion on the anomaly (required); `comment` is the general remark every action may carry") }),
  check: () => action('check', {}),
  coordinate_supplier: () => action('coordinate_supplier', { supplier: text(200), outcome: text(), supplierRatio: zRatio().optional() }),
  propose: () =>
    action('propose', {
      handling: z
        .object({
          kind: z.enum(REQUEST_KINDS),
          quantity: count().nullable().optional().describe('pieces to return or exchange; null: the customer is still processing, undetermined (C3)'),
          unitPrice: money().optional().describe('C8: the price of one piece returned or exchanged (required for returns and exchanges)'),
          allowance: money().optional().describe('C8: the sales allowance'),
          compensation: money().optional().describe('C8: the compensation'),
          amount: money()
            .optional()
            .describe('the allowance or compensation when no parts are given; with parts it must equal allowance + compensation + unitPrice × quantity'),
        })
        .strict(),
    }),
  state_quantity: () => action('state_quantity', { quantity: count().describe('C3: the pieces to return or exchange, now known') }),
  consolidate: () =>
    action('consolidate', {
      opinion: text(),
      amount: money().optional().describe('C8, G7: a different money at stake proposed by the GM office; needs amountReason; the tier is the higher of the two'),
      amountReason: text().optional().describe('why the GM office proposes a different amount'),
    }),
  decide: () =>
    action('decide', {
      decision: z.enum(['approve', 'reject', 'rework']),
      reworkStage: z.enum(REWORK_STAGES).optional(),
    }),
  record_result: () =>
    action('record_result', {
      customerAccepted: z.boolean(),
      result: text(),
      channel: z.enum(DECISION_CHANNELS).optional().describe('C13: how the decision reached the customer (required on cases filed with the controls)'),
    }),
  confirm: () => action('confirm', {}),
  close: () =>
    action('close', {
      responsibility: z
        .array(z.object({ department: text(100), person: text(100).optional(), ratio: zRatio() }).strict())
        .min(1, 'name at least one responsible party')
        .max(50),
      lossAmount: money(),
      trackImprovement: z.boolean(),
    }),
  appeal: () => action('appeal', { reason: text() }),
  rule_appeal: () => action('rule_appeal', { ruling: z.enum(['uphold', 'reopen']), reopenStage: z.enum(REWORK_STAGES).optional() }),
  not_established: () => action('not_established', { reason: text() }),
  assign_inspector: () => action('assign_inspector', { inspectorId: text(100), inspectorName: text(200).optional() }),
  request_inspection: () => action('request_inspection', {}),
  record_investigation: () => action('record_investigation', { investigatedOn: zDate().describe('C5: the day of the joint inspection; the report is due within the configured days of it') }),
  report_inspection: () => action('report_inspection', { findings: text(), investigatedOn: zDate().optional() }),
  comment: () => action('comment', { comment: text() }),
  withdraw: () => action('withdraw', { reason: text() }),
});

/** Actions as a client sends them (amounts in yuan). */
export const complaintActionSchemas = complaintActions(zYuanAmount);
/** Actions as the API forwards them to the workflow, parsed (amounts in fen). */
export const complaintCommandSchemas = complaintActions(zFen);
type ComplaintActionFactories = typeof complaintActionSchemas extends ActionSchemas<infer F> ? F : never;
export type ComplaintActionInput = ActionInputOf<ComplaintActionFactories>;
export type ComplaintAction = ActionOf<ComplaintActionFactories>;
export type ComplaintActionName = ComplaintAction['action'];
export const COMPLAINT_ACTIONS: ComplaintActionName[] = complaintActionSchemas.names;
