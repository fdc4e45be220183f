// The service call as a pure state machine (S2–S9, S13, S14, S16): who may act when (checkAction),
// what an action changes (applyAction), what is awaited and overdue (serviceCallView), which
// escalations fall due (nextNoticeAt, takeDueNotices). The workflow drives it; unit tests
// exercise it without a server. Calendar arithmetic (working hours, local dates) happens outside,
// in the API and activities: the workflow only compares instants.
import { AppError, type ErrorDetail } from '../errors';
import { fenToYuan } from '../money';
import { type ScheduledNotice, noticeClock } from '../notices';
import { defaultActivityType } from '../operations/activity';
import { type Actor, type Role, hasAnyRole } from '../roles';
import { type ActionRequest, commandOf } from '../validation';
import type { CategoryBasis } from './category';
import {
  type Part,
  type ServiceCallAction,
  type ServiceCallActionName,
  type ServiceCallRegistration,
  serviceCallActionSchemas,
  serviceCallCommandSchemas,
} from './schemas';
import {
  ARRIVAL_ESCALATION_ROLES,
  type CallCategory,
  type OpenServiceCallStage,
  SERVICE_ACTION_STAGES,
  SERVICE_STAGE_OWNER,
  type ServiceCallStage,
} from './stages';
import type { PartView, ServiceCallEvent, ServiceCallView } from './views';

export type { ServiceCallEvent, ServiceCallView } from './views';

/** A part replaced, as the views show it: its cost in yuan. */
export const partView = (p: Part): PartView => ({ partNo: p.partNo, quantity: p.quantity, cost: fenToYuan(p.costFen) });

/** The rules a call runs under, fixed when it is registered so that its history replays the same. */
export interface ServiceCallRules {
  /** S16: how long after the call ends its survey is sent. */
  surveyDelayMs: number;
  /** S9: the promised completion of a carry-in repair when the technician names none. */
  carryInPromiseMs: number;
  /** S9: how long before the promised time an unfinished repair is flagged. */
  promiseWarningMs: number;
  /** O6: how long after the call ends its follow-up call falls due (calls registered before follow-ups have none). */
  followUpDelayMs?: number;
}

/** O6: the installed-base file the call was registered against, and the fields filled from it. */
export interface InstalledBaseLink {
  productId: string;
  customerId: string;
  /** The registration fields taken from the file because the clerk left them out, e.g. `customer.phone`. */
  filled: string[];
}

export interface ServiceCallInput {
  id: string;
  registration: ServiceCallRegistration;
  category: CallCategory;
  categoryBasis: CategoryBasis;
  serviceCentre: string;
  registeredBy: { id: string; name: string };
  registeredAt: string;
  /** S14: computed from the business calendar at registration. */
  arrivalDueAt: string;
  rules: ServiceCallRules;
  /** `S2611-001`, given at registration (calls registered before numbering have none). */
  number?: string;
  /** O6: the product file matched by the serial number, when there is one. */
  installedBase?: InstalledBaseLink;
}

/** Facts the API looked up for an action (the workflow cannot read the database in a validator). */
export interface ServiceCallContext {
  /** `dispatch`: the user named by technicianId, when that user holds the technician role. */
  technician?: { id: string; name: string } | null;
}

export const SYSTEM_ACTOR = { id: 'system', name: 'Service operations' } as const;

export interface ServiceNoticeDraft {
  key: string;
  type: 'reminder' | 'escalation' | 'task';
  stage: ServiceCallStage;
  to: Role[];
  message: string;
  at: string;
  dueAt?: string;
}

export interface FeeRecord {
  n: number;
  kind: 'on_site' | 'carry_in';
  amountFen: number;
  collectedOnSite: boolean;
  at: string;
  technicianId: string | null;
}

export interface CarryIn {
  receiptNo: string;
  receivedAt: string;
  promisedBy: string;
  /** Increments whenever the promise changes, so that its notices are counted afresh. */
  promiseSeq: number;
  repairs: { workMinutes: number; parts: Part[]; at: string; by: string }[];
  inspections: { passed: boolean; at: string; by: string; comment?: string }[];
  delays: { reason: string; at: string; by: string; promisedBy: string; newPromisedBy: string | null; promiseSeq: number }[];
  returnedAt: string | null;
  receiptVoidedAt: string | null;
}

