// A service call as the API returns it (S2–S9, S13, S14, S16) and its history events (G4), as zod
// schemas: the OpenAPI document describes them and the types the machine builds come from them.
import { z } from 'zod';
import { type Recorded, historyEvent } from '../caseHistory';
import { fenToYuan } from '../money';
import { ACTIVITY_TYPES } from '../operations/activity';
import { ROLES } from '../roles';
import { type Part, SERVICE_CALL_ACTIONS, type ServiceCallActionName } from './schemas';
import { AREAS, CALL_CATEGORIES, SERVICE_ACTION_STAGES, SERVICE_CALL_STAGES } from './stages';
import { date, instant, yuan, zPerson } from '../viewFields';



/** S1: which rule decided the category. */
export const zCategoryBasis = z
  .object({
    rule: z.enum(['contract', 'warranty', 'paid']).describe('contract → B, warranty → C, paid → A'),
    contractId: z.string().nullable().describe('the covering contract (rule contract)'),
    warrantyUntil: date('the warranty end given at registration, YYYY-MM-DD').nullable(),
  })
  .strict();
export type CategoryBasis = z.infer<typeof zCategoryBasis>;

/** A part replaced, its cost in yuan. */
export const zPartView = z
  .object({ partNo: z.string(), quantity: z.number().int(), cost: yuan('cost in yuan with two decimals, e.g. "120.00"') })
  .strict()
  .meta({ id: 'ServiceCallPart', description: 'A part replaced on a service call' });
export type PartView = z.infer<typeof zPartView>;

/** Parts as shown to people: cost in yuan. */
const zCustomer = z.object({ name: z.string(), address: z.string(), phone: z.string() }).strict();
const zFeeView = z.object({ amount: yuan(), collectedOnSite: z.boolean() }).strict();

const zActionName = z.enum(SERVICE_CALL_ACTIONS as [ServiceCallActionName, ...ServiceCallActionName[]]);

export const zAwaiting = z
  .object({
    roles: z.array(z.enum(ROLES)),
    action: zActionName.describe('the action awaited first'),
    actions: z.array(zActionName).describe('the actions possible now (on site: fix there or carry in)'),
    technicianId: z.string().nullable().describe("the assigned technician, when a technician's action is awaited"),
  })
  .strict();

export const zServiceCallView = z
  .object({
    id: z.string(),
    number: z.string().nullable().describe('S2611-001: S, year, month, the serial in the month (null for calls registered before numbering)'),
    status: z.enum(['open', 'closed']),
    stage: z.enum(SERVICE_CALL_STAGES),
    category: z.enum(CALL_CATEGORIES).describe('S1: A paid, B contract, C warranty'),
    categoryBasis: zCategoryBasis,
    area: z.enum(AREAS),
    serviceCentre: z.string(),
    customer: zCustomer,
    productModel: z.string(),
    serialNo: z.string().nullable(),
    description: z.string(),
    fault: z.string().nullable().describe('O1: the fault named at registration'),
    activityType: z.enum(ACTIVITY_TYPES).describe('O2: the activity the call counts as (named at registration, else the default of its category)'),
    contractId: z.string().nullable(),
    warrantyUntil: date().nullable(),
    registeredAt: instant(),
    registeredBy: zPerson,
    arrivalDueAt: instant('S14: the technician is due on site by this ISO-8601 instant'),
    arrivedAt: instant().nullable(),
    arrivalLate: z.boolean().describe('arrived after arrivalDueAt, or still open and not on site by then'),
    dueAt: instant('what is due now: arrival (S14) before the technician arrives, the promised repair time (S9) during a carry-in repair').nullable(),
    overdue: z.boolean(),
    awaiting: zAwaiting.nullable().describe('null once closed'),
    technician: zPerson.nullable(),
    priority: z.object({ date: date('dispatched first on this date (S13)'), at: instant() }).strict().nullable(),
    path: z.enum(['on_site', 'carry_in']).nullable(),
    voucher: z
      .object({
        status: z.enum(['drawn', 'signed', 'archived']),
        drawnAt: instant(),
        signedAt: instant().nullable(),
        archivedAt: instant().nullable(),
      })
      .strict(),
    registerStruckAt: instant().nullable(),
    onSite: z.object({ workMinutes: z.number().int(), parts: z.array(zPartView), at: instant() }).strict().nullable(),
    carryIn: z
      .object({
        receiptNo: z.string(),
        receivedAt: instant(),
        promisedBy: instant(),
        repairs: z.array(z.object({ workMinutes: z.number().int(), parts: z.array(zPartView), at: instant(), by: z.string().describe('the technician\'s name') }).strict()),
        inspections: z.array(z.object({ passed: z.boolean(), at: instant(), by: z.string(), comment: z.string().optional() }).strict()),
        delays: z.array(
          z
            .object({
              reason: z.string(),
              at: instant(),
              by: z.string(),
              promisedBy: instant('the promise that was going to be missed'),
              newPromisedBy: instant().nullable(),
            })
            .strict(),
        ),
        returnedAt: instant().nullable(),
        receiptVoidedAt: instant().nullable(),
      })
      .strict()
      .nullable(),
    fees: z.array(z.object({ kind: z.enum(['on_site', 'carry_in']), amount: yuan(), collectedOnSite: z.boolean(), at: instant() }).strict()),
    workMinutes: z.number().int().describe('on-site and repair minutes in total (S10)'),
    survey: z.object({ dueAt: instant(), sentAt: instant().nullable() }).strict().nullable(),
    followUp: z
      .object({
        id: z.string().nullable().describe('the follow-up (GET /api/v1/follow-ups), once due'),
        dueAt: instant('when the follow-up call falls due (FOLLOW_UP_DELAY after the call closed)'),
        openedAt: instant('when it went into the service department\'s work').nullable(),
      })
      .strict()
      .nullable()
      .describe('O6: the follow-up call after the call closed; null while open, and on calls registered before follow-ups'),
    installedBase: z
      .object({
        productId: z.string(),
        customerId: z.string(),
        filled: z.array(z.string()).describe('the registration fields taken from the file because the clerk left them out, e.g. customer.phone'),
      })
      .strict()
      .nullable()
      .describe('O6: the installed-base file matched by the serial number at registration'),
    closedAt: instant().nullable(),
  })
  .strict()
  .meta({ id: 'ServiceCall', description: 'A service call as its workflow holds it' });
