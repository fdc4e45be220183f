// P10, P11: the penalty grounds and the penalty schedule's levels.

/** P11: the fifteen grounds a penalty is given on, in the source's order. */
export const PENALTY_GROUNDS = [
  'document_or_sample_error',
  'financial_error',
  'materials_not_per_spec',
  'rejects_mixed_with_good_stock',
  'shipped_beyond_accepted_range',
  'production_data_cut_without_authority',
  'special_requirements_not_passed_on',
  'order_entry_error',
  'late_delivery',
  'shipping_error',
  'delivery_note_error',
  'storage_or_transport_fault',
  'labelling_not_per_spec',
  'inspection_data_mismatch',
  'other',
] as const;
export type PenaltyGround = (typeof PENALTY_GROUNDS)[number];

export const PENALTY_GROUND_LABELS: Record<PenaltyGround, string> = {
  document_or_sample_error: 'Document or sample errors',
  financial_error: 'Financial errors',
  materials_not_per_spec: 'Materials not per specification',
  rejects_mixed_with_good_stock: 'Rejected goods mixed into good stock',
  shipped_beyond_accepted_range: 'Shipping beyond the accepted range without consent',
  production_data_cut_without_authority: 'Production data cut without authority',
  special_requirements_not_passed_on: 'Special quality requirements not passed on',
  order_entry_error: 'Order entry errors',
  late_delivery: 'Late delivery',
  shipping_error: 'Shipping errors',
  delivery_note_error: 'Delivery-note errors',
  storage_or_transport_fault: 'Storage or transport faults',
  labelling_not_per_spec: 'Labelling not per specification',
  inspection_data_mismatch: 'Inspection data mismatch',
  other: 'Other',
};

/**
 * P10: `none` is a bonus deduction without an administrative penalty; a warning deducts at least
 * PENALTY_WARNING_MIN_YUAN; a minor demerit at least PENALTY_MINOR_DEMERIT_MIN_YUAN per base point;
 * a major demerit (or anything worse, which HR handles beyond the money) forfeits the whole month's
 * performance bonus on top of the share of the loss.
 */
export const PENALTY_LEVELS = ['none', 'warning', 'minor_demerit', 'major_demerit'] as const;
export type PenaltyLevel = (typeof PENALTY_LEVELS)[number];

export const PENALTY_LEVEL_LABELS: Record<PenaltyLevel, string> = {
  none: 'Bonus deduction only',
  warning: 'Warning',
  minor_demerit: 'Minor demerit',
  major_demerit: 'Major demerit or worse',
};

/** Levels that are administrative penalties: HR publishes them (P1). */
export const isAdministrative = (level: PenaltyLevel): boolean => level !== 'none';