export interface ServiceCallState {
  id: string;
  /** `S2611-001`; absent on calls registered before numbering. */
  number?: string | null;
  status: 'open' | 'closed';
  stage: ServiceCallStage;
  category: CallCategory;
  categoryBasis: CategoryBasis;
  registration: ServiceCallRegistration;
  serviceCentre: string;
  registeredBy: { id: string; name: string };
  registeredAt: string;
  arrivalDueAt: string;
  technician: { id: string; name: string } | null;
  dispatches: { technicianId: string; technicianName: string; by: string; at: string }[];
  arrivedAt: string | null;
  path: 'on_site' | 'carry_in' | null;
  voucher: { status: 'drawn' | 'signed' | 'archived'; drawnAt: string; signedAt: string | null; archivedAt: string | null };
  registerStruckAt: string | null;
  onSite: { workMinutes: number; parts: Part[]; at: string } | null;
  carryIn: CarryIn | null;
  fees: FeeRecord[];
  /** S13: not dispatched on its day, so dispatched first on `date`. */
  priority: { date: string; at: string } | null;
  survey: { dueAt: string; sentAt: string | null; surveyId: string | null } | null;
  /** O6: present on calls registered with the installed base. */
  installedBase?: InstalledBaseLink;
  /** O6: the follow-up call, scheduled when the call closes (absent on calls registered before follow-ups). */
  followUp?: { dueAt: string; openedAt: string | null; followUpId: string | null };
  closedAt: string | null;
  history: ServiceCallEvent[];
  noticesSent: string[];
  rules: ServiceCallRules;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const fail = (code: 'forbidden' | 'wrong_stage' | 'invalid_input' | 'conflict', message: string, details: ErrorDetail[] = []): never => {
  throw new AppError(code, message, details);
};

export function initialServiceCallState(input: ServiceCallInput): ServiceCallState {
  return {
    id: input.id,
    number: input.number ?? null,
    status: 'open',
    stage: 'dispatch',
    category: input.category,
    categoryBasis: input.categoryBasis,
    registration: input.registration,
    serviceCentre: input.serviceCentre,
    registeredBy: input.registeredBy,
    registeredAt: input.registeredAt,
    arrivalDueAt: input.arrivalDueAt,
    technician: null,
    dispatches: [],
    arrivedAt: null,
    path: null,
    // S2: the voucher is drawn from the customer's file and goes with the call to the supervisor.
    voucher: { status: 'drawn', drawnAt: input.registeredAt, signedAt: null, archivedAt: null },
    registerStruckAt: null,
    onSite: null,
    carryIn: null,
    fees: [],
    priority: null,
    survey: null,
    closedAt: null,
    history: [
      {
        seq: 1,
        at: input.registeredAt,
        actor: input.registeredBy,
        action: 'register',
        stage: 'dispatch',
        data: {
          ...input.registration,
          category: input.category,
          categoryBasis: input.categoryBasis,
          serviceCentre: input.serviceCentre,
          arrivalDueAt: input.arrivalDueAt,
        },
      },
    ],
    noticesSent: [],
    rules: input.rules,
    ...(input.installedBase ? { installedBase: input.installedBase } : {}),
  };
}

/** The stages each action may be taken in. */
const ACTION_STAGES: Record<ServiceCallActionName, readonly OpenServiceCallStage[]> = SERVICE_ACTION_STAGES;

const ACTION_ROLES: Record<ServiceCallActionName, readonly Role[]> = {
  dispatch: ['service_supervisor'],
  arrive: ['technician'],
  resolve_on_site: ['technician'],
  carry_in: ['technician'],
  record_repair: ['technician'],
  report_delay: ['technician'],
  inspect: ['service_supervisor'],
  return: ['technician', 'clerk'],
};

/** Parses an action as a client sends it; invalid data is an `invalid_input` error naming each field. */
export const parseServiceCallAction = (raw: unknown): ServiceCallAction => serviceCallActionSchemas.parseOrInvalid(raw, 'The action is invalid.', 'action');

/** The action an Update carries: the API's parsed command, or the raw body of a recorded history. */
export const serviceCallCommandOf = (req: ActionRequest<ServiceCallAction>): ServiceCallAction =>
  commandOf(req, { command: serviceCallCommandSchemas, request: serviceCallActionSchemas });

/**
 * Refuses an action the actor may not take now: `forbidden` for the wrong role or a technician not
 * assigned to the call, `wrong_stage` for the wrong stage, `invalid_input` for data that contradicts
 * the call. Changes nothing.
 */
export function checkAction(state: ServiceCallState, actor: Actor, cmd: ServiceCallAction, ctx: ServiceCallContext, nowMs: number): void {
  if (state.status !== 'open') fail('wrong_stage', 'The call is closed; no further actions are taken.');
  const roles = ACTION_ROLES[cmd.action];
  if (!hasAnyRole(actor, roles)) fail('forbidden', `"${cmd.action}" needs one of the roles: ${roles.join(', ')}.`);
  const stages = ACTION_STAGES[cmd.action];
  if (!(stages as readonly string[]).includes(state.stage)) {
    fail('wrong_stage', `"${cmd.action}" is taken in stage ${stages.join(' or ')}; the call is in stage ${state.stage}.`);
  }
  // Object level: only the technician assigned to the call acts as a technician on it.
  const asClerk = cmd.action === 'return' && hasAnyRole(actor, ['clerk']);
  if (roles.includes('technician') && !asClerk && state.technician?.id !== actor.id) {
    fail('forbidden', 'Only the technician assigned to this call may do this.');
  }
  switch (cmd.action) {
    case 'dispatch':
      if (!ctx.technician || ctx.technician.id !== cmd.technicianId) {
        fail('invalid_input', 'The technician is unknown.', [{ field: 'technicianId', message: 'must be the id of a user with the technician role' }]);
      }
      if (state.technician?.id === cmd.technicianId) {
        fail('invalid_input', 'The call is already assigned to this technician.', [{ field: 'technicianId', message: 'is already assigned to this call' }]);
      }
      return;
    case 'resolve_on_site':
    case 'return':
      if (cmd.fee && state.category !== 'A') {
        fail('invalid_input', `A category ${state.category} call is free of charge (S1).`, [
          { field: 'fee', message: `category ${state.category} calls are ${state.category === 'B' ? 'covered by the contract' : 'free under warranty'}` },
        ]);
      }
      return;
    case 'carry_in':
      if (cmd.promisedBy && Date.parse(cmd.promisedBy) <= nowMs) {
        fail('invalid_input', 'The promised time has passed.', [{ field: 'promisedBy', message: 'must be in the future' }]);
      }
      return;
    case 'report_delay':
      if (cmd.promisedBy && (Date.parse(cmd.promisedBy) <= nowMs || Date.parse(cmd.promisedBy) <= Date.parse(state.carryIn!.promisedBy))) {
        fail('invalid_input', 'A new promise must be later than the current one and in the future.', [
          { field: 'promisedBy', message: 'must be in the future and after the current promise' },
        ]);
      }
      return;
    default:
      return;
  }
}

export interface ActionOutcome {
  event: ServiceCallEvent;
  notices: ServiceNoticeDraft[];
}

type EventOf<A extends ServiceCallEvent['action']> = Extract<ServiceCallEvent, { action: A }>;

/** Records an event with the data its action records; `stage` is the one the action was taken in (checkAction made sure it is one of its stages). */
function pushEvent<A extends ServiceCallEvent['action']>(
  state: ServiceCallState,
  actor: { id: string; name: string },
  action: A,
  stage: ServiceCallStage,
  at: string,
  data: EventOf<A>['data'],
  comment?: string,
): EventOf<A> {
  const event = {
    seq: state.history.length + 1,
    at,
    actor: { id: actor.id, name: actor.name },
    action,
    stage,
    data,
    ...(comment !== undefined ? { comment } : {}),
  } as EventOf<A>;
  state.history.push(event);
  return event;
}

function close(state: ServiceCallState, nowMs: number): void {
  state.status = 'closed';
  state.stage = 'closed';
  state.closedAt = iso(nowMs);
  // S4, S7: the clerk strikes the entry from the register; the voucher is archived.
  state.registerStruckAt = state.closedAt;
  state.voucher.status = 'archived';
  state.voucher.archivedAt = state.closedAt;
  // S16: every call gets a survey, the configured delay after it ends.
  state.survey = { dueAt: iso(nowMs + state.rules.surveyDelayMs), sentAt: null, surveyId: null };
  // O6: and a follow-up call, FOLLOW_UP_DELAY after it ends (calls registered before follow-ups have none).
  if (state.rules.followUpDelayMs !== undefined) state.followUp = { dueAt: iso(nowMs + state.rules.followUpDelayMs), openedAt: null, followUpId: null };
}

function addFee(state: ServiceCallState, kind: FeeRecord['kind'], fee: { amount: number; collectedOnSite: boolean }, at: string): FeeRecord {
  const record: FeeRecord = {
    n: state.fees.length + 1,
    kind,
    amountFen: fee.amount,
    collectedOnSite: fee.collectedOnSite,
    at,
    technicianId: state.technician?.id ?? null,
  };
  state.fees.push(record);
  return record;
}

const label = (state: ServiceCallState) => `${state.registration.customer.name} / ${state.registration.productModel} (call ${state.id.slice(0, 8)})`;

/** Applies a checked action. Mutates `state`; returns the history event and the notices it produces. */
export function applyAction(state: ServiceCallState, actor: Actor, cmd: ServiceCallAction, nowMs: number, ctx: ServiceCallContext = {}): ActionOutcome {
  const stageBefore = state.stage;
  const at = iso(nowMs);
  const notices: ServiceNoticeDraft[] = [];
  const record = <A extends ServiceCallActionName>(action: A, data: EventOf<A>['data']) => pushEvent(state, actor, action, stageBefore, at, data, cmd.comment);
  const feeData = (fee: FeeRecord | null) => (fee ? { fee: { amount: fenToYuan(fee.amountFen), collectedOnSite: fee.collectedOnSite } } : {});
  switch (cmd.action) {
    case 'dispatch': {
      const tech = ctx.technician!;
      const reassignedFrom = state.technician?.id ?? null;
      state.technician = { id: tech.id, name: tech.name };
      state.dispatches.push({ technicianId: tech.id, technicianName: tech.name, by: actor.name, at });
      state.stage = 'arrival';
      return { event: record('dispatch', { reassignedFrom, technicianId: tech.id, technicianName: tech.name, priority: state.priority?.date ?? null }), notices };
    }
    case 'arrive': {
      state.arrivedAt = at;
      const late = nowMs > Date.parse(state.arrivalDueAt);
      state.stage = 'on_site';
      return { event: record('arrive', { arrivalDueAt: state.arrivalDueAt, late }), notices };
    }
    case 'resolve_on_site': {
      state.path = 'on_site';
      state.onSite = { workMinutes: cmd.workMinutes, parts: cmd.parts, at };
      // S4: the customer signs the voucher.
      state.voucher.status = 'signed';
      state.voucher.signedAt = at;
      const fee = cmd.fee ? addFee(state, 'on_site', cmd.fee, at) : null;
      close(state, nowMs);
      return { event: record('resolve_on_site', { customerSigned: true, workMinutes: cmd.workMinutes, parts: cmd.parts.map(partView), ...feeData(fee) }), notices };
    }
    case 'carry_in': {
      state.path = 'carry_in';
      const promisedBy = cmd.promisedBy ?? iso(nowMs + state.rules.carryInPromiseMs);
      // S6: receipt to the customer, voucher signed, in/out register entry, repair card opened.
      state.carryIn = {
        receiptNo: cmd.receiptNo,
        receivedAt: at,
        promisedBy,
        promiseSeq: 1,
        repairs: [],
        inspections: [],
        delays: [],
        returnedAt: null,
        receiptVoidedAt: null,
      };
      state.voucher.status = 'signed';
      state.voucher.signedAt = at;
      state.stage = 'repair';
      return { event: record('carry_in', { receiptNo: cmd.receiptNo, customerSigned: true, promisedBy }), notices };
    }
    case 'record_repair': {
      state.carryIn!.repairs.push({ workMinutes: cmd.workMinutes, parts: cmd.parts, at, by: actor.name });
      state.stage = 'inspection';
      return { event: record('record_repair', { workMinutes: cmd.workMinutes, parts: cmd.parts.map(partView) }), notices };
    }
    case 'report_delay': {
      const ci = state.carryIn!;
      const delay = { reason: cmd.reason, at, by: actor.name, promisedBy: ci.promisedBy, newPromisedBy: cmd.promisedBy ?? null, promiseSeq: ci.promiseSeq };
      ci.delays.push(delay);
      // S9: the technician asks the supervisor for help.
      notices.push({
        key: `${state.id}:escalation:delay:${ci.delays.length}`,
        type: 'escalation',
        stage: state.stage,
        to: ['service_supervisor'],
        message: `Repair of ${label(state)} will miss its promised time ${ci.promisedBy}: ${cmd.reason} (reported by ${actor.name}, S9).`,
        at,
      });
      if (cmd.promisedBy) {
        ci.promisedBy = cmd.promisedBy;
        ci.promiseSeq += 1;
      }
      return { event: record('report_delay', { reason: cmd.reason, promisedBy: delay.promisedBy, newPromisedBy: delay.newPromisedBy }), notices };
    }
    case 'inspect': {
      state.carryIn!.inspections.push({ passed: cmd.passed, at, by: actor.name, ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}) });
      state.stage = cmd.passed ? 'return' : 'repair';
      return { event: record('inspect', { passed: cmd.passed }), notices };
    }
    case 'return': {
      const ci = state.carryIn!;
      // S7: return date in the in/out register, the customer signs, the receipt is taken back and voided.
      ci.returnedAt = at;
      ci.receiptVoidedAt = at;
      const fee = cmd.fee ? addFee(state, 'carry_in', cmd.fee, at) : null;
      close(state, nowMs);
      return { event: record('return', { customerSigned: true, receiptVoided: ci.receiptNo, ...feeData(fee) }), notices };
    }
  }
}

