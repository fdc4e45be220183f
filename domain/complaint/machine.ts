// The complaint case as a pure state machine: who may act when (checkAction), what an action
// changes (applyAction), what is awaited and overdue (complaintView), which reminders and
// escalations fall due (dueNotices, nextNoticeAt) and each department's timeliness after closing
// (stageTimeliness). The workflow drives it; tests exercise it without a server.
import { type AuthorityThresholds, type AuthorityTier, authorityTierFor, TIER_ORDER, tierRank } from '../authority';
import { caseDueAt, stageDueAt } from '../deadlines';
import { endOfLocalDate } from '../localTime';
import { AppError, type ErrorDetail } from '../errors';
import { fenToYuan } from '../money';
import { type ScheduledNotice, noticeClock } from '../notices';
import { type Actor, type Role, hasAnyRole } from '../roles';
import { type ActionRequest, commandOf } from '../validation';
import { type ComplaintControls, type Delegation, type Proposal, consolidate, decisionAuthority, decidingRoles, moneyAtStakeOf, proposalOf } from './controls';
import {
  type ComplaintAction,
  type ComplaintActionName,
  type ComplaintFiling,
  type DECISION_CHANNELS,
  type Traceability,
  ratioToBasisPoints,
  complaintActionSchemas,
  complaintCommandSchemas,
} from './schemas';
import { ESCALATION_ROLES, type OpenStage, STAGE_OWNER, type ComplaintStage } from './stages';
import { type AwaitedAction, type COMPLAINT_STATUSES, DECIDED_STAGES, DISTRIBUTION_COPIES, UNDECIDED_STAGES } from './progress';
import type { ComplaintHistoryEvent, ComplaintHistoryEventOf, ComplaintView, DecisionExplanation } from './views';

export { DISTRIBUTION_COPIES } from './progress';
export type { ComplaintView } from './views';

export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** The rules a case runs under, fixed when it is filed so that its history replays the same. */
export interface ComplaintRules {
  caseDeadlineMs: { domestic: number; foreign: number };
  stageDeadlineMs: Record<OpenStage, number>;
  reminderIntervalMs: number;
  jointInspectionReportMs: number;
  authority: AuthorityThresholds;
  /** The approval controls (C4, C5, C8, C13, C16, G3, G7); cases filed before them carry none. */
  controls?: ComplaintControls;
}

/** A recorded history event: who took which action when, in which stage, with what data (G4). */
export type HistoryEvent = ComplaintHistoryEvent;

export interface StageVisit {
  stage: OpenStage;
  enteredAt: string;
  dueAt: string;
  leftAt?: string;
  remindersSent: number;
}

export interface NoticeDraft {
  /** Makes the notice exactly-once however often it is sent. */
  key: string;
  type: 'reminder' | 'escalation' | 'follow_up' | 'task' | 'report';
  stage: ComplaintStage;
  to: Role[];
  message: string;
  at: string;
}

export interface ComplaintState {
  id: string;
  number: string | null;
  status: ComplaintStatus;
  stage: ComplaintStage;
  market: ComplaintFiling['market'];
  filing: ComplaintFiling;
  filedBy: { id: string; name: string };
  createdAt: string;
  registeredAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  tier: AuthorityTier | null;
  amountAtStakeFen: number | null;
  parentId: string | null;
  analysis: Extract<ComplaintAction, { action: 'analyze' }> | null;
  countermeasure: { cause: string; countermeasure: string; traceability?: Traceability } | null;
  reviews: { stage: 'review' | 'rnd_review' | 'check'; by: string; opinion?: string }[];
  supplier: { supplier: string; outcome: string; supplierRatio?: number } | null;
  proposal: Proposal | null;
  consolidation: {
    opinion: string;
    amountFen: number;
    /** Under the controls: who consolidated (G7), the tier of the proposal's money, a different amount with its reason. */
    by?: { id: string; name: string };
    proposalTier?: AuthorityTier;
    override?: { amountFen: number; reason: string; tier: AuthorityTier } | null;
  } | null;
  decision: {
    decision: 'approve' | 'reject';
    tier: AuthorityTier;
    decidedAs: AuthorityTier;
    by: string;
    at: string;
    /** Under the controls: the decider's id and roles, and the person they stood in for (G7). */
    byId?: string;
    roles?: Role[];
    delegation?: Delegation | null;
  } | null;
  customerResult: { customerAccepted: boolean; result: string; channel?: (typeof DECISION_CHANNELS)[number] } | null;
  closing: {
    responsibility: { department: string; person?: string; ratio: number }[];
    lossAmountFen: number;
    trackImprovement: boolean;
    distribution: (typeof DISTRIBUTION_COPIES)[number][];
  } | null;
  /** C16; under the controls the case stays open to one petition (C14) until `petitionUntil`. */
  notEstablished: { reason: string; petitionUntil?: string | null } | null;
  /** C14; `fromStage` 'closed': a petition against a finding of not established (C16). */
  appeal: { by: string; reason: string; fromStage: OpenStage | 'closed'; at: string; ruling?: 'uphold' | 'reopen' } | null;
  jointInspection: {
    requestedAt: string;
    /** C5: when the report to the GM is due; under the controls counted from the inspection, null until it took place. */
    reportDueAt: string | null;
    investigatedOn?: string;
    inspector: { id: string; name?: string } | null;
    report: { findings: string; investigatedOn?: string; by: string; at: string } | null;
    remindersSent: number;
  } | null;
  visits: StageVisit[];
  history: HistoryEvent[];
  noticesSent: string[];
  rules: ComplaintRules;
}

