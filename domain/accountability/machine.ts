// The accountability of one closed complaint as a pure state machine (C9, P1, P2, P8–P15):
//
//   awaiting_proposal --propose (gm_office)--> awaiting_approval --approve (gm)--> resale_window --record_resale / window ends--> settling --> settled
//                     <--reject (gm)---------                    \--approve, nothing to resell---------------------------------/
//
// A case whose fault is not ours (C9) is `not_our_fault`: its allocation is kept, nobody is charged.
// HR's publication (P1) of administrative penalties runs beside it, from the approval on.
// The workflow (workflows/accountability.ts) drives it; tests exercise it without a server.
import type { ComplaintState } from '../complaint/machine';
import { AppError, type ErrorDetail } from '../errors';
import { fenToYuan } from '../money';
import { type Actor, type Role, hasAnyRole } from '../roles';
import { type ActionRequest, commandOf } from '../validation';
import {
  type AccountingRules,
  type LossAllocation,
  type PenaltyCharge,
  type PenaltyLine,
  type ResponsibleParty,
  type SettledAllocation,
  allocateLoss,
  lineTarget,
} from './allocation';
import { isAdministrative, type PenaltyGround, type PenaltyLevel } from './grounds';
import { type AccountabilityAction, type AccountabilityActionName, accountabilityActionSchemas, accountabilityCommandSchemas } from './schemas';
import type { ReviewDeadline } from './review';
import { type ChargeTarget, defaultChargeTarget, targetKey, targetLabel } from './units';
import type { AccountabilityStatus, AccountabilityView, PenaltyChargeView, ResaleOutcomeView } from './views';

export type { AccountabilityStatus } from './views';

/** What the closed complaint hands over (workflows/complaint.ts → activities → accountabilityWorkflow). */
export interface AccountabilityInput {
  caseId: string;
  caseNumber: string | null;
  closedAt: string;
  customer: string;
  market: 'domestic' | 'foreign';
  responsibility: ResponsibleParty[];
  /** The loss recorded at closing (C9): the actual loss unless a resale fixes it otherwise (P8). */
  lossFen: number;
  ourFault: boolean;
  humanNegligence: boolean;
  cause: string | null;
  countermeasure: string | null;
  trackImprovement: boolean;
  /** The handling sales proposed (return, exchange, allowance, ...), for P8's default. */
  handlingKind: string | null;
  rules: AccountingRules;
  /** P1: when the proposal and approval are due and how often they are reminded after; absent in cases opened before reviews had a deadline. */
  review?: ReviewDeadline;
}

export type ResaleOutcome =
  | { outcome: 'sold'; saleAmountFen: number; aGradeAmountFen: number; by: string; at: string }
  | { outcome: 'not_sold'; actualLossFen: number | null; by: string; at: string }
  | { outcome: 'window_expired'; at: string };

export interface AccountabilityEvent {
  seq: number;
  at: string;
  actor: { id: string; name: string };
  action: AccountabilityActionName | 'open' | 'resale_window_expired' | 'settled';
  status: AccountabilityStatus;
  data: Record<string, unknown>;
  comment?: string;
}

export interface Settlement {
  /** The month (company time zone) the charges land in: the month the loss was fixed. */
  month: string;
  at: string;
  allocations: SettledAllocation[];
  charges: PenaltyCharge[];
}

export interface AccountabilityState {
  case: Omit<AccountabilityInput, 'rules'>;
  rules: AccountingRules;
  status: AccountabilityStatus;
  openedAt: string;
  proposal: { lines: PenaltyLine[]; resale: boolean; by: { id: string; name: string }; at: string; comment?: string } | null;
  rejections: { by: string; at: string; comment: string }[];
  decision: { by: { id: string; name: string }; at: string } | null;
  resaleDueAt: string | null;
  resale: ResaleOutcome | null;
  fixedLoss: { amountFen: number; at: string; basis: string } | null;
  settlement: Settlement | null;
  publication: { required: boolean; by?: string; at?: string; reference?: string };
  history: AccountabilityEvent[];
}

const SYSTEM = { id: 'system', name: 'Platform' };
const iso = (ms: number) => new Date(ms).toISOString();
const fail = (code: 'forbidden' | 'wrong_stage' | 'invalid_input' | 'conflict', message: string, details: ErrorDetail[] = []): never => {
  throw new AppError(code, message, details);
};

