// Returns, allowances and held receivables through HTTP on the real stack (P3–P7, G2, G5):
// each a record with its state, moved on only by the role that holds it.
import { monthOf } from '../../domain/accountability/ledger';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type Party, type Person, type View, complaints, expectStatus, partyOf } from './accountabilityHelpers';

jest.setTimeout(180_000);

let stack: TestStack;
let who: Party;
let decided: View;

beforeAll(async () => {
  stack = await startTestStack();
  who = await partyOf(stack);
  const api = complaints(stack, who);
  decided = await api.driveTo(await api.file(), 'customer_result');
  expectStatus(await stack.http.put('/api/v1/people/p-li').set(bearer(who.hr.token)).send({ name: 'Li Sales', unit: 'sales/east', basePoints: 1 }), 201);
});

afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, by: Person, body: unknown, key?: string) => {
  const req = stack.http.post(path).set(bearer(by.token));
  return (key ? req.set('Idempotency-Key', key) : req).send(body as object);
};
const fields = (res: { body: any }) => (res.body.error.details as { field: string }[]).map((d) => d.field);

test('P3, P4, P5, P7: a return form from issue to booking, within the company tolerance', async () => {
  const body = { caseId: decided.id, handling: 'return', approvedQuantity: 1000, reason: 'Scratched housings', basis: `Decision on complaint ${decided.number}` };
  expectStatus(await post('/api/v1/returns', who.warehouse, body), 403);
  const bad = await post('/api/v1/returns', who.sales, { ...body, approvedQuantity: 0, handling: 'burn' });
  expectStatus(bad, 400);
  expect(fields(bad).sort()).toEqual(['approvedQuantity', 'handling']);
  const undecided = await complaints(stack, who).file();
  expectStatus(await post('/api/v1/returns', who.sales, { ...body, caseId: undecided.id }), 409);

  const created = await post('/api/v1/returns', who.sales, body, 'return-1');
  expectStatus(created, 201);
  expect(created.body).toMatchObject({ status: 'issued', caseNumber: decided.number, copies: ['sales', 'warehouse', 'accounting', 'gm_office'], tolerance: 0.02, toleranceSource: 'company' });
  const replay = await post('/api/v1/returns', who.sales, body, 'return-1');
  expect(replay.status).toBe(201);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(replay.body.id).toBe(created.body.id);
  expectStatus(await post('/api/v1/returns', who.sales, { ...body, approvedQuantity: 999 }, 'return-1'), 409);

  const id = created.body.id as string;
  const action = (by: Person, b: unknown) => post(`/api/v1/returns/${id}/actions`, by, b);
  const unconfirmed = await action(who.warehouse, { action: 'receive', actualQuantity: 985 });
  expectStatus(unconfirmed, 400);
  expect(fields(unconfirmed)).toEqual(['confirmedAfterAsking']);
  expectStatus(await action(who.sales, { action: 'receive', actualQuantity: 985, confirmedAfterAsking: true }), 403);
  expectStatus(await action(who.warehouse, { action: 'receive', actualQuantity: 985, confirmedAfterAsking: true, note: 'Counted twice with the driver' }), 200);
  expectStatus(await action(who.accounting, { action: 'match' }), 409); // P7: no proof yet
  const badProof = await action(who.sales, { action: 'attach_proof', kind: 'stamped_allowance_certificate', reference: 'x' });
  expectStatus(badProof, 400);
  expect(fields(badProof)).toEqual(['kind']);
  expectStatus(await action(who.sales, { action: 'attach_proof', kind: 'stamped_sales_return_certificate', reference: 'SRC-0042' }), 200);
  const booked = await action(who.accounting, { action: 'match' });
  expectStatus(booked, 200);
  expect(booked.body).toMatchObject({ status: 'booked', booked: { quantity: 985 }, match: { withinTolerance: true, differenceQuantity: -15 } });
  expectStatus(await action(who.accounting, { action: 'match' }), 409);
  const read = await stack.http.get(`/api/v1/returns/${id}`).set(bearer(who.auditor.token));
  expect(read.body.history.map((h: any) => h.action)).toEqual(['issue', 'receive', 'attach_proof', 'match']);
  expect((await stack.http.get(`/api/v1/returns?caseId=${decided.id}&status=booked`).set(bearer(who.gm_office.token))).body.items).toHaveLength(1);
});