/** Departments that may petition against a decision (C14): any department role, not auditors or admins. */
export const DEPARTMENT_ROLES: readonly Role[] = [
  'qa', 'manufacturing', 'sales', 'sales_manager', 'gm_office', 'manager_office', 'rnd',
  'accounting', 'warehouse', 'hr', 'service_dept', 'vp',
];

const fail = (code: 'forbidden' | 'wrong_stage' | 'invalid_input' | 'conflict', message: string, details: ErrorDetail[] = []): never => {
  throw new AppError(code, message, details);
};

const iso = (ms: number): string => new Date(ms).toISOString();

function enterStage(state: ComplaintState, stage: OpenStage, nowMs: number): void {
  const open = state.visits[state.visits.length - 1];
  if (open && !open.leftAt) open.leftAt = iso(nowMs);
  state.stage = stage;
  const stageMs = state.rules.stageDeadlineMs[stage];
  const due = state.dueAt ? stageDueAt(new Date(nowMs), stageMs, new Date(state.dueAt)) : new Date(nowMs + stageMs);
  state.visits.push({ stage, enteredAt: iso(nowMs), dueAt: due.toISOString(), remindersSent: 0 });
}

function finish(state: ComplaintState, status: Exclude<ComplaintStatus, 'open'>, nowMs: number): void {
  const open = state.visits[state.visits.length - 1];
  if (open && !open.leftAt) open.leftAt = iso(nowMs);
  state.status = status;
  state.stage = 'closed';
  state.closedAt = iso(nowMs);
}

export function initialComplaintState(input: {
  id: string;
  filing: ComplaintFiling;
  filedBy: { id: string; name: string };
  filedAt: string;
  rules: ComplaintRules;
}): ComplaintState {
  const now = Date.parse(input.filedAt);
  const state: ComplaintState = {
    id: input.id,
    number: null,
    status: 'open',
    stage: 'registration',
    market: input.filing.market,
    filing: input.filing,
    filedBy: input.filedBy,
    createdAt: input.filedAt,
    registeredAt: null,
    dueAt: null,
    closedAt: null,
    tier: null,
    amountAtStakeFen: null,
    parentId: input.filing.parentId ?? null,
    analysis: null,
    countermeasure: null,
    reviews: [],
    supplier: null,
    proposal: null,
    consolidation: null,
    decision: null,
    customerResult: null,
    closing: null,
    notEstablished: null,
    appeal: null,
    jointInspection: input.filing.jointInspection
      ? {
          requestedAt: input.filedAt,
          // C5: the report is due counted from the inspection (under the controls), else from filing.
          reportDueAt: input.rules.controls ? null : iso(now + input.rules.jointInspectionReportMs),
          inspector: null,
          report: null,
          remindersSent: 0,
        }
      : null,
    visits: [],
    history: [
      { seq: 1, at: input.filedAt, actor: input.filedBy, action: 'file', stage: 'registration', data: { ...input.filing } },
    ],
    noticesSent: [],
    rules: input.rules,
  };
  enterStage(state, 'registration', now);
  return state;
}

/** Who may take `action` in the case's current state; `null` means any department role. */
function rolesFor(state: ComplaintState, action: ComplaintActionName): readonly Role[] {
  switch (action) {
    case 'decide':
      return state.tier ? TIER_ORDER.slice(tierRank(state.tier)) : STAGE_OWNER.decision;
    case 'appeal':
    case 'comment':
      return DEPARTMENT_ROLES.concat(['gm']);
    case 'not_established':
      return ['gm_office'];
    case 'assign_inspector':
      return ['gm'];
    case 'report_inspection':
    case 'record_investigation':
      return ['qa', 'manufacturing'];
    case 'withdraw':
    case 'request_inspection':
    case 'state_quantity':
      return ['sales'];
    default:
      return STAGE_OWNER[ACTION_STAGE[action]];
  }
}

/**
 * The roles that may ever take `action`, whatever the case's state: the API refuses anyone else at
 * once (403), before looking at the action's fields. `anyone`: a person assigned to the case may take
 * it whatever their roles (the joint inspector); `decide` is also open to a decider's stand-in (G7).
 */
export function rolesThatMayEverTake(action: ComplaintActionName): readonly Role[] | 'anyone' {
  switch (action) {
    case 'decide':
      return TIER_ORDER;
    case 'report_inspection':
    case 'record_investigation':
      return 'anyone';
    default:
      return rolesFor({ tier: null } as ComplaintState, action);
  }
}

/** The stage each routing action belongs to. */
const ACTION_STAGE: Record<AwaitedAction, OpenStage> = {
  register: 'registration',
  analyze: 'analysis',
  countermeasure: 'countermeasure',
  review: 'review',
  rnd_review: 'rnd_review',
  check: 'check',
  coordinate_supplier: 'supplier_coordination',
  propose: 'proposal',
  consolidate: 'consolidation',
  decide: 'decision',
  record_result: 'customer_result',
  confirm: 'confirmation',
  close: 'closing',
  rule_appeal: 'appeal',
};