/** Who may take each action. */
export const ACTION_ROLES: Record<AccountabilityActionName, readonly Role[]> = {
  propose: ['gm_office'],
  approve: ['gm'],
  reject: ['gm'],
  record_resale: ['sales', 'accounting'],
  publish: ['hr'],
};

/** P8's default: goods come back (and can be resold) with a return or an exchange. */
export const resaleByDefault = (handlingKind: string | null): boolean => handlingKind === 'return' || handlingKind === 'exchange';

function record(state: AccountabilityState, at: string, actor: { id: string; name: string }, action: AccountabilityEvent['action'], data: Record<string, unknown>, comment?: string): AccountabilityEvent {
  const event: AccountabilityEvent = {
    seq: state.history.length + 1,
    at,
    actor: { id: actor.id, name: actor.name },
    action,
    status: state.status,
    data,
    ...(comment !== undefined ? { comment } : {}),
  };
  state.history.push(event);
  return event;
}

export function initialAccountabilityState(input: AccountabilityInput, nowMs: number): AccountabilityState {
  const { rules, ...caseData } = input;
  const state: AccountabilityState = {
    case: caseData,
    rules,
    status: input.ourFault ? 'awaiting_proposal' : 'not_our_fault',
    openedAt: iso(nowMs),
    proposal: null,
    rejections: [],
    decision: null,
    resaleDueAt: null,
    resale: null,
    fixedLoss: null,
    settlement: null,
    publication: { required: false },
    history: [],
  };
  record(state, iso(nowMs), SYSTEM, 'open', {
    caseNumber: input.caseNumber,
    lossAmount: fenToYuan(input.lossFen),
    responsibility: input.responsibility,
    ourFault: input.ourFault,
  });
  return state;
}

/** What a closed complaint hands to its accountability workflow (C9): the closing, the analysis, the rules. */
export function accountabilityInputOf(state: ComplaintState, rules: AccountingRules, review?: ReviewDeadline): AccountabilityInput {
  const closing = state.closing!;
  return {
    caseId: state.id,
    caseNumber: state.number,
    closedAt: state.closedAt ?? state.createdAt,
    customer: state.filing.customer.name,
    market: state.market,
    responsibility: closing.responsibility,
    lossFen: closing.lossAmountFen,
    ourFault: state.analysis?.ourFault ?? true,
    humanNegligence: state.analysis?.humanNegligence ?? false,
    cause: state.analysis?.cause ?? null,
    countermeasure: state.countermeasure?.countermeasure ?? null,
    trackImprovement: closing.trackImprovement,
    handlingKind: state.proposal?.kind ?? state.filing.request.kind,
    rules,
    ...(review ? { review } : {}),
  };
}

/** P9 on the loss as it stands: the closing's loss until P8 fixes it. */
export function currentAllocation(state: AccountabilityState): LossAllocation[] {
  return allocateLoss(state.fixedLoss?.amountFen ?? state.case.lossFen, state.case.responsibility);
}

/** Whom each responsible party is charged to by default (P9, P12, P15). */
export const allocationTargetsOf = (state: AccountabilityState): ChargeTarget[] => state.case.responsibility.map(defaultChargeTarget);

/** Parses an action as a client sends it; invalid data is an `invalid_input` error naming each field. */
export const parseAccountabilityAction = (raw: unknown): AccountabilityAction =>
  accountabilityActionSchemas.parseOrInvalid(raw, 'The action is invalid.', 'action');

/** The action an Update carries: the API's parsed command, or the raw body of a recorded history. */
export const accountabilityCommandOf = (req: ActionRequest<AccountabilityAction>): AccountabilityAction =>
  commandOf(req, { command: accountabilityCommandSchemas, request: accountabilityActionSchemas });

const EXPECTED_STATUS: Record<Exclude<AccountabilityActionName, 'publish'>, AccountabilityStatus> = {
  propose: 'awaiting_proposal',
  approve: 'awaiting_approval',
  reject: 'awaiting_approval',
  record_resale: 'resale_window',
};

