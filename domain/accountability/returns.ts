// Returns, allowances and held receivables after a complaint's decision (P3–P7), as pure records
// with their states. The services keep them in the database with a version for optimistic
// concurrency; every action is checked here first, so a refusal changes nothing.
//
// Finished-goods return form (P3, 4 copies): issued (sales) → received (the warehouse signs the
// actual count, P5) → matched by accounting against the approved quantity (P4): within the
// tolerance it is booked at the actual count; outside it is referred back for a decision, which
// books the quantity decided. Booking needs one of the three proofs of a return (P7).
//
// Sales-allowance certificate (P3, 2 copies): issued (sales) → signed by the (deputy) manager, the
// GM and the customer → booked by accounting with one of the two proofs of an allowance (P7).
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { fenToYuan, zYuanAmount } from '../money';
import { type Actor, type Role, hasAnyRole } from '../roles';

const text = (max = 2000) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const quantity = z.number().int('must be a whole number').min(0, 'must not be negative').max(1_000_000_000);

/** P7: the three documents that prove a return. */
export const RETURN_PROOF_KINDS = ['stamped_original_invoice', 'stamped_invoice_copy_with_return', 'stamped_sales_return_certificate'] as const;
/** P7: the two documents that prove an allowance (the source names only their number; this is the project's reading). */
export const ALLOWANCE_PROOF_KINDS = ['stamped_original_invoice', 'stamped_allowance_certificate'] as const;

/** P3: where the four copies of a return form go. */
export const RETURN_FORM_COPIES = ['sales', 'warehouse', 'accounting', 'gm_office'] as const;
/** P3: the two copies of a sales-allowance certificate. */
export const ALLOWANCE_COPIES = ['customer', 'accounting'] as const;

/** A ratio 0..1 with at most 4 decimals (the customer's over-acceptance ratio, P4). */
const zToleranceRatio = z
  .number()
  .min(0, 'must not be negative')
  .max(1, 'must be at most 1')
  .refine((r) => Math.abs(Math.round(r * 10_000) - r * 10_000) < 1e-6, 'must have at most 4 decimals');

export const zReturnFormCreate = z
  .object({
    caseId: z.string().uuid('must be the id of a complaint'),
    handling: z.enum(['return', 'reprocess']),
    approvedQuantity: quantity.min(1, 'must be greater than 0'),
    reason: text(),
    basis: text(),
    /** The customer's over-acceptance ratio; when absent the company default applies (RETURN_TOLERANCE). */
    customerTolerance: zToleranceRatio.optional(),
  })
  .strict();
export type ReturnFormCreate = z.output<typeof zReturnFormCreate>;

const action = <A extends string, S extends z.ZodRawShape>(name: A, shape: S) =>
  z.object({ action: z.literal(name), comment: text().optional(), ...shape }).strict();

export const zReturnFormAction = z.discriminatedUnion('action', [
  action('receive', { actualQuantity: quantity, confirmedAfterAsking: z.boolean().optional(), note: text(500).optional() }),
  action('attach_proof', { kind: z.enum(RETURN_PROOF_KINDS), reference: text(200) }),
  action('match', {}),
  action('resolve', { bookQuantity: quantity, comment: text() }),
]);
export type ReturnFormAction = z.output<typeof zReturnFormAction>;

export const zAllowanceCreate = z
  .object({
    caseId: z.string().uuid('must be the id of a complaint'),
    kind: z.enum(['allowance', 'compensation']),
    amount: zYuanAmount,
    reason: text(),
  })
  .strict();
export type AllowanceCreate = z.output<typeof zAllowanceCreate>;

export const zAllowanceAction = z.discriminatedUnion('action', [
  action('sign', { as: z.enum(['manager', 'gm', 'customer']), customerSignatory: text(200).optional(), signedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional() }),
  action('attach_proof', { kind: z.enum(ALLOWANCE_PROOF_KINDS), reference: text(200) }),
  action('book', {}),
]);
export type AllowanceAction = z.output<typeof zAllowanceAction>;