/** The action awaited in each stage. */
export const STAGE_ACTION: Record<OpenStage, AwaitedAction> = Object.fromEntries(
  Object.entries(ACTION_STAGE).map(([action, stage]) => [stage, action]),
) as Record<OpenStage, AwaitedAction>;

/** Parses an action as a client sends it; invalid data is an `invalid_input` error naming each field. */
export const parseComplaintAction = (raw: unknown): ComplaintAction => complaintActionSchemas.parseOrInvalid(raw, 'The action is invalid.', 'action');

/** The action an Update carries: the API's parsed command, or the raw body of a recorded history. */
export const complaintCommandOf = (req: ActionRequest<ComplaintAction>): ComplaintAction =>
  commandOf(req, { command: complaintCommandSchemas, request: complaintActionSchemas });

/** What the API looked up for an action: the stand-in's delegation when a decider acts for another (G7). */
export interface ComplaintContext {
  delegation?: Delegation | null;
}

/** C16, C14: until when a case found not established may still be petitioned; null when it may not. */
export function petitionOpenUntil(state: ComplaintState): number | null {
  const until = state.status === 'rejected' ? state.notEstablished?.petitionUntil : null;
  return until ? Date.parse(until) : null;
}

/**
 * Refuses an action the actor may not take now: `forbidden` for the wrong role, `wrong_stage` for
 * the wrong stage or state, `invalid_input` for data that contradicts the case. Changes nothing.
 */
export function checkAction(state: ComplaintState, actor: Actor, cmd: ComplaintAction, context: ComplaintContext = {}, nowMs = Number.NaN): void {
  const controls = state.rules.controls;
  const petition = cmd.action === 'appeal' && petitionOpenUntil(state) !== null;
  if (state.status !== 'open' && !petition) fail('wrong_stage', `The case is ${state.status}; no further actions are taken.`);
  const allowed = rolesFor(state, cmd.action);
  // C4, C5: the person the GM assigned to the joint inspection reports it, whatever their department.
  const assignedInspector = (cmd.action === 'report_inspection' || cmd.action === 'record_investigation') && state.jointInspection?.inspector?.id === actor.id;
  if (cmd.action === 'decide' && state.tier && state.stage === 'decision') {
    // C8, C13, G7: the tier or one above decides, in their own name or as a stand-in; never the proposer or consolidator.
    decisionAuthority(actor, state.tier, context.delegation, controls ? { proposerId: state.proposal?.by?.id, consolidatorId: state.consolidation?.by?.id } : null);
  } else if (!assignedInspector && !hasAnyRole({ roles: cmd.action === 'decide' ? decidingRoles(actor, context.delegation) : actor.roles }, allowed)) {
    fail('forbidden', `"${cmd.action}" needs one of the roles: ${allowed.join(', ')}.`);
  }
  const stage = state.stage as OpenStage;
  switch (cmd.action) {
    case 'comment':
      return;
    case 'withdraw':
      if (state.decision) fail('wrong_stage', 'A decided case cannot be withdrawn.');
      if (stage === 'appeal') fail('wrong_stage', 'The case is under appeal.');
      return;
    case 'not_established':
      if (!(UNDECIDED_STAGES as readonly string[]).includes(stage)) {
        fail('wrong_stage', 'A complaint can be found not established only before it is decided.');
      }
      return;
    case 'appeal':
      if (petition) {
        if (!(nowMs < petitionOpenUntil(state)!)) fail('wrong_stage', 'The time to petition against the finding has passed (C16).');
        return;
      }
      if (!state.decision || !(DECIDED_STAGES as readonly string[]).includes(stage)) {
        fail('wrong_stage', 'An appeal is possible once the case is decided and until it is closed, or while a finding of not established may be petitioned (C14, C16).');
      }
      return;
    case 'request_inspection':
      if (!controls) fail('wrong_stage', 'This case was filed before a joint inspection could be requested later; it was asked for at filing or not at all.');
      if (state.jointInspection) fail('conflict', 'A joint inspection was already requested (C4).');
      if (state.decision || ['decision', 'customer_result', 'confirmation', 'closing', 'appeal'].includes(stage)) {
        fail('wrong_stage', 'A joint inspection is requested before the case is decided (C4).');
      }
      return;
    case 'record_investigation':
    case 'assign_inspector':
    case 'report_inspection': {
      const ji = state.jointInspection;
      if (!ji) fail('wrong_stage', 'This case has no joint inspection.');
      if (ji!.report) fail('wrong_stage', 'The joint inspection has already been reported.');
      if (cmd.action !== 'assign_inspector' && ji!.inspector && ji!.inspector.id !== actor.id && !hasAnyRole(actor, ['qa'])) {
        fail('forbidden', 'The inspection is assigned to another person.');
      }
      if (cmd.action === 'record_investigation' && ji!.investigatedOn) fail('conflict', 'The day of the inspection is already recorded.');
      return;
    }
    case 'state_quantity':
      if (stage !== 'consolidation' || !state.proposal || state.proposal.quantity !== null) {
        fail('wrong_stage', 'The quantity is stated while the proposal awaits consolidation with its quantity undetermined (C3).');
      }
      return;
    default:
      break;
  }
  const expected = ACTION_STAGE[cmd.action];
  if (expected !== stage) {
    fail('wrong_stage', `"${cmd.action}" is taken in stage ${expected}; the case is in stage ${stage}.`);
  }
  if (cmd.action === 'decide' && cmd.decision === 'rework' && !cmd.reworkStage) {
    fail('invalid_input', 'Rework needs the stage to send the case back to.', [{ field: 'reworkStage', message: 'is required for rework' }]);
  }
  if (cmd.action === 'decide' && cmd.decision === 'rework' && cmd.reworkStage === 'rnd_review' && !state.analysis?.needsRnd) {
    fail('invalid_input', 'This case has no R&D review.', [{ field: 'reworkStage', message: 'the case has no R&D review' }]);
  }
  if (cmd.action === 'rule_appeal' && cmd.ruling === 'reopen' && !cmd.reopenStage) {
    fail('invalid_input', 'Reopening needs the stage to reopen at.', [{ field: 'reopenStage', message: 'is required to reopen' }]);
  }
  if (cmd.action === 'propose') proposalOf(cmd.handling, actor, controls !== undefined);
  if (cmd.action === 'consolidate') {
    if (controls) consolidate(state.proposal!, cmd, state.rules.authority);
    else if (cmd.amount === undefined) fail('invalid_input', 'The consolidation states the amount at stake.', [{ field: 'amount', message: 'is required' }]);
  }
  if (controls && cmd.action === 'record_result' && !cmd.channel) {
    fail('invalid_input', 'Say how the decision reached the customer (C13).', [{ field: 'channel', message: 'is required: letter, phone or visit' }]);
  }
  if (controls && cmd.action === 'countermeasure' && !cmd.traceability) {
    fail('invalid_input', "The countermeasure comes with the affected lot's traceability.", [{ field: 'traceability', message: 'is required: productionUnit, machine, shift, operators, productionDate' }]);
  }
  if (cmd.action === 'close') {
    const total = cmd.responsibility.reduce((sum, r) => sum + ratioToBasisPoints(r.ratio), 0);
    if (total !== 10_000) {
      fail('invalid_input', 'Responsibility ratios must add up to 1.', [{ field: 'responsibility', message: `ratios add up to ${total / 10_000}, not 1` }]);
    }
    if (cmd.trackImprovement && state.analysis?.humanNegligence) {
      fail('invalid_input', 'Improvement is not tracked for human negligence (C9).', [{ field: 'trackImprovement', message: 'must be false when the cause is human negligence' }]);
    }
    if (state.jointInspection && !state.jointInspection.report) {
      fail('wrong_stage', 'The joint inspection report is still outstanding (C5).');
    }
  }
}

