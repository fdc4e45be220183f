// The approval controls of a complaint (C8, C13, G7, G3, C16): the money at stake computed from
// the proposal's own figures, never typed; a different amount from the GM office only with a reason,
// and then the higher tier; four eyes (whoever proposed or consolidated does not decide); a decider's
// stand-in named in the decision; the escalation of an overdue stage; the petition window of a case
// found not established. A case filed with `rules.controls` runs under them; cases filed before keep
// the rules they were filed under, so that their histories replay as they were recorded.
import { type AuthorityThresholds, type AuthorityTier, TIER_ORDER, authorityTierFor, decidingTierOf, tierRank } from '../authority';
import { AppError, type ErrorDetail } from '../errors';
import type { Actor, Role } from '../roles';
import type { REQUEST_KINDS } from './schemas';
import type { OpenStage } from './stages';

/** The controls a case runs under, fixed when it is filed (ComplaintRules.controls). */
export interface ComplaintControls {
  /** G3: an overdue stage escalates once, this long after its deadline. */
  stageEscalationAfterMs: number;
  /** G3: who an overdue stage escalates to, per stage (default: the GM office and the GM). */
  stageEscalationRoles: Partial<Record<OpenStage, Role[]>>;
  /** C16, C14: how long a case found not established stays open to a petition. */
  petitionWindowMs: number;
  /** The company's time zone: a joint inspection's report is due counted from the end of its day (C5). */
  timeZone: string;
}

type RequestKind = (typeof REQUEST_KINDS)[number];

/** Kinds whose money at stake includes the value of the goods (unit price × quantity). */
const GOODS_KINDS: readonly RequestKind[] = ['return', 'exchange'];

/** Sales' proposed handling as the case records it; amounts in fen. */
export interface Proposal {
  kind: RequestKind;
  /** Pieces returned or exchanged; null: the customer is still processing, undetermined (C3). */
  quantity?: number | null;
  /** The stated total: the money at stake of a case filed without the controls; computed on the others. */
  amountFen: number;
  /** C8: the figures the money at stake is computed from (cases filed with the controls). */
  parts?: { unitPriceFen: number | null; allowanceFen: number; compensationFen: number };
  /** Who proposed it (G7). */
  by?: { id: string; name: string };
}

/** The handling as the `propose` action states it (amounts in fen). */
export interface ProposedHandling {
  kind: RequestKind;
  quantity?: number | null;
  unitPrice?: number;
  allowance?: number;
  compensation?: number;
  amount?: number;
}

/** C8: allowance + compensation + value of the goods returned or exchanged; how it was computed. */
export interface MoneyAtStake {
  allowanceFen: number;
  compensationFen: number;
  unitPriceFen: number | null;
  quantity: number | null;
  goodsValueFen: number;
  totalFen: number;
}

const invalid = (message: string, details: ErrorDetail[]): never => {
  throw new AppError('invalid_input', message, details);
};

/**
 * C8, G7: checks a proposal's figures and records it. Under the controls, returns and exchanges
 * state a unit price and a quantity (or null while undetermined); a stated `amount` alone is the
 * allowance (an allowance) or the compensation (any other kind); with parts, it must equal their sum.
 */
export function proposalOf(h: ProposedHandling, by: { id: string; name: string }, controlled: boolean): Proposal {
  if (!controlled) {
    if (h.amount === undefined) invalid('The proposal states no amount.', [{ field: 'handling.amount', message: 'is required' }]);
    return { kind: h.kind, ...(h.quantity !== undefined && h.quantity !== null ? { quantity: h.quantity } : {}), amountFen: h.amount!, by };
  }
  const goods = GOODS_KINDS.includes(h.kind);
  if (goods && h.unitPrice === undefined) {
    invalid('A return or exchange states the unit price of the goods (C8).', [{ field: 'handling.unitPrice', message: 'is required for a return or exchange' }]);
  }
  if (goods && h.quantity === undefined) {
    invalid('A return or exchange states the pieces, or null while the customer is still processing (C3).', [{ field: 'handling.quantity', message: 'is required for a return or exchange (null: undetermined)' }]);
  }
  const hasParts = h.unitPrice !== undefined || h.allowance !== undefined || h.compensation !== undefined;
  const parts = {
    unitPriceFen: goods ? h.unitPrice! : null,
    allowanceFen: h.allowance ?? (!hasParts && h.kind === 'allowance' ? (h.amount ?? 0) : 0),
    compensationFen: h.compensation ?? (!hasParts && h.kind !== 'allowance' ? (h.amount ?? 0) : 0),
  };
  if (!hasParts && h.amount === undefined) {
    invalid('The proposal states no money: give the allowance, the compensation or, for a return or exchange, the unit price.', [
      { field: 'handling.amount', message: 'give amount, allowance, compensation or unitPrice' },
    ]);
  }
  const quantity = goods ? (h.quantity ?? null) : (h.quantity ?? null);
  const proposal: Proposal = { kind: h.kind, quantity, amountFen: 0, parts, by };
  const money = moneyAtStakeOf(proposal);
  if (money) proposal.amountFen = money.totalFen;
  if (hasParts && h.amount !== undefined && money && h.amount !== money.totalFen) {
    invalid('The amount does not match the figures.', [{ field: 'handling.amount', message: `must equal allowance + compensation + unitPrice × quantity = ${(money.totalFen / 100).toFixed(2)}` }]);
  }
  return proposal;
}