/** S13: a call still waiting for dispatch gets priority on `date`. Returns false when nothing changes. */
export function prioritize(state: ServiceCallState, date: string, nowMs: number): boolean {
  if (state.status !== 'open' || state.stage !== 'dispatch' || state.priority?.date === date) return false;
  state.priority = { date, at: iso(nowMs) };
  pushEvent(state, SYSTEM_ACTOR, 'prioritize', state.stage, iso(nowMs), { date, reason: 'not dispatched on its day (S13)' });
  return true;
}

/** O6: the follow-up call fell due and is in the service department's work. */
export function recordFollowUpDue(state: ServiceCallState, followUpId: string, nowMs: number): void {
  if (!state.followUp || state.followUp.openedAt) return;
  state.followUp.openedAt = iso(nowMs);
  state.followUp.followUpId = followUpId;
  pushEvent(state, SYSTEM_ACTOR, 'follow_up_due', state.stage, iso(nowMs), { followUpId });
}

/** S16: the survey was sent. */
export function recordSurveySent(state: ServiceCallState, surveyId: string, nowMs: number): void {
  if (!state.survey || state.survey.sentAt) return;
  state.survey.sentAt = iso(nowMs);
  state.survey.surveyId = surveyId;
  pushEvent(state, SYSTEM_ACTOR, 'survey_sent', state.stage, iso(nowMs), { surveyId });
}