/** A proposal as views and history show it: kind, quantity, the money at stake and the figures it comes from (yuan). */
export function proposalData(p: Proposal) {
  const money = moneyAtStakeOf(p);
  return {
    kind: p.kind,
    ...(p.quantity !== undefined ? { quantity: p.quantity } : {}),
    amount: fenToYuan(p.amountFen),
    ...(p.parts
      ? {
          unitPrice: p.parts.unitPriceFen === null ? null : fenToYuan(p.parts.unitPriceFen),
          allowance: fenToYuan(p.parts.allowanceFen),
          compensation: fenToYuan(p.parts.compensationFen),
          goodsValue: money ? fenToYuan(money.goodsValueFen) : null,
        }
      : {}),
  };
}

/** C4: a joint inspection's call-out: QA (or manufacturing's QC) goes with manufacturing, at once. */
function inspectionCallOut(state: ComplaintState, at: string): NoticeDraft {
  return {
    key: `${state.id}:task:joint_inspection`,
    type: 'task',
    stage: state.stage,
    to: ['qa', 'manufacturing'],
    message: `Complaint ${state.number ?? state.id}: a joint inspection is asked for; QA (or manufacturing's QC) goes with manufacturing at once, and reports to the GM within days of it (C4, C5).`,
    at,
  };
}

/** The notices a case gives when it is filed: the joint inspection's call-out under the controls (C4). */
export function filingNotices(state: ComplaintState): NoticeDraft[] {
  return state.rules.controls && state.jointInspection ? [inspectionCallOut(state, state.createdAt)] : [];
}

export interface ActionOutcome {
  event: HistoryEvent;
  /** Notices this action itself produces (e.g. C16's receivable-collection task). */
  notices: NoticeDraft[];
}

function nextAfterReview(state: ComplaintState): OpenStage {
  return state.analysis?.needsRnd ? 'rnd_review' : 'check';
}

/**
 * Applies a checked action. `extra` carries values that come from outside the case (the number
 * assigned at registration). Mutates `state`; returns the history event and notices.
 */
