// zod schemas for service calls, their actions, internal work, contracts and surveys (docs/API.md
// "Service calls"). The API validates requests with them and the workflows' update validators check
// them again, so a call never accepts data the API would refuse.
import { z } from 'zod';
import { type ActionInputOf, type ActionOf, ActionSchemas, action } from '../actionSchemas';
import { text, zDate as zIsoDate, zInstant } from '../fields';
import { type MoneySchema, zFen, zPartCost, zPositiveYuanAmount, zYuanAmount } from '../money';
import { ACTIVITY_TYPES } from '../operations/activity';
import { AREAS } from './stages';

export { text, zDate as zIsoDate, zInstant } from '../fields';

const phone = () =>
  z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{4,29}$/, 'must be a phone number (digits, spaces, +, -, parentheses)');

const workMinutes = (max: number) =>
  z.number().int('must be a whole number of minutes').min(1, 'must be at least 1 minute').max(max, `must be at most ${max} minutes`);

/** S2: what the clerk records in the call register. */
export const zServiceCallRegistration = () =>
  z
    .object({
      customer: z.object({ name: text(200), address: text(500), phone: phone() }).strict(),
      productModel: text(100),
      serialNo: text(100).optional(),
      area: z.enum(AREAS),
      description: text(),
      contractId: z.string().uuid('must be the id of a contract').optional(),
      warrantyUntil: zIsoDate().optional(),
      /** The service centre that takes the call (defaults to SERVICE_CENTRE); groups the S20 digest. */
      serviceCentre: text(100).optional(),
      /** O1: the fault reported, as a code or short name; repeat repairs are matched on it. */
      fault: text(100).optional(),
      /** O2: the kind of activity (default: repair for A and C calls, maintenance for B). */
      activityType: z.enum(ACTIVITY_TYPES).optional(),
    })
    .strict();
export type ServiceCallRegistration = z.infer<ReturnType<typeof zServiceCallRegistration>>;

/**
 * S2, O6: the registration as a clerk may send it. With the serial number of a product in the
 * installed base, what is left out of the customer, the product model, the area and the warranty
 * end is taken from its file (the call then is a complete `zServiceCallRegistration`); otherwise
 * every field of S2 is required.
 */
export const zServiceCallRequest = () =>
  z
    .object({
      customer: z
        .object({ name: text(200).optional(), address: text(500).optional(), phone: phone().optional() })
        .strict()
        .optional()
        .describe("required unless the serial number is in the installed base; what is given wins over the customer's file for this call"),
      productModel: text(100).optional().describe('required unless the serial number is in the installed base'),
      serialNo: text(100).optional().describe("a product of the installed base fills the customer, model, area and warranty end from its file (O6)"),
      area: z.enum(AREAS).optional().describe("required unless the product's site in the installed base has one"),
      description: text(),
      contractId: z.string().uuid('must be the id of a contract').optional(),
      warrantyUntil: zIsoDate().optional().describe("taken from the installed base when the product is there; a different one is refused (S1: the category is derived, never typed)"),
      serviceCentre: text(100).optional(),
    })
    .strict()
    .meta({ id: 'ServiceCallRegistration', description: 'A call as the clerk registers it (S2); with an installed-base serial number most fields may be left out (O6)' });

/** A part replaced: the cost in yuan (`cost`) or in fen (`costFen`), exactly one of them. */
export const zPart = () =>
  z
    .object({
      partNo: text(100),
      quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000),
      cost: zPartCost().optional(),
      costFen: z.number().int('must be whole fen').min(0, 'must not be negative').max(100_000_000_000).optional(),
    })
    .strict()
    .meta({ oneOf: [{ required: ['cost'] }, { required: ['costFen'] }] })
    .superRefine((p, ctx) => {
      if ((p.cost === undefined) === (p.costFen === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['cost'], message: 'give the cost in yuan (cost) or in fen (costFen), exactly one' });
      }
    })
    .transform((p) => ({ partNo: p.partNo, quantity: p.quantity, costFen: p.costFen ?? p.cost ?? 0 }));
export type Part = z.output<ReturnType<typeof zPart>>;

const parts = () => z.array(zPart()).max(100, 'at most 100 parts').default([]);

/** S5, S8: a fee on a paid (category A) call, more than 0. */
const fee = <M extends MoneySchema>(positiveMoney: () => M) =>
  z
    .object({
      amount: positiveMoney().refine((fen) => fen > 0, 'must be greater than 0'),
      collectedOnSite: z.boolean(),
    })
    .strict();