export interface Awaiting {
  roles: Role[];
  action: ServiceCallActionName;
  /** The actions possible now (the technician on site may fix or carry in). */
  actions: ServiceCallActionName[];
  /** The assigned technician, when a technician's action is awaited. */
  technicianId: string | null;
}

export function awaitingOf(state: ServiceCallState): Awaiting | null {
  if (state.status !== 'open') return null;
  const stage = state.stage as OpenServiceCallStage;
  const actions: ServiceCallActionName[] =
    stage === 'dispatch'
      ? ['dispatch']
      : stage === 'arrival'
        ? ['arrive', 'dispatch']
        : stage === 'on_site'
          ? ['resolve_on_site', 'carry_in']
          : stage === 'repair'
            ? ['record_repair', 'report_delay']
            : stage === 'inspection'
              ? ['inspect']
              : ['return'];
  const roles = [...SERVICE_STAGE_OWNER[stage]];
  return { roles, action: actions[0]!, actions, technicianId: roles.includes('technician') ? (state.technician?.id ?? null) : null };
}

/** What is due now: arrival (S14) until the technician arrives, the promised repair time (S9) during a carry-in repair. */
export function currentDueAt(state: ServiceCallState): string | null {
  if (state.status !== 'open') return null;
  if (state.stage === 'dispatch' || state.stage === 'arrival') return state.arrivalDueAt;
  if ((state.stage === 'repair' || state.stage === 'inspection') && state.carryIn) return state.carryIn.promisedBy;
  return null;
}