export function applyAction(
  state: ComplaintState,
  actor: Actor,
  cmd: ComplaintAction,
  nowMs: number,
  extra: { number?: string } & ComplaintContext = {},
): ActionOutcome {
  const controls = state.rules.controls;
  const label = state.number ?? state.id;
  const stageBefore = state.stage;
  const at = iso(nowMs);
  const notices: NoticeDraft[] = [];
  /** The action's history event, with the data recorded for it; its stage is the one `checkAction` admitted it in. */
  const record = <A extends HistoryEvent['action']>(action: A, data: ComplaintHistoryEventOf<A>['data']): HistoryEvent =>
    ({
      seq: state.history.length + 1,
      at,
      actor: { id: actor.id, name: actor.name },
      action,
      stage: stageBefore,
      data,
      ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}),
    }) as HistoryEvent;
  let event: HistoryEvent;
  switch (cmd.action) {
    case 'register': {
      if (!extra.number) throw new Error('register needs the assigned number');
      state.number = extra.number;
      state.registeredAt = at;
      const dueAt = caseDueAt(new Date(nowMs), state.market, {
        domesticMs: state.rules.caseDeadlineMs.domestic,
        foreignMs: state.rules.caseDeadlineMs.foreign,
      }).toISOString();
      state.dueAt = dueAt;
      event = record('register', { number: extra.number, dueAt });
      enterStage(state, 'analysis', nowMs);
      break;
    }
    case 'analyze': {
      const { comment: _c, ...rest } = cmd;
      state.analysis = cmd;
      event = record('analyze', { ...rest });
      enterStage(state, 'countermeasure', nowMs);
      break;
    }
    case 'countermeasure': {
      const countermeasure = { cause: cmd.cause, countermeasure: cmd.countermeasure, ...(cmd.traceability ? { traceability: cmd.traceability } : {}) };
      state.countermeasure = countermeasure;
      event = record('countermeasure', { ...countermeasure });
      enterStage(state, 'review', nowMs);
      break;
    }
    case 'review':
      state.reviews.push({ stage: 'review', by: actor.name, opinion: cmd.comment });
      event = record('review', {});
      enterStage(state, nextAfterReview(state), nowMs);
      break;
    case 'rnd_review':
      state.reviews.push({ stage: 'rnd_review', by: actor.name, opinion: cmd.opinion });
      event = record('rnd_review', { opinion: cmd.opinion });
      enterStage(state, 'check', nowMs);
      break;
    case 'check':
      state.reviews.push({ stage: 'check', by: actor.name, opinion: cmd.comment });
      event = record('check', {});
      enterStage(state, state.analysis?.supplier && !state.supplier ? 'supplier_coordination' : 'proposal', nowMs);
      break;
    case 'coordinate_supplier': {
      const supplier = { supplier: cmd.supplier, outcome: cmd.outcome, supplierRatio: cmd.supplierRatio };
      state.supplier = supplier;
      event = record('coordinate_supplier', { ...supplier });
      enterStage(state, 'proposal', nowMs);
      break;
    }
    case 'propose': {
      if (!controls) {
        const amountFen = cmd.handling.amount!;
        state.proposal = { kind: cmd.handling.kind, quantity: cmd.handling.quantity ?? undefined, amountFen };
        event = record('propose', { handling: { kind: cmd.handling.kind, quantity: cmd.handling.quantity ?? undefined, amount: fenToYuan(amountFen) } });
      } else {
        const proposal = proposalOf(cmd.handling, actor, true);
        state.proposal = proposal;
        event = record('propose', { handling: proposalData(proposal) });
      }
      enterStage(state, 'consolidation', nowMs);
      break;
    }
    case 'state_quantity': {
      const proposal = state.proposal!;
      proposal.quantity = cmd.quantity;
      proposal.amountFen = moneyAtStakeOf(proposal)!.totalFen;
      event = record('state_quantity', { quantity: cmd.quantity, amount: fenToYuan(proposal.amountFen) });
      break;
    }
    case 'consolidate': {
      if (!controls) {
        const amountFen = cmd.amount!;
        state.consolidation = { opinion: cmd.opinion, amountFen };
        state.amountAtStakeFen = amountFen;
        const tier = authorityTierFor(amountFen, state.rules.authority);
        state.tier = tier;
        event = record('consolidate', { opinion: cmd.opinion, amount: fenToYuan(amountFen), tier });
      } else {
        // C8, G7: the tier follows the proposal's money; a different amount can only raise it.
        const c = consolidate(state.proposal!, cmd, state.rules.authority);
        state.consolidation = { opinion: cmd.opinion, amountFen: c.amountFen, by: { id: actor.id, name: actor.name }, proposalTier: c.proposalTier, override: c.override };
        state.amountAtStakeFen = c.amountFen;
        state.tier = c.tier;
        event = record('consolidate', {
          opinion: cmd.opinion,
          amount: fenToYuan(c.amountFen),
          tier: c.tier,
          proposalTier: c.proposalTier,
          ...(c.override ? { override: { amount: fenToYuan(c.override.amountFen), reason: c.override.reason, tier: c.override.tier } } : {}),
        });
      }
      enterStage(state, 'decision', nowMs);
      break;
    }
    case 'decide': {
      // The case is in stage decision, so consolidation has set its tier.
      const tier = state.tier!;
      const { decidedAs, delegation } = decisionAuthority(actor, tier, extra.delegation, controls ? { proposerId: state.proposal?.by?.id, consolidatorId: state.consolidation?.by?.id } : null);
      /** The decision names the decider's roles (under the controls) and the person they stood in for (G7). */
      const who = { ...(controls ? { roles: actor.roles } : {}), ...(delegation ? { delegation } : {}) };
      if (cmd.decision === 'rework') {
        event = record('decide', { decision: cmd.decision, tier, decidedAs, reworkStage: cmd.reworkStage, ...who });
        state.decision = null;
        enterStage(state, cmd.reworkStage!, nowMs);
      } else {
        event = record('decide', { decision: cmd.decision, tier, decidedAs, ...who });
        state.decision = { decision: cmd.decision, tier, decidedAs, by: actor.name, at, ...(controls ? { byId: actor.id, roles: actor.roles, delegation } : delegation ? { delegation } : {}) };
        enterStage(state, 'customer_result', nowMs);
      }
      break;
    }
    case 'record_result': {
      const customerResult = { customerAccepted: cmd.customerAccepted, result: cmd.result, ...(cmd.channel ? { channel: cmd.channel } : {}) };
      state.customerResult = customerResult;
      event = record('record_result', { ...customerResult });
      enterStage(state, 'confirmation', nowMs);
      break;
    }
    case 'confirm':
      event = record('confirm', {});
      enterStage(state, 'closing', nowMs);
      break;
    case 'close': {
      const distribution = [...DISTRIBUTION_COPIES];
      state.closing = {
        responsibility: cmd.responsibility,
        lossAmountFen: cmd.lossAmount,
        trackImprovement: cmd.trackImprovement,
        distribution,
      };
      event = record('close', {
        responsibility: cmd.responsibility,
        lossAmount: fenToYuan(cmd.lossAmount),
        trackImprovement: cmd.trackImprovement,
        distribution,
      });
      finish(state, 'closed', nowMs);
      break;
    }
    case 'appeal':
      state.appeal = { by: actor.name, reason: cmd.reason, fromStage: stageBefore as OpenStage | 'closed', at };
      event = record('appeal', { reason: cmd.reason });
      if (stageBefore === 'closed') {
        // C16, C14: a petition against the finding of not established reopens the case for the GM's ruling, once.
        state.status = 'open';
        state.closedAt = null;
        state.notEstablished!.petitionUntil = null;
      }
      enterStage(state, 'appeal', nowMs);
      break;
    case 'rule_appeal': {
      const appeal = state.appeal!;
      appeal.ruling = cmd.ruling;
      event = record('rule_appeal', { ruling: cmd.ruling, reopenStage: cmd.reopenStage });
      if (cmd.ruling === 'reopen') {
        state.decision = null;
        state.customerResult = null;
        if (appeal.fromStage === 'closed') state.notEstablished = null;
        enterStage(state, cmd.reopenStage!, nowMs);
      } else if (appeal.fromStage === 'closed') {
        finish(state, 'rejected', nowMs);
      } else {
        enterStage(state, appeal.fromStage, nowMs);
      }
      break;
    }
    case 'not_established':
      state.notEstablished = { reason: cmd.reason, ...(controls ? { petitionUntil: iso(nowMs + controls.petitionWindowMs) } : {}) };
      event = record('not_established', { reason: cmd.reason, ...(controls ? { petitionUntil: state.notEstablished.petitionUntil! } : {}) });
      finish(state, 'rejected', nowMs);
      notices.push({
        key: `${state.id}:task:receivable_collection`,
        type: 'task',
        stage: 'closed',
        to: ['sales'],
        message: `Complaint ${state.number ?? state.id} was found not established: collect the receivable on its normal terms (C16).`,
        at,
      });
      break;
    case 'assign_inspector':
      state.jointInspection!.inspector = { id: cmd.inspectorId, name: cmd.inspectorName };
      event = record('assign_inspector', { inspectorId: cmd.inspectorId, inspectorName: cmd.inspectorName });
      break;
    case 'request_inspection':
      state.jointInspection = { requestedAt: at, reportDueAt: null, inspector: null, report: null, remindersSent: 0 };
      event = record('request_inspection', {});
      notices.push(inspectionCallOut(state, at));
      break;
    case 'record_investigation': {
      const ji = state.jointInspection!;
      ji.investigatedOn = cmd.investigatedOn;
      ji.reportDueAt = iso(endOfLocalDate(cmd.investigatedOn, controls?.timeZone ?? 'UTC').getTime() + state.rules.jointInspectionReportMs);
      event = record('record_investigation', { investigatedOn: cmd.investigatedOn, reportDueAt: ji.reportDueAt });
      break;
    }
    case 'report_inspection':
      state.jointInspection!.report = { findings: cmd.findings, investigatedOn: cmd.investigatedOn, by: actor.name, at };
      event = record('report_inspection', { findings: cmd.findings, investigatedOn: cmd.investigatedOn });
      if (controls) {
        // C4, C5: the GM gets the report.
        notices.push({ key: `${state.id}:report:joint_inspection`, type: 'report', stage: stageBefore, to: ['gm'], message: `Complaint ${label}: the joint inspection report by ${actor.name}: ${cmd.findings.slice(0, 300)} (C5).`, at });
      }
      break;
    case 'comment':
      event = record('comment', {});
      break;
    case 'withdraw':
      event = record('withdraw', { reason: cmd.reason });
      finish(state, 'withdrawn', nowMs);
      break;
  }
  state.history.push(event);
  return { event, notices };
}

