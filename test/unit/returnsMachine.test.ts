// Returns, allowances and held receivables (P3–P7) as pure records.
import fc from 'fast-check';
import {
  ALLOWANCE_PROOF_KINDS,
  RETURN_PROOF_KINDS,
  applyAllowanceAction,
  applyReturnAction,
  collectionRateBp,
  newAllowance,
  newReturnForm,
  withinTolerance,
  zAllowanceAction,
  zReturnFormAction,
} from '../../domain/accountability/returns';
import { AppError } from '../../domain/errors';
import type { Actor, Role } from '../../domain/roles';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const who = (...roles: Role[]): Actor => ({ id: `${roles[0]}-1`, name: `${roles[0]} user`, roles });
const CASE = { caseId: '6f1d7c2e-0000-4000-8000-000000000001', caseNumber: '2611-07', customer: 'Hangzhou Precision Co.' };

const form = (over: { customerTolerance?: number; approvedQuantity?: number } = {}) =>
  newReturnForm({ ...CASE, id: 'r-1', handling: 'return', approvedQuantity: over.approvedQuantity ?? 1000, reason: 'Scratches', basis: 'Decision 2611-07', companyToleranceBp: 200, by: who('sales'), nowMs: NOW, ...(over.customerTolerance !== undefined ? { customerTolerance: over.customerTolerance } : {}) });
const ret = (f: ReturnType<typeof form>, actor: Actor, raw: unknown) => applyReturnAction(f, actor, zReturnFormAction.parse(raw), NOW);
const allow = (c: ReturnType<typeof newAllowance>, actor: Actor, raw: unknown) => applyAllowanceAction(c, actor, zAllowanceAction.parse(raw), NOW);
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as AppError).code;
  }
  return null;
};

describe('finished-goods return forms', () => {
  test('P3: a return form has four copies, the reason, the handling and the basis', () => {
    expect(form()).toMatchObject({ status: 'issued', copies: ['sales', 'warehouse', 'accounting', 'gm_office'], reason: 'Scratches', handling: 'return', basis: 'Decision 2611-07' });
  });

  test('P5: the warehouse signs the actual count; a different count only after asking', () => {
    const f = form();
    expect(codeOf(() => ret(f, who('sales'), { action: 'receive', actualQuantity: 1000 }))).toBe('forbidden');
    let err: AppError | undefined;
    try {
      ret(f, who('warehouse'), { action: 'receive', actualQuantity: 990 });
    } catch (e) {
      err = e as AppError;
    }
    expect(err).toMatchObject({ code: 'invalid_input', details: [{ field: 'confirmedAfterAsking' }] });
    const received = ret(f, who('warehouse'), { action: 'receive', actualQuantity: 990, confirmedAfterAsking: true });
    expect(received).toMatchObject({ status: 'received', receipt: { actualQuantity: 990, signedBy: 'warehouse user', confirmedAfterAsking: true } });
    expect(f.status).toBe('issued'); // the original is untouched
    expect(codeOf(() => ret(received, who('warehouse'), { action: 'receive', actualQuantity: 990 }))).toBe('wrong_stage');
  });

  test('P4, P7: within the tolerance accounting books the actual quantity; the proof comes first', () => {
    const received = ret(form(), who('warehouse'), { action: 'receive', actualQuantity: 1020, confirmedAfterAsking: true });
    expect(codeOf(() => ret(received, who('accounting'), { action: 'match' }))).toBe('wrong_stage');
    const proved = ret(received, who('sales'), { action: 'attach_proof', kind: 'stamped_sales_return_certificate', reference: 'SRC-0042' });
    expect(codeOf(() => ret(proved, who('sales'), { action: 'match' }))).toBe('forbidden');
    const booked = ret(proved, who('accounting'), { action: 'match' });
    expect(booked).toMatchObject({ status: 'booked', booked: { quantity: 1020 }, match: { withinTolerance: true, differenceQuantity: 20 } });
  });

  test('P4: outside the tolerance the difference goes back for a decision, which books the quantity decided', () => {
    const received = ret(form(), who('warehouse'), { action: 'receive', actualQuantity: 1021, confirmedAfterAsking: true });
    const proved = ret(received, who('accounting'), { action: 'attach_proof', kind: 'stamped_original_invoice', reference: 'INV-9' });
    const referred = ret(proved, who('accounting'), { action: 'match' });
    expect(referred).toMatchObject({ status: 'referred', booked: null, match: { withinTolerance: false, differenceQuantity: 21 } });
    expect(codeOf(() => ret(referred, who('warehouse'), { action: 'resolve', bookQuantity: 1000, comment: 'x' }))).toBe('forbidden');
    const resolved = ret(referred, who('gm_office'), { action: 'resolve', bookQuantity: 1000, comment: 'Book the approved quantity; return the rest' });
    expect(resolved).toMatchObject({ status: 'booked', booked: { quantity: 1000 }, resolution: { bookQuantity: 1000 } });
  });

  test("P4: the customer's over-acceptance ratio replaces the company default", () => {
    const f = form({ customerTolerance: 0.05 });
    expect(f).toMatchObject({ toleranceBp: 500, toleranceSource: 'customer' });
    expect(form()).toMatchObject({ toleranceBp: 200, toleranceSource: 'company' });
    const received = ret(f, who('warehouse'), { action: 'receive', actualQuantity: 950, confirmedAfterAsking: true });
    const booked = ret(ret(received, who('accounting'), { action: 'attach_proof', kind: 'stamped_invoice_copy_with_return', reference: 'C-1' }), who('accounting'), { action: 'match' });
    expect(booked.status).toBe('booked');
  });

  test('P4: the tolerance check is exact integer arithmetic in both directions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 0, max: 10_000 }), (approved, actual, bp) => {
        const exact = BigInt(Math.abs(actual - approved)) * 10_000n <= BigInt(bp) * BigInt(approved);
        expect(withinTolerance(approved, actual, bp)).toBe(exact);
      }),
    );
    expect(withinTolerance(1000, 1020, 200)).toBe(true);
    expect(withinTolerance(1000, 980, 200)).toBe(true);
    expect(withinTolerance(1000, 979, 200)).toBe(false);
  });

  test('P7: a return is proved by one of three documents, an allowance by one of two', () => {
    expect(RETURN_PROOF_KINDS).toHaveLength(3);
    expect(ALLOWANCE_PROOF_KINDS).toHaveLength(2);
    expect(zReturnFormAction.safeParse({ action: 'attach_proof', kind: 'stamped_allowance_certificate', reference: 'x' }).success).toBe(false);
    expect(zAllowanceAction.safeParse({ action: 'attach_proof', kind: 'stamped_invoice_copy_with_return', reference: 'x' }).success).toBe(false);
  });
});

