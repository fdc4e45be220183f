// S1: a call's category is derived, never chosen: an active maintenance contract → B, inside the
// warranty → C, otherwise A (paid). D is internal time and never a call.
import type { CallCategory } from './stages';
import type { CategoryBasis } from './views';

export type { CategoryBasis };

export interface ContractCoverage {
  id: string;
  status: string;
  startsOn: string;
  endsOn: string;
}

/** Whether a contract covers local date `today` (both ends inclusive). */
export function contractActiveOn(contract: ContractCoverage, today: string): boolean {
  return contract.status === 'active' && contract.startsOn <= today && today <= contract.endsOn;
}

/**
 * The category of a call registered on local date `today`. `contract` is the contract named on
 * the call or found by the product's serial number, when there is one.
 */
export function deriveCategory(input: {
  today: string;
  contract: ContractCoverage | null;
  warrantyUntil?: string | null;
}): { category: CallCategory; basis: CategoryBasis } {
  const warrantyUntil = input.warrantyUntil ?? null;
  if (input.contract && contractActiveOn(input.contract, input.today)) {
    return { category: 'B', basis: { rule: 'contract', contractId: input.contract.id, warrantyUntil } };
  }
  if (warrantyUntil !== null && input.today <= warrantyUntil) {
    return { category: 'C', basis: { rule: 'warranty', contractId: null, warrantyUntil } };
  }
  return { category: 'A', basis: { rule: 'paid', contractId: null, warrantyUntil } };
}