export function currentVisit(state: ComplaintState): StageVisit | null {
  const v = state.visits[state.visits.length - 1];
  return v && !v.leftAt ? v : null;
}

export function awaitingOf(state: ComplaintState): ComplaintView['awaiting'] {
  if (state.status !== 'open') return null;
  const stage = state.stage as OpenStage;
  const action = STAGE_ACTION[stage];
  return { roles: [...rolesFor(state, action)], action };
}

export function complaintView(state: ComplaintState, nowMs: number): ComplaintView {
  const visit = currentVisit(state);
  const open = state.status === 'open';
  const overdue =
    open && ((visit !== null && Date.parse(visit.dueAt) <= nowMs) || (state.dueAt !== null && Date.parse(state.dueAt) <= nowMs));
  const f = state.filing;
  const ji = state.jointInspection;
  let analysis: ComplaintView['analysis'] = null;
  if (state.analysis) {
    const { action: _a, comment: _c, ...rest } = state.analysis;
    analysis = rest;
  }
  return {
    id: state.id,
    number: state.number,
    status: state.status,
    stage: state.stage,
    market: state.market,
    awaiting: awaitingOf(state),
    dueAt: state.dueAt,
    stageDueAt: visit?.dueAt ?? null,
    overdue,
    tier: state.tier,
    parentId: state.parentId,
    createdAt: state.createdAt,
    closedAt: state.closedAt,
    filedBy: state.filedBy,
    customer: f.customer,
    orderNo: f.orderNo,
    partNo: f.partNo,
    shipDate: f.shipDate,
    quantity: f.quantity,
    defectQuantity: f.defectQuantity,
    request: { ...f.request, undetermined: f.request.quantity === null },
    reason: f.reason,
    salesOpinion: f.salesOpinion ?? null,
    amountAtStake: state.amountAtStakeFen === null ? null : fenToYuan(state.amountAtStakeFen),
    analysis,
    countermeasure: state.countermeasure,
    reviews: state.reviews,
    supplier: state.supplier,
    proposal: state.proposal && proposalData(state.proposal),
    consolidation: state.consolidation && {
      opinion: state.consolidation.opinion,
      amount: fenToYuan(state.consolidation.amountFen),
      ...(state.consolidation.by ? { by: state.consolidation.by } : {}),
      ...(state.consolidation.proposalTier ? { proposalTier: state.consolidation.proposalTier } : {}),
      ...(state.consolidation.override
        ? { override: { amount: fenToYuan(state.consolidation.override.amountFen), reason: state.consolidation.override.reason, tier: state.consolidation.override.tier } }
        : {}),
    },
    controls: state.rules.controls !== undefined,
    decision: state.decision,
    customerResult: state.customerResult,
    closing: state.closing && {
      responsibility: state.closing.responsibility,
      lossAmount: fenToYuan(state.closing.lossAmountFen),
      trackImprovement: state.closing.trackImprovement,
      distribution: state.closing.distribution,
    },
    notEstablished: state.notEstablished,
    appeal: state.appeal,
    jointInspection: ji && {
      requestedAt: ji.requestedAt,
      reportDueAt: ji.reportDueAt,
      ...(ji.investigatedOn ? { investigatedOn: ji.investigatedOn } : {}),
      inspector: ji.inspector,
      report: ji.report,
      overdue: !ji.report && open && ji.reportDueAt !== null && Date.parse(ji.reportDueAt) <= nowMs,
    },
  };
}