export interface RecordEvent {
  at: string;
  actor: { id: string; name: string };
  action: string;
  data: Record<string, unknown>;
  comment?: string;
}

export interface CaseRef {
  caseId: string;
  caseNumber: string | null;
  customer: string;
}

export interface ReturnForm extends CaseRef {
  id: string;
  status: 'issued' | 'received' | 'referred' | 'booked';
  handling: 'return' | 'reprocess';
  reason: string;
  basis: string;
  approvedQuantity: number;
  toleranceBp: number;
  toleranceSource: 'customer' | 'company';
  copies: string[];
  issuedBy: string;
  issuedAt: string;
  receipt: { actualQuantity: number; signedBy: string; at: string; confirmedAfterAsking: boolean; note?: string } | null;
  proof: { kind: string; reference: string; by: string; at: string } | null;
  match: { withinTolerance: boolean; differenceQuantity: number; by: string; at: string } | null;
  resolution: { bookQuantity: number; by: string; at: string; comment: string } | null;
  booked: { quantity: number; by: string; at: string } | null;
  history: RecordEvent[];
}

export interface AllowanceCertificate extends CaseRef {
  id: string;
  status: 'issued' | 'signed' | 'booked';
  kind: 'allowance' | 'compensation';
  amountFen: number;
  reason: string;
  copies: string[];
  issuedBy: string;
  issuedAt: string;
  signatures: {
    manager?: { by: string; role: Role; at: string };
    gm?: { by: string; at: string };
    customer?: { signatory: string; signedOn: string | null; recordedBy: string; at: string };
  };
  proof: { kind: string; reference: string; by: string; at: string } | null;
  booked: { by: string; at: string } | null;
  history: RecordEvent[];
}

const fail = (code: 'forbidden' | 'wrong_stage' | 'invalid_input', message: string, details: ErrorDetail[] = []): never => {
  throw new AppError(code, message, details);
};
const iso = (ms: number) => new Date(ms).toISOString();
const need = (actor: Actor, roles: readonly Role[], what: string) => {
  if (!hasAnyRole(actor, roles)) fail('forbidden', `${what} needs one of the roles: ${roles.join(', ')}.`);
};

/** P4: whether the returned quantity is within the tolerance of the approved one (both directions, exact). */
export function withinTolerance(approved: number, actual: number, toleranceBp: number): boolean {
  return BigInt(Math.abs(actual - approved)) * 10_000n <= BigInt(toleranceBp) * BigInt(approved);
}

export function newReturnForm(input: ReturnFormCreate & CaseRef & { id: string; companyToleranceBp: number; by: Actor; nowMs: number }): ReturnForm {
  const customer = input.customerTolerance !== undefined;
  return {
    id: input.id,
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    customer: input.customer,
    status: 'issued',
    handling: input.handling,
    reason: input.reason,
    basis: input.basis,
    approvedQuantity: input.approvedQuantity,
    toleranceBp: customer ? Math.round(input.customerTolerance! * 10_000) : input.companyToleranceBp,
    toleranceSource: customer ? 'customer' : 'company',
    copies: [...RETURN_FORM_COPIES],
    issuedBy: input.by.name,
    issuedAt: iso(input.nowMs),
    receipt: null,
    proof: null,
    match: null,
    resolution: null,
    booked: null,
    history: [{ at: iso(input.nowMs), actor: { id: input.by.id, name: input.by.name }, action: 'issue', data: { approvedQuantity: input.approvedQuantity, handling: input.handling } }],
  };
}

