// Request bodies used across tests.
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

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