/** Every reminder or escalation that is the next one due for the case, whatever its time. */
function scheduledNotices(state: ComplaintState): ScheduledNotice<ComplaintState, NoticeDraft>[] {
  if (state.status !== 'open') return [];
  const out: ScheduledNotice<ComplaintState, NoticeDraft>[] = [];
  const label = state.number ?? state.id;
  const visit = currentVisit(state);
  const visitIndex = state.visits.length - 1;
  if (visit) {
    const atMs = Date.parse(visit.dueAt) + visit.remindersSent * state.rules.reminderIntervalMs;
    const awaiting = awaitingOf(state)!;
    out.push({
      atMs,
      draft: {
        key: `${state.id}:reminder:${visitIndex}:${visit.remindersSent + 1}`,
        type: 'reminder',
        stage: visit.stage,
        to: awaiting.roles,
        message: `Complaint ${label} is overdue in stage ${visit.stage}: "${awaiting.action}" was due ${visit.dueAt} (C19).`,
        at: iso(atMs),
      },
      markSent: (s) => {
        currentVisit(s)!.remindersSent += 1;
      },
    });
  }
  const escalationKey = `${state.id}:escalation:case`;
  if (state.dueAt && !state.noticesSent.includes(escalationKey)) {
    const atMs = Date.parse(state.dueAt);
    out.push({
      atMs,
      draft: {
        key: escalationKey,
        type: 'escalation',
        stage: state.stage,
        to: [...ESCALATION_ROLES],
        message: `Complaint ${label} passed its case deadline ${state.dueAt} (C17) in stage ${state.stage}.`,
        at: iso(atMs),
      },
      markSent: (s) => {
        s.noticesSent.push(escalationKey);
      },
    });
  }
  // G3: under the controls an overdue stage escalates once, the configured time after its deadline.
  const controls = state.rules.controls;
  const stageEscalationKey = `${state.id}:escalation:stage:${visitIndex}`;
  if (controls && visit && !state.noticesSent.includes(stageEscalationKey)) {
    const atMs = Date.parse(visit.dueAt) + controls.stageEscalationAfterMs;
    const to = controls.stageEscalationRoles[visit.stage] ?? [...ESCALATION_ROLES];
    const message = `Complaint ${label} is overdue in stage ${visit.stage} since ${visit.dueAt}: follow it up with ${STAGE_OWNER[visit.stage].join(', ')} (G3, C19).`;
    out.push({ atMs, draft: { key: stageEscalationKey, type: 'escalation', stage: visit.stage, to, message, at: iso(atMs) }, markSent: (s) => s.noticesSent.push(stageEscalationKey) });
    out.push({
      atMs,
      draft: { key: `${state.id}:task:stage_escalation:${visitIndex}`, type: 'task', stage: visit.stage, to, message, at: iso(atMs) },
      markSent: () => undefined,
    });
  }
  const ji = state.jointInspection;
  if (ji && !ji.report && ji.reportDueAt !== null) {
    const atMs = Date.parse(ji.reportDueAt) + ji.remindersSent * state.rules.reminderIntervalMs;
    out.push({
      atMs,
      draft: {
        key: `${state.id}:inspection:${ji.remindersSent + 1}`,
        type: 'reminder',
        stage: state.stage,
        to: ji.remindersSent === 0 ? ['qa', 'manufacturing'] : ['qa', 'manufacturing', 'gm'],
        message: `Complaint ${label}: the joint inspection report to the GM was due ${ji.reportDueAt} (C5).`,
        at: iso(atMs),
      },
      markSent: (s) => {
        s.jointInspection!.remindersSent += 1;
      },
    });
  }
  return out;
}