export function totalWorkMinutes(state: ServiceCallState): number {
  return (state.onSite?.workMinutes ?? 0) + (state.carryIn?.repairs.reduce((s, r) => s + r.workMinutes, 0) ?? 0);
}

export function serviceCallView(state: ServiceCallState, nowMs: number): ServiceCallView {
  const dueAt = currentDueAt(state);
  const ci = state.carryIn;
  const r = state.registration;
  return {
    id: state.id,
    number: state.number ?? null,
    status: state.status,
    stage: state.stage,
    category: state.category,
    categoryBasis: state.categoryBasis,
    area: r.area,
    serviceCentre: state.serviceCentre,
    customer: r.customer,
    productModel: r.productModel,
    serialNo: r.serialNo ?? null,
    description: r.description,
    fault: r.fault ?? null,
    activityType: r.activityType ?? defaultActivityType(state.category),
    contractId: state.categoryBasis.contractId ?? r.contractId ?? null,
    warrantyUntil: r.warrantyUntil ?? null,
    registeredAt: state.registeredAt,
    registeredBy: state.registeredBy,
    arrivalDueAt: state.arrivalDueAt,
    arrivedAt: state.arrivedAt,
    arrivalLate: state.arrivedAt ? Date.parse(state.arrivedAt) > Date.parse(state.arrivalDueAt) : state.status === 'open' && nowMs >= Date.parse(state.arrivalDueAt),
    dueAt,
    overdue: dueAt !== null && Date.parse(dueAt) <= nowMs,
    awaiting: awaitingOf(state),
    technician: state.technician,
    priority: state.priority,
    path: state.path,
    voucher: state.voucher,
    registerStruckAt: state.registerStruckAt,
    onSite: state.onSite && { workMinutes: state.onSite.workMinutes, parts: state.onSite.parts.map(partView), at: state.onSite.at },
    carryIn: ci && {
      receiptNo: ci.receiptNo,
      receivedAt: ci.receivedAt,
      promisedBy: ci.promisedBy,
      repairs: ci.repairs.map((x) => ({ ...x, parts: x.parts.map(partView) })),
      inspections: ci.inspections,
      delays: ci.delays.map(({ promiseSeq: _p, ...d }) => d),
      returnedAt: ci.returnedAt,
      receiptVoidedAt: ci.receiptVoidedAt,
    },
    fees: state.fees.map((f) => ({ kind: f.kind, amount: fenToYuan(f.amountFen), collectedOnSite: f.collectedOnSite, at: f.at })),
    workMinutes: totalWorkMinutes(state),
    survey: state.survey && { dueAt: state.survey.dueAt, sentAt: state.survey.sentAt },
    followUp: state.followUp ? { id: state.followUp.followUpId, dueAt: state.followUp.dueAt, openedAt: state.followUp.openedAt } : null,
    installedBase: state.installedBase ?? null,
    closedAt: state.closedAt,
  };
}