/** Checks and applies an action to a return form (a copy is changed and returned). */
export function applyReturnAction(form: ReturnForm, actor: Actor, cmd: ReturnFormAction, nowMs: number): ReturnForm {
  const f: ReturnForm = structuredClone(form);
  const at = iso(nowMs);
  const data: Record<string, unknown> = {};
  switch (cmd.action) {
    case 'receive':
      need(actor, ['warehouse'], 'Receiving returned goods');
      if (f.status !== 'issued') fail('wrong_stage', `The goods were already received; the form is ${f.status}.`);
      if (cmd.actualQuantity !== f.approvedQuantity && !cmd.confirmedAfterAsking) {
        fail('invalid_input', 'The count differs from the form.', [
          { field: 'confirmedAfterAsking', message: `the actual count ${cmd.actualQuantity} differs from the form's ${f.approvedQuantity}: ask, then sign the actual count with confirmedAfterAsking: true (P5)` },
        ]);
      }
      f.receipt = { actualQuantity: cmd.actualQuantity, signedBy: actor.name, at, confirmedAfterAsking: cmd.confirmedAfterAsking ?? false, ...(cmd.note ? { note: cmd.note } : {}) };
      f.status = 'received';
      Object.assign(data, { actualQuantity: cmd.actualQuantity });
      break;
    case 'attach_proof':
      need(actor, ['sales', 'accounting'], 'Attaching a proof');
      if (f.status === 'booked') fail('wrong_stage', 'The return is already booked.');
      f.proof = { kind: cmd.kind, reference: cmd.reference, by: actor.name, at };
      Object.assign(data, { kind: cmd.kind, reference: cmd.reference });
      break;
    case 'match': {
      need(actor, ['accounting'], 'Matching a return');
      if (f.status !== 'received') fail('wrong_stage', `A return is matched once the warehouse has received it; the form is ${f.status}.`);
      if (!f.proof) fail('wrong_stage', 'Attach the proof of the return first (P7).');
      const actual = f.receipt!.actualQuantity;
      const ok = withinTolerance(f.approvedQuantity, actual, f.toleranceBp);
      f.match = { withinTolerance: ok, differenceQuantity: actual - f.approvedQuantity, by: actor.name, at };
      if (ok) {
        f.booked = { quantity: actual, by: actor.name, at };
        f.status = 'booked';
      } else {
        f.status = 'referred';
      }
      Object.assign(data, { withinTolerance: ok, differenceQuantity: actual - f.approvedQuantity, tolerance: f.toleranceBp / 10_000 });
      break;
    }
    case 'resolve':
      need(actor, ['gm_office', 'sales_manager', 'vp', 'gm'], 'Deciding a referred difference');
      if (f.status !== 'referred') fail('wrong_stage', `Only a referred difference is decided; the form is ${f.status}.`);
      f.resolution = { bookQuantity: cmd.bookQuantity, by: actor.name, at, comment: cmd.comment ?? '' };
      f.booked = { quantity: cmd.bookQuantity, by: actor.name, at };
      f.status = 'booked';
      data.bookQuantity = cmd.bookQuantity;
      break;
  }
  f.history.push({ at, actor: { id: actor.id, name: actor.name }, action: cmd.action, data, ...(cmd.comment ? { comment: cmd.comment } : {}) });
  return f;
}

export function newAllowance(input: AllowanceCreate & CaseRef & { id: string; by: Actor; nowMs: number }): AllowanceCertificate {
  return {
    id: input.id,
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    customer: input.customer,
    status: 'issued',
    kind: input.kind,
    amountFen: input.amount,
    reason: input.reason,
    copies: [...ALLOWANCE_COPIES],
    issuedBy: input.by.name,
    issuedAt: iso(input.nowMs),
    signatures: {},
    proof: null,
    booked: null,
    history: [{ at: iso(input.nowMs), actor: { id: input.by.id, name: input.by.name }, action: 'issue', data: { kind: input.kind, amount: fenToYuan(input.amount) } }],
  };
}

/** Who signs as what (P3): the (deputy) manager is the sales manager or a VP. */
export const SIGNATORY_ROLES: Record<'manager' | 'gm' | 'customer', readonly Role[]> = {
  manager: ['sales_manager', 'vp'],
  gm: ['gm'],
  customer: ['sales'],
};