/** C19, C17, C5: when the next reminder or escalation falls due, and which are due now. */
export const complaintNotices = noticeClock(scheduledNotices);
export const nextNoticeAt = complaintNotices.nextAt;
export const takeDueNotices = complaintNotices.takeDue;

export interface StageTimeliness {
  stage: OpenStage;
  department: Role;
  enteredAt: string;
  dueAt: string;
  leftAt: string;
  late: boolean;
  lateByMs: number;
}

/** C19: after closing, how each stage's department kept its deadline. */
export function stageTimeliness(state: ComplaintState): StageTimeliness[] {
  return state.visits
    .filter((v): v is StageVisit & { leftAt: string } => v.leftAt !== undefined)
    .map((v) => {
      const lateByMs = Math.max(0, Date.parse(v.leftAt) - Date.parse(v.dueAt));
      const owner = v.stage === 'decision' ? (state.decision?.decidedAs ?? state.tier ?? 'sales_manager') : STAGE_OWNER[v.stage][0]!;
      return { stage: v.stage, department: owner, enteredAt: v.enteredAt, dueAt: v.dueAt, leftAt: v.leftAt, late: lateByMs > 0, lateByMs };
    });
}

/** C19: a follow-up notice to each department that was late, asking why. */
export function followUpNotices(state: ComplaintState, nowMs: number): NoticeDraft[] {
  const label = state.number ?? state.id;
  return stageTimeliness(state)
    .map((t, index) => ({ t, index }))
    .filter(({ t }) => t.late)
    .map(({ t, index }) => ({
      key: `${state.id}:follow_up:${index}`,
      type: 'follow_up' as const,
      stage: t.stage,
      to: [t.department],
      message: `Complaint ${label}: stage ${t.stage} finished ${Math.ceil(t.lateByMs / 3_600_000)} h after its deadline; please state the reason (C19).`,
      at: iso(nowMs),
    }));
}

/** G7: every decision of the case and why it was allowed, from its recorded history and the rules it was filed under. */
export function decisionsOf(state: ComplaintState): DecisionExplanation[] {
  const out: DecisionExplanation[] = [];
  let proposal: ComplaintHistoryEventOf<'propose'>['data']['handling'] | null = null;
  let consolidation: ComplaintHistoryEventOf<'consolidate'>['data'] | null = null;
  const controlled = state.rules.controls !== undefined;
  for (const e of state.history) {
    if (e.action === 'propose') proposal = e.data.handling;
    if (e.action === 'consolidate') consolidation = e.data;
    if (e.action !== 'decide') continue;
    const d = e.data;
    out.push({
      seq: e.seq,
      at: e.at,
      decision: d.decision,
      ...(d.reworkStage ? { reworkStage: d.reworkStage } : {}),
      decidedBy: { id: e.actor.id, name: e.actor.name, roles: d.roles ?? null },
      tier: d.tier,
      decidedAs: d.decidedAs,
      higherTierActed: d.decidedAs !== d.tier,
      delegation: d.delegation ?? null,
      moneyAtStake: {
        amount: consolidation?.amount ?? '0.00',
        computed: controlled,
        figures: controlled ? proposal : null,
        proposalTier: consolidation?.proposalTier ?? null,
        override: consolidation?.override ?? null,
      },
      thresholds: { salesManagerMax: fenToYuan(state.rules.authority.salesManagerMaxFen), vpMax: fenToYuan(state.rules.authority.vpMaxFen) },
      rules: ['C8', ...(d.decidedAs !== d.tier ? ['C13'] : []), ...(controlled ? ['G7'] : [])],
    });
  }
  return out;
}