/** The customer's signature on the voucher (S4, S6, S7) is required to proceed: only `true` is accepted. */
const customerSigned = () =>
  z
    .boolean()
    .refine((v) => v, 'the customer must sign the voucher')
    .meta({ enum: [true], description: 'true: the customer signed the voucher (required to proceed)' });

/** Every action on a service call; `positiveMoney` reads fees (yuan more than 0 from clients, fen in parsed commands). */
const serviceCallActions = <M extends MoneySchema>(positiveMoney: () => M) => new ActionSchemas({
  dispatch: () => action('dispatch', { technicianId: z.string().uuid('must be the id of a technician') }),
  arrive: () => action('arrive', {}),
  resolve_on_site: () => action('resolve_on_site', { customerSigned: customerSigned(), workMinutes: workMinutes(24 * 60), parts: parts(), fee: fee(positiveMoney).optional() }),
  carry_in: () => action('carry_in', { receiptNo: text(100), customerSigned: customerSigned(), promisedBy: zInstant().optional() }),
  record_repair: () => action('record_repair', { workMinutes: workMinutes(100 * 60), parts: parts() }),
  report_delay: () => action('report_delay', { reason: text(), promisedBy: zInstant().optional() }),
  inspect: () => action('inspect', { passed: z.boolean() }),
  return: () => action('return', { customerSigned: customerSigned(), fee: fee(positiveMoney).optional() }),
});

/** Actions as a client sends them (fees in yuan). */
export const serviceCallActionSchemas = serviceCallActions(zPositiveYuanAmount);
/** Actions as the API forwards them to the workflow, parsed (fees in fen). */
export const serviceCallCommandSchemas = serviceCallActions(zFen);
type ServiceCallActionFactories = typeof serviceCallActionSchemas extends ActionSchemas<infer F> ? F : never;
export type ServiceCallActionInput = ActionInputOf<ServiceCallActionFactories>;
export type ServiceCallAction = ActionOf<ServiceCallActionFactories>;
export type ServiceCallActionName = ServiceCallAction['action'];
export const SERVICE_CALL_ACTIONS: ServiceCallActionName[] = serviceCallActionSchemas.names;

/** S10: internal work (category D) a technician logs without a call. */
export const zInternalWork = () =>
  z
    .object({
      date: zIsoDate(),
      minutes: workMinutes(24 * 60),
      description: text(500),
      /** O2: the kind of activity (default internal). */
      activityType: z.enum(ACTIVITY_TYPES).optional(),
      /** O2: the service centre the work was done for (defaults to SERVICE_CENTRE); its region's totals count it. */
      serviceCentre: text(100).optional(),
    })
    .strict();
export type InternalWork = z.infer<ReturnType<typeof zInternalWork>>;

/** S15: a maintenance contract. */
export const zContractFiling = () =>
  z
    .object({
      customer: z.object({ name: text(200), address: text(500).optional(), phone: phone().optional() }).strict(),
      serialNos: z
        .array(text(100))
        .min(1, 'name at least one serial number')
        .max(500)
        .refine((s) => new Set(s).size === s.length, 'serial numbers must not repeat')
        .meta({ uniqueItems: true }),
      startsOn: zIsoDate(),
      endsOn: zIsoDate(),
      amount: zYuanAmount(),
    })
    .strict()
    .superRefine((c, ctx) => {
      if (c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
    });
export type ContractFiling = z.output<ReturnType<typeof zContractFiling>>;

/** S15: a renewal extends the contract to a new end date; the amount in yuan from clients, in fen in parsed commands. */
const contractRenewal = <M extends MoneySchema>(money: () => M) => z.object({ endsOn: zIsoDate(), amount: money(), comment: text().optional() }).strict();
export const zContractRenewal = () => contractRenewal(zYuanAmount);
export const zContractRenewalCommand = () => contractRenewal(zFen);
export type ContractRenewal = z.output<ReturnType<typeof zContractRenewal>>;

/** S17: four ratings on four levels; S18: an optional complaint or suggestion. */
const rating = () => z.number().int('must be a whole number from 1 to 4').min(1, 'must be from 1 to 4').max(4, 'must be from 1 to 4');
export const zSurveyAnswer = () =>
  z
    .object({
      attitude: rating(),
      skill: rating(),
      arrival: rating(),
      promise: rating(),
      comment: text().optional(),
      complaint: z.object({ severity: z.enum(['serious', 'general']), text: text() }).strict().optional(),
    })
    .strict();
export type SurveyAnswer = z.infer<ReturnType<typeof zSurveyAnswer>>;