test("P4: outside the customer's over-acceptance ratio the difference goes back for a decision", async () => {
  const created = await post('/api/v1/returns', who.sales, { caseId: decided.id, handling: 'reprocess', approvedQuantity: 1000, reason: 'Rework', basis: 'Decision', customerTolerance: 0.005 });
  expectStatus(created, 201);
  const id = created.body.id as string;
  const action = (by: Person, b: unknown) => post(`/api/v1/returns/${id}/actions`, by, b);
  await action(who.warehouse, { action: 'receive', actualQuantity: 990, confirmedAfterAsking: true });
  await action(who.accounting, { action: 'attach_proof', kind: 'stamped_original_invoice', reference: 'INV-1' });
  const referred = await action(who.accounting, { action: 'match' });
  expect(referred.body).toMatchObject({ status: 'referred', tolerance: 0.005, toleranceSource: 'customer', match: { withinTolerance: false } });
  expectStatus(await action(who.warehouse, { action: 'resolve', bookQuantity: 990, comment: 'x' }), 403);
  const missing = await action(who.gm_office, { action: 'resolve', bookQuantity: 990 });
  expectStatus(missing, 400);
  expect(fields(missing)).toEqual(['comment']);
  const resolved = await action(who.gm_office, { action: 'resolve', bookQuantity: 990, comment: 'Book what came back' });
  expect(resolved.body).toMatchObject({ status: 'booked', booked: { quantity: 990 } });
});

test('P3, P7: an allowance certificate signed by the (deputy) manager, the GM and the customer, booked with its proof', async () => {
  const created = await post('/api/v1/allowances', who.sales, { caseId: decided.id, kind: 'allowance', amount: '5000', reason: 'Price allowance' }, 'allowance-1');
  expectStatus(created, 201);
  expect(created.body).toMatchObject({ status: 'issued', amount: '5000.00', copies: ['customer', 'accounting'] });
  const id = created.body.id as string;
  const action = (by: Person, b: unknown) => post(`/api/v1/allowances/${id}/actions`, by, b);
  expectStatus(await action(who.sales, { action: 'sign', as: 'gm' }), 403);
  expectStatus(await action(who.accounting, { action: 'book' }), 409);
  expectStatus(await action(who.sales_manager, { action: 'sign', as: 'manager' }), 200);
  expectStatus(await action(who.gm, { action: 'sign', as: 'gm' }), 200);
  const noName = await action(who.sales, { action: 'sign', as: 'customer' });
  expectStatus(noName, 400);
  expect(fields(noName)).toEqual(['customerSignatory']);
  const signed = await action(who.sales, { action: 'sign', as: 'customer', customerSignatory: 'Mr Wang, purchasing', signedOn: '2026-11-21' });
  expect(signed.body).toMatchObject({ status: 'signed', signatures: { manager: { role: 'sales_manager' }, gm: {}, customer: { signatory: 'Mr Wang, purchasing' } } });
  expectStatus(await action(who.accounting, { action: 'book' }), 409);
  expectStatus(await action(who.sales, { action: 'attach_proof', kind: 'stamped_original_invoice', reference: 'INV-77' }), 200);
  const booked = await action(who.accounting, { action: 'book' });
  expect(booked.body).toMatchObject({ status: 'booked' });
  expect((await stack.http.get(`/api/v1/allowances?caseId=${decided.id}`).set(bearer(who.auditor.token))).body.items).toHaveLength(1);
});

test("P6: a receivable held up by the complaint is left out of the salesperson's collection rate until released", async () => {
  const month = monthOf(new Date(), stack.config.timeZone);
  expectStatus(await post('/api/v1/receivable-holds', who.warehouse, {}), 403);
  const unknown = await post('/api/v1/receivable-holds', who.sales, { caseId: decided.id, salespersonId: 'p-nobody', amount: '1' });
  expectStatus(unknown, 400);
  expect(fields(unknown)).toEqual(['salespersonId']);
  const hold = await post('/api/v1/receivable-holds', who.sales, { caseId: decided.id, salespersonId: 'p-li', amount: '20000', invoiceNo: 'INV-5' });
  expectStatus(hold, 201);
  const summary = await stack.http.get(`/api/v1/receivable-holds/summary?month=${month}`).set(bearer(who.accounting.token));
  expect(summary.body.items).toEqual([{ salespersonId: 'p-li', excludedAmount: '20000.00', holds: [hold.body.id] }]);
  expectStatus(await stack.http.get(`/api/v1/receivable-holds/summary?month=${month}`).set(bearer(who.sales.token)), 403);
  expectStatus(await post(`/api/v1/receivable-holds/${hold.body.id}/actions`, who.sales, { action: 'release' }), 403);
  const released = await post(`/api/v1/receivable-holds/${hold.body.id}/actions`, who.accounting, { action: 'release' });
  expect(released.body).toMatchObject({ status: 'released', releasedBy: expect.any(String) });
  expectStatus(await post(`/api/v1/receivable-holds/${hold.body.id}/actions`, who.accounting, { action: 'release' }), 409);
  // Held during the month, so still left out of this month's rate; not of a later one.
  expect((await stack.http.get(`/api/v1/receivable-holds/summary?month=${month}`).set(bearer(who.accounting.token))).body.items).toHaveLength(1);
  expect((await stack.http.get('/api/v1/receivable-holds/summary?month=2100-12').set(bearer(who.accounting.token))).body.items).toEqual([]);
});
