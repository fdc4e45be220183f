// A client of the platform written only against the types generated from /openapi.json
// (generated/api-types.d.ts, openapi-typescript) with openapi-fetch: it files a complaint as sales,
// registers it as the GM office and reads it back. If a response schema loses its shape, this file
// stops type-checking (npm test runs tsc over it) or its run fails (typedClient.test.ts).
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/api-types';

export interface JourneyResult {
  id: string;
  number: string;
  stage: string;
  awaitingAction: string | null;
  dueAt: string | null;
}

export async function fileRegisterRead(baseUrl: string, tokens: { sales: string; gmOffice: string }): Promise<JourneyResult> {
  const api = createClient<paths>({ baseUrl });
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  const filed = await api.POST('/api/v1/complaints', {
    headers: as(tokens.sales),
    body: {
      customer: { name: 'Wuxi Fasteners', country: 'CN' },
      market: 'domestic',
      orderNo: 'SO-1',
      partNo: 'PN-1',
      shipDate: '2026-11-02',
      quantity: 100,
      defectQuantity: 4,
      request: { kind: 'return', quantity: 4 },
      reason: 'Thread damage',
    },
  });
  if (!filed.data) throw new Error(`filing refused: ${filed.error?.error.code} ${filed.error?.error.message}`);
  const id: string = filed.data.id;

  const registered = await api.POST('/api/v1/complaints/{id}/actions', {
    headers: as(tokens.gmOffice),
    params: { path: { id } },
    body: { action: 'register' },
  });
  if (!registered.data) throw new Error(`registration refused: ${registered.error?.error.code}`);

  const read = await api.GET('/api/v1/complaints/{id}', { headers: as(tokens.sales), params: { path: { id } } });
  if (!read.data) throw new Error(`read refused: ${read.error?.error.code}`);
  const complaint = read.data;
  if (complaint.number === null) throw new Error('a registered complaint has a number');
  return { id: complaint.id, number: complaint.number, stage: complaint.stage, awaitingAction: complaint.awaiting?.action ?? null, dueAt: complaint.dueAt };
}