/** C8: the money at stake of a proposal; null while a return's or exchange's quantity is undetermined. */
export function moneyAtStakeOf(p: Proposal): MoneyAtStake | null {
  if (!p.parts) return { allowanceFen: 0, compensationFen: 0, unitPriceFen: null, quantity: p.quantity ?? null, goodsValueFen: 0, totalFen: p.amountFen };
  const { unitPriceFen, allowanceFen, compensationFen } = p.parts;
  const goods = unitPriceFen !== null;
  if (goods && (p.quantity === null || p.quantity === undefined)) return null;
  const goodsValueFen = goods ? unitPriceFen * p.quantity! : 0;
  return { allowanceFen, compensationFen, unitPriceFen, quantity: p.quantity ?? null, goodsValueFen, totalFen: allowanceFen + compensationFen + goodsValueFen };
}

/** What the GM office's consolidation fixes (C8, G7): the tier from the proposal's money, raised (never lowered) by a different amount given with its reason. */
export interface Consolidated {
  /** C8: the money at stake the proposal's figures give. */
  amountFen: number;
  tier: AuthorityTier;
  /** The tier the proposal's money alone sets. */
  proposalTier: AuthorityTier;
  /** The GM office's different amount and why, when it gave one. */
  override: { amountFen: number; reason: string; tier: AuthorityTier } | null;
}

export function consolidate(p: Proposal, override: { amount?: number; amountReason?: string }, thresholds: AuthorityThresholds): Consolidated {
  const money = moneyAtStakeOf(p);
  if (!money) {
    throw new AppError('wrong_stage', 'The quantity to return or exchange is still undetermined (C3): sales states it first (state_quantity).');
  }
  if (override.amount !== undefined && !override.amountReason) {
    invalid('A different amount needs its reason (G7).', [{ field: 'amountReason', message: 'is required with amount' }]);
  }
  if (override.amountReason !== undefined && override.amount === undefined) {
    invalid('A reason goes with a different amount.', [{ field: 'amount', message: 'is required with amountReason' }]);
  }
  const proposalTier = authorityTierFor(money.totalFen, thresholds);
  if (override.amount === undefined) return { amountFen: money.totalFen, tier: proposalTier, proposalTier, override: null };
  const overrideTier = authorityTierFor(override.amount, thresholds);
  const tier = tierRank(overrideTier) > tierRank(proposalTier) ? overrideTier : proposalTier;
  return {
    amountFen: money.totalFen,
    tier,
    proposalTier,
    override: { amountFen: override.amount, reason: override.amountReason!, tier: overrideTier },
  };
}

/** A decider's stand-in for a period (holiday cover): who they stand in for, and when. */
export interface Delegation {
  for: { id: string; name: string; roles: Role[] };
  from: string;
  to: string;
}

/** The roles an actor decides with: their own, and the decision tiers of whoever they stand in for. */
export function decidingRoles(actor: Actor, delegation?: Delegation | null): Role[] {
  const delegated = delegation ? delegation.for.roles.filter((r): r is AuthorityTier => (TIER_ORDER as readonly string[]).includes(r)) : [];
  return [...new Set([...actor.roles, ...delegated])];
}

/**
 * C8, C13, G7: how the actor may decide a case of `tier`: the tier they act as (their own, or one
 * above), whether that comes from a stand-in, or a refusal naming the rule.
 */
export function decisionAuthority(
  actor: Actor,
  tier: AuthorityTier,
  delegation: Delegation | null | undefined,
  fourEyes: { proposerId?: string; consolidatorId?: string } | null,
): { decidedAs: AuthorityTier; delegation: Delegation | null } {
  if (fourEyes) {
    const own = [fourEyes.proposerId, fourEyes.consolidatorId].filter(Boolean);
    if (own.includes(actor.id)) {
      throw new AppError('forbidden', 'G7: the person who proposed or consolidated a case does not decide it.');
    }
    if (delegation && own.includes(delegation.for.id)) {
      throw new AppError('forbidden', 'G7: a stand-in does not decide a case the person stood in for proposed or consolidated.');
    }
  }
  const ownTier = decidingTierOf(actor.roles, tier);
  if (ownTier) return { decidedAs: ownTier, delegation: null };
  const delegatedTier = delegation ? decidingTierOf(decidingRoles(actor, delegation), tier) : null;
  if (delegatedTier) return { decidedAs: delegatedTier, delegation: delegation! };
  throw new AppError('forbidden', `C8, C13: a ${tier.replace('_', ' ')}-tier case is decided by the ${TIER_ORDER.slice(tierRank(tier)).join(', ')} (or a stand-in for one).`);
}

/** Of the deciders someone stands in for today, the one whose decision tier is highest (G7). */
export function highestDelegation(active: readonly Delegation[]): Delegation | null {
  const rank = (d: Delegation) => Math.max(-1, ...d.for.roles.filter((r): r is AuthorityTier => (TIER_ORDER as readonly string[]).includes(r)).map(tierRank));
  return [...active].sort((a, b) => rank(b) - rank(a))[0] ?? null;
}