/** Every escalation that is still to come for the call, whatever its time. */
function scheduledNotices(state: ServiceCallState): ScheduledNotice<ServiceCallState, ServiceNoticeDraft>[] {
  if (state.status !== 'open') return [];
  const out: ScheduledNotice<ServiceCallState, ServiceNoticeDraft>[] = [];
  const push = (atMs: number, draft: Omit<ServiceNoticeDraft, 'at'>) => {
    if (!state.noticesSent.includes(draft.key)) out.push({ atMs, draft: { ...draft, at: iso(atMs) }, markSent: (s) => s.noticesSent.push(draft.key) });
  };
  // S14: not on site by the arrival deadline.
  if (!state.arrivedAt) {
    push(Date.parse(state.arrivalDueAt), {
      key: `${state.id}:escalation:arrival`,
      type: 'escalation',
      stage: state.stage,
      to: [...ARRIVAL_ESCALATION_ROLES],
      message: `${label(state)} (${state.registration.area}): no technician on site by ${state.arrivalDueAt} (S14)${state.technician ? `; assigned to ${state.technician.name}` : '; not yet dispatched'}.`,
    });
  }
  // S9: a carry-in repair about to miss, and then missing, its promised time.
  const ci = state.carryIn;
  if (ci && (state.stage === 'repair' || state.stage === 'inspection')) {
    const promised = Date.parse(ci.promisedBy);
    const reported = ci.delays.some((d) => d.promiseSeq === ci.promiseSeq);
    if (!reported && state.rules.promiseWarningMs > 0) {
      push(promised - state.rules.promiseWarningMs, {
        key: `${state.id}:reminder:promise:${ci.promiseSeq}`,
        type: 'reminder',
        stage: state.stage,
        to: ['technician'],
        message: `${state.technician?.name ?? 'Technician'}: the repair of ${label(state)} is promised by ${ci.promisedBy} and is not finished; report a delay to the supervisor if it will be missed (S9).`,
      });
    }
    push(promised, {
      key: `${state.id}:escalation:promise:${ci.promiseSeq}`,
      type: 'escalation',
      stage: state.stage,
      to: ['service_supervisor'],
      message: `The repair of ${label(state)} by ${state.technician?.name ?? 'the technician'} missed its promised time ${ci.promisedBy} (S9).`,
    });
  }
  return out;
}

/** S9, S14: when the next escalation or reminder falls due, and which are due now. */
export const serviceCallNotices = noticeClock(scheduledNotices);
export const nextNoticeAt = serviceCallNotices.nextAt;
export const takeDueNotices = serviceCallNotices.takeDue;