export type ServiceCallView = z.infer<typeof zServiceCallView>;

const stages = <A extends ServiceCallActionName>(action: A) => z.enum(SERVICE_ACTION_STAGES[action]);

/** Every kind of event a service call records, with its data. */
export const zServiceCallHistoryEvent = z
  .discriminatedUnion('action', [
    historyEvent(
      'register',
      z.literal('dispatch'),
      z
        .object({
          customer: zCustomer,
          productModel: z.string(),
          serialNo: z.string().optional(),
          area: z.enum(AREAS),
          description: z.string(),
          contractId: z.string().optional(),
          warrantyUntil: date().optional(),
          serviceCentre: z.string(),
          fault: z.string().optional(),
          activityType: z.enum(ACTIVITY_TYPES).optional(),
          category: z.enum(CALL_CATEGORIES),
          categoryBasis: zCategoryBasis,
          arrivalDueAt: instant(),
        })
        .strict(),
    ),
    historyEvent(
      'dispatch',
      stages('dispatch'),
      z
        .object({
          reassignedFrom: z.string().nullable().describe('the technician assigned before, on a re-dispatch'),
          technicianId: z.string(),
          technicianName: z.string(),
          priority: date('the priority date (S13), when the call had one').nullable(),
        })
        .strict(),
    ),
    historyEvent('arrive', stages('arrive'), z.object({ arrivalDueAt: instant(), late: z.boolean() }).strict()),
    historyEvent(
      'resolve_on_site',
      stages('resolve_on_site'),
      z.object({ customerSigned: z.literal(true), workMinutes: z.number().int(), parts: z.array(zPartView), fee: zFeeView.optional() }).strict(),
    ),
    historyEvent('carry_in', stages('carry_in'), z.object({ receiptNo: z.string(), customerSigned: z.literal(true), promisedBy: instant() }).strict()),
    historyEvent('record_repair', stages('record_repair'), z.object({ workMinutes: z.number().int(), parts: z.array(zPartView) }).strict()),
    historyEvent(
      'report_delay',
      stages('report_delay'),
      z.object({ reason: z.string(), promisedBy: instant('the promise that was going to be missed'), newPromisedBy: instant().nullable() }).strict(),
    ),
    historyEvent('inspect', stages('inspect'), z.object({ passed: z.boolean() }).strict()),
    historyEvent(
      'return',
      stages('return'),
      z.object({ customerSigned: z.literal(true), receiptVoided: z.string().describe('the receipt number taken back'), fee: zFeeView.optional() }).strict(),
    ),
    historyEvent('prioritize', z.literal('dispatch'), z.object({ date: date(), reason: z.string() }).strict()),
    historyEvent('survey_sent', z.literal('closed'), z.object({ surveyId: z.string() }).strict()),
    historyEvent('follow_up_due', z.literal('closed'), z.object({ followUpId: z.string() }).strict()),
  ])
  .meta({ id: 'ServiceCallHistoryEvent', description: 'One entry of a service call history (G4), by action' });
export type ServiceCallHistoryEventView = z.infer<typeof zServiceCallHistoryEvent>;
/** An event as the call's state records it. */
export type ServiceCallEvent = Recorded<ServiceCallHistoryEventView>;