describe('sales-allowance certificates', () => {
  const cert = () => newAllowance({ ...CASE, id: 'a-1', kind: 'allowance', amount: 500_000, reason: 'Price allowance for scratches', by: who('sales'), nowMs: NOW });

  test('P3: two copies, signed by the (deputy) manager, the GM and the customer, then booked with a proof (P7)', () => {
    let c = cert();
    expect(c.copies).toEqual(['customer', 'accounting']);
    expect(codeOf(() => allow(c, who('sales'), { action: 'sign', as: 'manager' }))).toBe('forbidden');
    expect(codeOf(() => allow(c, who('vp'), { action: 'sign', as: 'gm' }))).toBe('forbidden');
    c = allow(c, who('vp'), { action: 'sign', as: 'manager' });
    expect(c.signatures.manager).toMatchObject({ role: 'vp' });
    expect(codeOf(() => allow(c, who('sales_manager'), { action: 'sign', as: 'manager' }))).toBe('wrong_stage');
    c = allow(c, who('gm'), { action: 'sign', as: 'gm' });
    expect(codeOf(() => allow(c, who('accounting'), { action: 'book' }))).toBe('wrong_stage');
    expect(codeOf(() => allow(c, who('sales'), { action: 'sign', as: 'customer' }))).toBe('invalid_input');
    c = allow(c, who('sales'), { action: 'sign', as: 'customer', customerSignatory: 'Mr Wang (purchasing)', signedOn: '2026-11-21' });
    expect(c.status).toBe('signed');
    expect(codeOf(() => allow(c, who('accounting'), { action: 'book' }))).toBe('wrong_stage');
    c = allow(c, who('accounting'), { action: 'attach_proof', kind: 'stamped_allowance_certificate', reference: 'SAC-7' });
    c = allow(c, who('accounting'), { action: 'book' });
    expect(c).toMatchObject({ status: 'booked', booked: { by: 'accounting user' } });
    expect(c.history.map((h) => h.action)).toEqual(['issue', 'sign', 'sign', 'sign', 'attach_proof', 'book']);
  });
});

describe('held receivables', () => {
  test('P6: the complained amount is left out of the collection rate', () => {
    // 100,000 due, 80,000 collected, 20,000 held up by the complaint: 100%, not 80%.
    expect(collectionRateBp({ dueFen: 10_000_000, collectedFen: 8_000_000, heldFen: 2_000_000 })).toBe(10_000);
    expect(collectionRateBp({ dueFen: 10_000_000, collectedFen: 6_000_000, heldFen: 2_000_000 })).toBe(7_500);
    expect(collectionRateBp({ dueFen: 1_000, collectedFen: 0, heldFen: 1_000 })).toBeNull();
  });
});