export function applyAllowanceAction(cert: AllowanceCertificate, actor: Actor, cmd: AllowanceAction, nowMs: number): AllowanceCertificate {
  const c: AllowanceCertificate = structuredClone(cert);
  const at = iso(nowMs);
  const data: Record<string, unknown> = {};
  switch (cmd.action) {
    case 'sign': {
      need(actor, SIGNATORY_ROLES[cmd.as], `Signing as ${cmd.as}`);
      if (c.status !== 'issued') fail('wrong_stage', `The certificate is ${c.status}; it takes no more signatures.`);
      if (c.signatures[cmd.as]) fail('wrong_stage', `The ${cmd.as} has already signed.`);
      if (cmd.as === 'customer') {
        if (!cmd.customerSignatory) fail('invalid_input', "The customer's signature needs the signatory.", [{ field: 'customerSignatory', message: 'is required when signing as customer' }]);
        c.signatures.customer = { signatory: cmd.customerSignatory!, signedOn: cmd.signedOn ?? null, recordedBy: actor.name, at };
      } else if (cmd.as === 'manager') {
        c.signatures.manager = { by: actor.name, role: actor.roles.includes('sales_manager') ? 'sales_manager' : 'vp', at };
      } else {
        c.signatures.gm = { by: actor.name, at };
      }
      if (c.signatures.manager && c.signatures.gm && c.signatures.customer) c.status = 'signed';
      Object.assign(data, { as: cmd.as, ...(cmd.customerSignatory ? { customerSignatory: cmd.customerSignatory } : {}) });
      break;
    }
    case 'attach_proof':
      need(actor, ['sales', 'accounting'], 'Attaching a proof');
      if (c.status === 'booked') fail('wrong_stage', 'The allowance is already booked.');
      c.proof = { kind: cmd.kind, reference: cmd.reference, by: actor.name, at };
      Object.assign(data, { kind: cmd.kind, reference: cmd.reference });
      break;
    case 'book':
      need(actor, ['accounting'], 'Booking an allowance');
      if (c.status !== 'signed') fail('wrong_stage', `The certificate needs the manager's, the GM's and the customer's signatures first; it is ${c.status}.`);
      if (!c.proof) fail('wrong_stage', 'Attach the proof of the allowance first (P7).');
      c.booked = { by: actor.name, at };
      c.status = 'booked';
      break;
  }
  c.history.push({ at, actor: { id: actor.id, name: actor.name }, action: cmd.action, data, ...(cmd.comment ? { comment: cmd.comment } : {}) });
  return c;
}

export function returnFormView(f: ReturnForm) {
  return { ...f, tolerance: f.toleranceBp / 10_000 };
}

export function allowanceView(c: AllowanceCertificate) {
  const { amountFen, ...rest } = c;
  return { ...rest, amount: fenToYuan(amountFen) };
}

// ---- P6: receivables held up by a complaint ----

export const zReceivableHoldCreate = z
  .object({
    caseId: z.string().uuid('must be the id of a complaint'),
    salespersonId: z.string().trim().min(1).max(100),
    amount: zYuanAmount,
    invoiceNo: text(100).optional(),
    note: text(500).optional(),
  })
  .strict();
export type ReceivableHoldCreate = z.output<typeof zReceivableHoldCreate>;

/**
 * P6: the collection rate with the complained amount left out: collected ÷ (due − held). The held
 * part is neither owed to the rate nor counted against it. Basis points, rounded down; null when
 * nothing is due once the held part is left out.
 */
export function collectionRateBp(input: { dueFen: number; collectedFen: number; heldFen: number }): number | null {
  const base = input.dueFen - Math.min(input.heldFen, input.dueFen);
  if (base <= 0) return null;
  return Number((BigInt(Math.min(input.collectedFen, base)) * 10_000n) / BigInt(base));
}