/** Checks a proposal's lines against the case (P2, P10, P12): every internal party is named once. */
export function checkProposalLines(state: AccountabilityState, lines: readonly PenaltyLine[]): void {
  const details: ErrorDetail[] = [];
  const parties = state.case.responsibility;
  const allocations = allocateLoss(state.case.lossFen, parties);
  const seen = new Set<number>();
  lines.forEach((line, i) => {
    const a = allocations[line.entry];
    if (!a) {
      details.push({ field: `lines.${i}.entry`, message: `the case has ${parties.length} responsible parties (0 to ${parties.length - 1})` });
      return;
    }
    if (seen.has(line.entry)) details.push({ field: `lines.${i}.entry`, message: `party ${line.entry} already has a line` });
    seen.add(line.entry);
    if (line.waive && line.level !== 'none') details.push({ field: `lines.${i}.waive`, message: 'a waived share carries no penalty level; use level "none"' });
    const target = lineTarget(line, a);
    if (isAdministrative(line.level) && target.kind !== 'person') {
      details.push({ field: `lines.${i}.level`, message: 'an administrative penalty (warning, demerit) names a person: set chargeTo.person' });
    }
    if (target.kind === 'external' && !line.waive && line.level !== 'none') {
      details.push({ field: `lines.${i}.level`, message: 'an outside party (C15) is not penalised here' });
    }
  });
  allocations.forEach((a) => {
    if (a.target.kind !== 'external' && !seen.has(a.entry)) {
      details.push({ field: 'lines', message: `party ${a.entry} (${a.department}${a.person ? `, ${a.person}` : ''}) needs a line: charge it or waive it` });
    }
  });
  if (details.length) fail('invalid_input', 'The proposal does not fit the case.', details);
}

/**
 * Refuses what the actor may not do now: `forbidden` for the wrong role, `wrong_stage` for the
 * wrong state, `invalid_input` for data that contradicts the case. Changes nothing.
 */
export function checkAccountabilityAction(state: AccountabilityState, actor: Actor, cmd: AccountabilityAction): void {
  const roles = ACTION_ROLES[cmd.action];
  if (!hasAnyRole(actor, roles)) fail('forbidden', `"${cmd.action}" needs one of the roles: ${roles.join(', ')}.`);
  if (state.status === 'not_our_fault') fail('wrong_stage', 'The fault is not ours (C9): nobody is charged on this case.');
  if (cmd.action === 'publish') {
    if (!state.decision) fail('wrong_stage', 'There is no approved penalty decision to publish yet.');
    if (!state.publication.required) fail('wrong_stage', 'The decision has no administrative penalties to publish.');
    if (state.publication.at) fail('wrong_stage', 'The administrative penalties were already published.');
    return;
  }
  const expected = EXPECTED_STATUS[cmd.action];
  if (state.status !== expected) {
    fail('wrong_stage', `"${cmd.action}" is taken while the case is ${expected}; it is ${state.status}.`);
  }
  if (cmd.action === 'propose') checkProposalLines(state, cmd.lines);
  if (cmd.action === 'record_resale') {
    if (cmd.outcome === 'sold') {
      const missing: ErrorDetail[] = [];
      if (cmd.saleAmount === undefined) missing.push({ field: 'saleAmount', message: 'is required when the goods were sold' });
      if (cmd.aGradeAmount === undefined) missing.push({ field: 'aGradeAmount', message: 'is required when the goods were sold (the A-grade price of the same goods)' });
      if (cmd.actualLoss !== undefined) missing.push({ field: 'actualLoss', message: 'goes with outcome not_sold' });
      if (missing.length) fail('invalid_input', 'A sale needs its amounts.', missing);
    } else if (cmd.saleAmount !== undefined || cmd.aGradeAmount !== undefined) {
      fail('invalid_input', 'Unsold goods have no sale amounts.', [
        { field: cmd.saleAmount !== undefined ? 'saleAmount' : 'aGradeAmount', message: 'goes with outcome sold' },
      ]);
    }
  }
}

/** P8: the loss the resale outcome fixes, with its explanation. */
export function lossAfterResale(closingLossFen: number, resale: ResaleOutcome | null): { amountFen: number; basis: string } {
  if (!resale) return { amountFen: closingLossFen, basis: `No goods to resell: the loss recorded at closing, ${fenToYuan(closingLossFen)} (C9).` };
  switch (resale.outcome) {
    case 'sold': {
      const shortfall = Math.max(0, resale.aGradeAmountFen - resale.saleAmountFen);
      return {
        amountFen: shortfall,
        basis: `Resold for ${fenToYuan(resale.saleAmountFen)} against the A-grade price ${fenToYuan(resale.aGradeAmountFen)}: the shortfall, ${fenToYuan(shortfall)} (P8).`,
      };
    }
    case 'not_sold':
      return resale.actualLossFen !== null
        ? { amountFen: resale.actualLossFen, basis: `Not resold: the actual loss, ${fenToYuan(resale.actualLossFen)} (P8).` }
        : { amountFen: closingLossFen, basis: `Not resold: the actual loss as recorded at closing, ${fenToYuan(closingLossFen)} (P8).` };
    case 'window_expired':
      return { amountFen: closingLossFen, basis: `Not resold within the window: the actual loss as recorded at closing, ${fenToYuan(closingLossFen)} (P8).` };
  }
}

