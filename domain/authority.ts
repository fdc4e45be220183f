// Decision authority tiers by money at stake: sales manager < VP < GM (C8, C13).
import { z } from 'zod';
import { zFen } from './money';

export type AuthorityTier = 'sales_manager' | 'vp' | 'gm';

/** Lowest tier first. */
export const TIER_ORDER: readonly AuthorityTier[] = ['sales_manager', 'vp', 'gm'];

export type AuthorityThresholds = {
  /** Largest amount (fen) the sales manager may decide. */
  salesManagerMaxFen: number;
  /** Largest amount (fen) the VP may decide; anything above goes to the GM. */
  vpMaxFen: number;
};

/** C8 defaults: up to 10,000 yuan the sales manager, up to 100,000 yuan the VP, above that the GM. */
export const DEFAULT_THRESHOLDS: AuthorityThresholds = {
  salesManagerMaxFen: 10_000 * 100,
  vpMaxFen: 100_000 * 100,
};

export function isAuthorityTier(role: string): role is AuthorityTier {
  return (TIER_ORDER as readonly string[]).includes(role);
}

/** Position in `TIER_ORDER`: 0 for the sales manager, 2 for the GM. */
export function tierRank(tier: AuthorityTier): number {
  return TIER_ORDER.indexOf(tier);
}

/** C8: the tier that decides a case with `amountFen` at stake; each tier's maximum is inclusive. */
export function authorityTierFor(amountFen: number, thresholds: AuthorityThresholds = DEFAULT_THRESHOLDS): AuthorityTier {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new Error(`Invalid amount at stake ${amountFen}: expected a whole, non-negative number of fen`);
  }
  if (amountFen <= thresholds.salesManagerMaxFen) return 'sales_manager';
  if (amountFen <= thresholds.vpMaxFen) return 'vp';
  return 'gm';
}

/** The lowest tier among `roles` that is at least `tier`, or null when none is. */
export function decidingTierOf(roles: readonly string[], tier: AuthorityTier): AuthorityTier | null {
  const needed = tierRank(tier);
  return TIER_ORDER.find((t, rank) => rank >= needed && roles.includes(t)) ?? null;
}

/** C8, C13: whether a user with `roles` may decide at `tier`; a higher tier may stand in for a lower one. */
export function mayDecide(roles: readonly string[], tier: AuthorityTier): boolean {
  return decidingTierOf(roles, tier) !== null;
}

export const zAuthorityThresholds = () =>
  z
    .object({ salesManagerMaxFen: zFen(), vpMaxFen: zFen() })
    .refine((t) => t.salesManagerMaxFen < t.vpMaxFen, {
      message: 'vpMaxFen must be greater than salesManagerMaxFen',
      path: ['vpMaxFen'],
    });
