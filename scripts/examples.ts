// Sample requests: a complaint filing and a valid body for each routing action on it. Tests,
// benchmarks and the replay gate's history captures drive cases with them.
export function complaintFiling(overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Hangzhou Precision Co.', country: 'CN' },
    market: 'domestic',
    orderNo: 'SO-2611-0042',
    partNo: 'PN-88-A',
    shipDate: '2026-11-02',
    quantity: 1000,
    defectQuantity: 37,
    request: { kind: 'return', quantity: 37 },
    reason: 'Surface scratches on the housing',
    salesOpinion: 'Accept the return',
    ...overrides,
  };
}

/** A valid body for each complaint routing action (sales-manager tier: 5,000 yuan at stake). */
export const COMPLAINT_ACTION_BODIES: Record<string, Record<string, unknown>> = {
  register: { action: 'register' },
  analyze: { action: 'analyze', cause: 'Burr left by a worn mould', responsibleDepartments: ['manufacturing'], ourFault: true, needsRnd: false },
  countermeasure: {
    action: 'countermeasure',
    cause: 'Worn mould insert',
    countermeasure: 'Replace the insert; full inspection for two weeks',
    traceability: { productionUnit: 'manufacturing/section-2/group-3', machine: 'IM-07', shift: 'B', operators: ['Zhang Wei'], productionDate: '2026-10-28' },
  },
  review: { action: 'review' },
  rnd_review: { action: 'rnd_review', opinion: 'Increase the draft angle' },
  check: { action: 'check' },
  coordinate_supplier: { action: 'coordinate_supplier', supplier: 'Ningbo Resin Ltd', outcome: 'Supplier bears 40%', supplierRatio: 0.4 },
  // C8: 37 pieces at 100.00 and 1,300.00 compensation: 5,000.00 at stake, the sales manager's tier.
  propose: { action: 'propose', handling: { kind: 'return', quantity: 37, unitPrice: '100', compensation: '1300' } },
  consolidate: { action: 'consolidate', opinion: 'Accept the return' },
  decide: { action: 'decide', decision: 'approve' },
  record_result: { action: 'record_result', customerAccepted: true, result: 'The customer accepts the return', channel: 'phone' },
  confirm: { action: 'confirm' },
  close: { action: 'close', responsibility: [{ department: 'manufacturing', ratio: 1 }], lossAmount: '4321.50', trackImprovement: true },
};