function fixLoss(state: AccountabilityState, nowMs: number): void {
  const fixed = lossAfterResale(state.case.lossFen, state.resale);
  state.fixedLoss = { ...fixed, at: iso(nowMs) };
  state.status = 'settling';
}

/** Applies a checked action; mutates `state` and returns the history event. */
export function applyAccountabilityAction(state: AccountabilityState, actor: Actor, cmd: AccountabilityAction, nowMs: number): AccountabilityEvent {
  const at = iso(nowMs);
  const who = { id: actor.id, name: actor.name };
  const data: Record<string, unknown> = {};
  switch (cmd.action) {
    case 'propose': {
      const resale = cmd.resale ?? resaleByDefault(state.case.handlingKind);
      state.proposal = { lines: cmd.lines, resale, by: who, at, ...(cmd.comment ? { comment: cmd.comment } : {}) };
      state.status = 'awaiting_approval';
      Object.assign(data, { lines: cmd.lines, resale });
      break;
    }
    case 'approve': {
      state.decision = { by: who, at };
      state.publication = { required: state.proposal!.lines.some((l) => isAdministrative(l.level)) };
      if (state.proposal!.resale) {
        state.status = 'resale_window';
        state.resaleDueAt = iso(nowMs + state.rules.resaleWindowMs);
        data.resaleDueAt = state.resaleDueAt;
      } else {
        fixLoss(state, nowMs);
        data.fixedLoss = fenToYuan(state.fixedLoss!.amountFen);
      }
      data.publicationRequired = state.publication.required;
      break;
    }
    case 'reject':
      state.rejections.push({ by: actor.name, at, comment: cmd.comment ?? '' });
      data.rejectedProposal = state.proposal;
      state.proposal = null;
      state.status = 'awaiting_proposal';
      break;
    case 'record_resale': {
      state.resale =
        cmd.outcome === 'sold'
          ? { outcome: 'sold', saleAmountFen: cmd.saleAmount!, aGradeAmountFen: cmd.aGradeAmount!, by: actor.name, at }
          : { outcome: 'not_sold', actualLossFen: cmd.actualLoss ?? null, by: actor.name, at };
      fixLoss(state, nowMs);
      Object.assign(data, {
        outcome: cmd.outcome,
        ...(cmd.saleAmount !== undefined ? { saleAmount: fenToYuan(cmd.saleAmount) } : {}),
        ...(cmd.aGradeAmount !== undefined ? { aGradeAmount: fenToYuan(cmd.aGradeAmount) } : {}),
        ...(cmd.actualLoss !== undefined ? { actualLoss: fenToYuan(cmd.actualLoss) } : {}),
        fixedLoss: fenToYuan(state.fixedLoss!.amountFen),
      });
      break;
    }
    case 'publish':
      state.publication = { ...state.publication, by: actor.name, at, ...(cmd.reference ? { reference: cmd.reference } : {}) };
      if (cmd.reference) data.reference = cmd.reference;
      break;
  }
  return record(state, at, who, cmd.action, data, cmd.comment);
}

/** P8: the window ended without a recorded outcome: the actual loss stands. */
export function expireResaleWindow(state: AccountabilityState, nowMs: number): AccountabilityEvent {
  if (state.status !== 'resale_window') throw new Error(`no resale window is open (status ${state.status})`);
  // The window ended at its due time, whenever the timer was seen to fire: the loss is fixed then.
  const endedMs = Math.min(nowMs, Date.parse(state.resaleDueAt!));
  state.resale = { outcome: 'window_expired', at: iso(endedMs) };
  fixLoss(state, endedMs);
  return record(state, iso(nowMs), SYSTEM, 'resale_window_expired', { fixedLoss: fenToYuan(state.fixedLoss!.amountFen) });
}

/** The charges are computed and booked: the case's accounting is settled. */
export function markSettled(state: AccountabilityState, settlement: Settlement, nowMs: number): AccountabilityEvent {
  if (state.status !== 'settling') throw new Error(`the case is not settling (status ${state.status})`);
  state.settlement = settlement;
  state.status = 'settled';
  const total = settlement.charges.reduce((s, c) => s + c.chargeFen, 0);
  return record(state, iso(nowMs), SYSTEM, 'settled', {
    month: settlement.month,
    lossAmount: fenToYuan(state.fixedLoss!.amountFen),
    charges: settlement.charges.length,
    charged: fenToYuan(total),
  });
}

/** Nothing more will happen on the case: settled (or not our fault) and published when needed. */
export const accountabilityFinished = (state: AccountabilityState): boolean =>
  (state.status === 'settled' || state.status === 'not_our_fault') && (!state.publication.required || state.publication.at !== undefined);

/** The work the case waits for, as work items for the roles that do it. */
export interface AccountabilityTask {
  key: string;
  kind: 'penalty_proposal' | 'penalty_approval' | 'resale_outcome' | 'penalty_publication';
  roles: Role[];
  title: string;
  dueAt: string | null;
}

export function openTasks(state: AccountabilityState): AccountabilityTask[] {
  const label = state.case.caseNumber ?? state.case.caseId;
  const round = state.rejections.length;
  const base = `accountability:${state.case.caseId}`;
  const out: AccountabilityTask[] = [];
  if (state.status === 'awaiting_proposal') {
    out.push({ key: `${base}:proposal:${round}`, kind: 'penalty_proposal', roles: ['gm_office'], title: `Complaint ${label}: name who is charged and propose the penalties (P2).`, dueAt: state.case.review?.dueAt ?? null });
  }
  if (state.status === 'awaiting_approval') {
    out.push({ key: `${base}:approval:${round}`, kind: 'penalty_approval', roles: ['gm'], title: `Complaint ${label}: approve or reject the proposed penalties (P2).`, dueAt: state.case.review?.dueAt ?? null });
  }
  if (state.status === 'resale_window') {
    out.push({ key: `${base}:resale`, kind: 'resale_outcome', roles: ['sales', 'accounting'], title: `Complaint ${label}: record whether the goods were resold, by ${state.resaleDueAt} (P8).`, dueAt: state.resaleDueAt });
  }
  if (state.publication.required && !state.publication.at) {
    out.push({ key: `${base}:publication`, kind: 'penalty_publication', roles: ['hr'], title: `Complaint ${label}: publish the administrative penalties (P1).`, dueAt: null });
  }
  return out;
}

/** P2: one reward/penalty notice per penalised party, in three copies. */
export interface PenaltyNoticeDraft {
  number: string;
  caseId: string;
  caseNumber: string | null;
  party: string;
  partyKey: string;
  copies: string[];
  lines: { entry: number; ground: PenaltyGround; level: PenaltyLevel; allocatedFen: number; note?: string }[];
  approvedBy: string;
  approvedAt: string;
  /** Final once the loss is fixed (P8); until then the amounts stand on the closing's loss. */
  final: boolean;
  charges: PenaltyCharge[];
}

export function penaltyNotices(state: AccountabilityState): PenaltyNoticeDraft[] {
  if (!state.decision || !state.proposal) return [];
  const allocations = currentAllocation(state);
  const groups = new Map<string, PenaltyNoticeDraft>();
  for (const line of state.proposal.lines) {
    const a = allocations[line.entry];
    if (!a || line.waive) continue;
    const target = lineTarget(line, a);
    if (target.kind === 'external') continue;
    const key = targetKey(target);
    let notice = groups.get(key);
    if (!notice) {
      const party = targetLabel(target);
      notice = {
        number: `RP-${state.case.caseNumber ?? state.case.caseId.slice(0, 8)}-${groups.size + 1}`,
        caseId: state.case.caseId,
        caseNumber: state.case.caseNumber,
        party,
        partyKey: key,
        copies: ['gm_office', 'accounting', party],
        lines: [],
        approvedBy: state.decision.by.name,
        approvedAt: state.decision.at,
        final: state.settlement !== null,
        charges: [],
      };
      groups.set(key, notice);
    }
    notice.lines.push({ entry: line.entry, ground: line.ground, level: line.level, allocatedFen: a.amountFen, ...(line.note ? { note: line.note } : {}) });
    notice.charges.push(...(state.settlement?.charges.filter((c) => c.entry === line.entry) ?? []));
  }
  return [...groups.values()];
}

/** Who is awaited, as the API shows it. */
export function awaitingOf(state: AccountabilityState): { roles: Role[]; action: AccountabilityActionName }[] {
  const out: { roles: Role[]; action: AccountabilityActionName }[] = [];
  if (state.status === 'awaiting_proposal') out.push({ roles: ['gm_office'], action: 'propose' });
  if (state.status === 'awaiting_approval') out.push({ roles: ['gm'], action: 'approve' });
  if (state.status === 'resale_window') out.push({ roles: ['sales', 'accounting'], action: 'record_resale' });
  if (state.publication.required && !state.publication.at) out.push({ roles: ['hr'], action: 'publish' });
  return out;
}

const yuanOrNull = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fenToYuan(fen));

/** P8's outcome as the API shows it: amounts in yuan. */
function resaleOutcomeView(resale: ResaleOutcome): ResaleOutcomeView {
  switch (resale.outcome) {
    case 'sold':
      return { outcome: 'sold', at: resale.at, saleAmount: fenToYuan(resale.saleAmountFen), aGradeAmount: fenToYuan(resale.aGradeAmountFen), by: resale.by };
    case 'not_sold':
      return { outcome: 'not_sold', at: resale.at, actualLoss: yuanOrNull(resale.actualLossFen), by: resale.by };
    case 'window_expired':
      return { outcome: 'window_expired', at: resale.at };
  }
}

/** The case's accounting as the API shows it; `personal: false` leaves out the penalties (personal data). */
export function accountabilityView(state: AccountabilityState, options: { personal: boolean }): AccountabilityView {
  const allocations = state.settlement?.allocations ?? currentAllocation(state).map((a) => ({ ...a, status: 'provisional' as const }));
  return {
    caseId: state.case.caseId,
    caseNumber: state.case.caseNumber,
    status: state.status,
    closedAt: state.case.closedAt,
    openedAt: state.openedAt,
    customer: state.case.customer,
    ourFault: state.case.ourFault,
    awaiting: awaitingOf(state),
    reviewDueAt: state.case.review?.dueAt ?? null,
    loss: {
      atClosing: fenToYuan(state.case.lossFen),
      fixed: yuanOrNull(state.fixedLoss?.amountFen),
      fixedAt: state.fixedLoss?.at ?? null,
      basis: state.fixedLoss?.basis ?? null,
    },
    allocations: allocations.map((a) => ({
      entry: a.entry,
      department: a.department,
      person: a.person ?? null,
      ratio: a.ratioBp / 10_000,
      amount: fenToYuan(a.amountFen),
      status: a.status,
      chargedTo: 'chargedTo' in a ? a.chargedTo : targetLabel(a.target),
      scope: a.target.kind === 'external' ? 'external' : a.target.scope,
      ...('reason' in a && a.reason ? { reason: a.reason } : {}),
    })),
    resale: {
      required: state.proposal?.resale ?? null,
      dueAt: state.resaleDueAt,
      outcome: state.resale ? resaleOutcomeView(state.resale) : null,
    },
    decision: state.decision && { by: state.decision.by.name, at: state.decision.at },
    rejections: state.rejections,
    publication: state.publication,
    ...(options.personal
      ? {
          proposal: state.proposal && { ...state.proposal, by: state.proposal.by.name },
          settlement: state.settlement && {
            month: state.settlement.month,
            at: state.settlement.at,
            charges: state.settlement.charges.map(chargeView),
          },
          notices: penaltyNotices(state).map((n) => ({ number: n.number, party: n.party, copies: n.copies, final: n.final })),
        }
      : {}),
  };
}

export function chargeView(c: PenaltyCharge): PenaltyChargeView {
  return {
    entry: c.entry,
    personId: c.personId,
    personName: c.personName,
    personUnit: c.personUnit,
    chargedTo: c.chargedTo,
    scope: c.scope,
    ground: c.ground,
    level: c.level,
    allocated: fenToYuan(c.allocatedFen),
    basePoints: c.basePointsCenti / 100,
    unitBasePoints: c.unitBasePointsCenti / 100,
    share: fenToYuan(c.shareFen),
    minimum: fenToYuan(c.minimumFen),
    charge: fenToYuan(c.chargeFen),
    performanceForfeit: c.performanceForfeit,
    basis: c.basis,
  };
}
