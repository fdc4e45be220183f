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
import { action } from '../actionSchemas';
import { AppError, type ErrorDetail } from '../errors';
import { fenToYuan, zPositiveYuanAmount } from '../money';
import { type Actor, type Role, hasAnyRole } from '../roles';
import { zInstant, zYuan } from './views';
import { text, zDate } from '../fields';

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
  .refine((r) => Math.abs(Math.round(r * 10_000) - r * 10_000) < 1e-6, 'must have at most 4 decimals')
  .meta({ multipleOf: 0.0001 });

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
    /** More than 0: refused otherwise once the case is found (services/returns.ts). */
    amount: zPositiveYuanAmount(),
    reason: text(),
  })
  .strict();
export type AllowanceCreate = z.output<typeof zAllowanceCreate>;

export const zAllowanceAction = z.discriminatedUnion('action', [
  action('sign', { as: z.enum(['manager', 'gm', 'customer']), customerSignatory: text(200).optional(), signedOn: zDate().optional() })
    // Signing as the customer names the signatory (checked by applyAllowanceAction).
    .meta({ anyOf: [{ properties: { as: { enum: ['manager', 'gm'] } } }, { properties: { as: { enum: ['customer'] } }, required: ['customerSignatory'] }] }),
  action('attach_proof', { kind: z.enum(ALLOWANCE_PROOF_KINDS), reference: text(200) }),
  action('book', {}),
]);
export type AllowanceAction = z.output<typeof zAllowanceAction>;

export interface CaseRef {
  caseId: string;
  caseNumber: string | null;
  customer: string;
}

// ---- the records and their histories, as stored and as the API shows them ----

const zCaseRef = {
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  customer: z.string().describe("the complaint's customer"),
};

/** One entry of a record's history: who did what, when, with what data. */
const recordEvent = <A extends string, D extends z.ZodType>(action: A, data: D) =>
  z
    .object({
      at: zInstant,
      actor: z.object({ id: z.string(), name: z.string() }).strict(),
      action: z.literal(action),
      data,
      comment: z.string().optional(),
    })
    .strict();

/** Only the action and data of a history entry, per action. */
type EventEntry<E> = E extends unknown ? Pick<E, Extract<keyof E, 'action' | 'data'>> : never;

export const zReturnFormEvent = z
  .discriminatedUnion('action', [
    recordEvent('issue', z.object({ approvedQuantity: z.number().int(), handling: z.enum(['return', 'reprocess']) }).strict()),
    recordEvent('receive', z.object({ actualQuantity: z.number().int() }).strict()),
    recordEvent('attach_proof', z.object({ kind: z.enum(RETURN_PROOF_KINDS), reference: z.string() }).strict()),
    recordEvent(
      'match',
      z
        .object({
          withinTolerance: z.boolean(),
          differenceQuantity: z.number().int().describe('actual − approved quantity'),
          tolerance: z.number().describe('the tolerance applied, a ratio 0..1'),
        })
        .strict(),
    ),
    recordEvent('resolve', z.object({ bookQuantity: z.number().int() }).strict()),
  ])
  .meta({ id: 'ReturnFormEvent', description: 'An entry of a return form\'s history' });
export type ReturnFormEvent = z.infer<typeof zReturnFormEvent>;

const zReturnFormRecord = z
  .object({
    id: z.string(),
    ...zCaseRef,
    status: z.enum(['issued', 'received', 'referred', 'booked']),
    handling: z.enum(['return', 'reprocess']),
    reason: z.string(),
    basis: z.string(),
    approvedQuantity: z.number().int(),
    toleranceBp: z.number().int().describe('P4: the over-acceptance tolerance in basis points (500 = 5%)'),
    toleranceSource: z.enum(['customer', 'company']),
    copies: z.array(z.enum(RETURN_FORM_COPIES)).describe('P3: where the four copies go'),
    issuedBy: z.string(),
    issuedAt: zInstant,
    receipt: z
      .object({ actualQuantity: z.number().int(), signedBy: z.string(), at: zInstant, confirmedAfterAsking: z.boolean(), note: z.string().optional() })
      .strict()
      .nullable()
      .describe('P5: the warehouse signs the actual count'),
    proof: z.object({ kind: z.enum(RETURN_PROOF_KINDS), reference: z.string(), by: z.string(), at: zInstant }).strict().nullable().describe('P7: the proof of the return'),
    match: z
      .object({ withinTolerance: z.boolean(), differenceQuantity: z.number().int(), by: z.string(), at: zInstant })
      .strict()
      .nullable()
      .describe("P4: accounting's match against the approved quantity"),
    resolution: z
      .object({ bookQuantity: z.number().int(), by: z.string(), at: zInstant, comment: z.string() })
      .strict()
      .nullable()
      .describe('P4: the decision on a referred difference'),
    booked: z.object({ quantity: z.number().int(), by: z.string(), at: zInstant }).strict().nullable(),
    history: z.array(zReturnFormEvent),
  })
  .strict();
/** A finished-goods return form as stored. */
export type ReturnForm = z.infer<typeof zReturnFormRecord>;

/** A return form as the API shows it. */
export const zReturnFormView = zReturnFormRecord
  .extend({ tolerance: z.number().describe('the tolerance as a ratio 0..1 (toleranceBp ÷ 10000)') })
  .strict()
  .meta({ id: 'ReturnForm', description: 'A finished-goods return form (P3, P4, P5, P7) with its history' });
export type ReturnFormView = z.infer<typeof zReturnFormView>;

export const zAllowanceEvent = z
  .discriminatedUnion('action', [
    recordEvent('issue', z.object({ kind: z.enum(['allowance', 'compensation']), amount: zYuan }).strict()),
    recordEvent('sign', z.object({ as: z.enum(['manager', 'gm', 'customer']), customerSignatory: z.string().optional() }).strict()),
    recordEvent('attach_proof', z.object({ kind: z.enum(ALLOWANCE_PROOF_KINDS), reference: z.string() }).strict()),
    recordEvent('book', z.object({}).strict()),
  ])
  .meta({ id: 'AllowanceEvent', description: "An entry of an allowance certificate's history" });
export type AllowanceEvent = z.infer<typeof zAllowanceEvent>;

const zAllowanceRecord = z
  .object({
    id: z.string(),
    ...zCaseRef,
    status: z.enum(['issued', 'signed', 'booked']),
    kind: z.enum(['allowance', 'compensation']),
    amountFen: z.number().int(),
    reason: z.string(),
    copies: z.array(z.enum(ALLOWANCE_COPIES)).describe('P3: where the two copies go'),
    issuedBy: z.string(),
    issuedAt: zInstant,
    signatures: z
      .object({
        manager: z.object({ by: z.string(), role: z.enum(['sales_manager', 'vp']), at: zInstant }).strict().optional(),
        gm: z.object({ by: z.string(), at: zInstant }).strict().optional(),
        customer: z
          .object({ signatory: z.string(), signedOn: z.string().nullable().describe('date YYYY-MM-DD'), recordedBy: z.string(), at: zInstant })
          .strict()
          .optional(),
      })
      .strict()
      .describe("P3: the (deputy) manager's, the GM's and the customer's signatures"),
    proof: z.object({ kind: z.enum(ALLOWANCE_PROOF_KINDS), reference: z.string(), by: z.string(), at: zInstant }).strict().nullable().describe('P7: the proof of the allowance'),
    booked: z.object({ by: z.string(), at: zInstant }).strict().nullable(),
    history: z.array(zAllowanceEvent),
  })
  .strict();
/** A sales-allowance certificate as stored. */
export type AllowanceCertificate = z.infer<typeof zAllowanceRecord>;

/** An allowance certificate as the API shows it: the amount in yuan. */
export const zAllowanceView = zAllowanceRecord
  .omit({ amountFen: true })
  .extend({ amount: zYuan })
  .strict()
  .meta({ id: 'AllowanceCertificate', description: 'A sales-allowance (or compensation) certificate (P3, P7) with its signatures and history' });
export type AllowanceView = z.infer<typeof zAllowanceView>;

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
  let entry: EventEntry<ReturnFormEvent>;
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
      entry = { action: 'receive', data: { actualQuantity: cmd.actualQuantity } };
      break;
    case 'attach_proof':
      need(actor, ['sales', 'accounting'], 'Attaching a proof');
      if (f.status === 'booked') fail('wrong_stage', 'The return is already booked.');
      f.proof = { kind: cmd.kind, reference: cmd.reference, by: actor.name, at };
      entry = { action: 'attach_proof', data: { kind: cmd.kind, reference: cmd.reference } };
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
      entry = { action: 'match', data: { withinTolerance: ok, differenceQuantity: actual - f.approvedQuantity, tolerance: f.toleranceBp / 10_000 } };
      break;
    }
    case 'resolve':
      need(actor, ['gm_office', 'sales_manager', 'vp', 'gm'], 'Deciding a referred difference');
      if (f.status !== 'referred') fail('wrong_stage', `Only a referred difference is decided; the form is ${f.status}.`);
      f.resolution = { bookQuantity: cmd.bookQuantity, by: actor.name, at, comment: cmd.comment ?? '' };
      f.booked = { quantity: cmd.bookQuantity, by: actor.name, at };
      f.status = 'booked';
      entry = { action: 'resolve', data: { bookQuantity: cmd.bookQuantity } };
      break;
  }
  f.history.push({ at, actor: { id: actor.id, name: actor.name }, ...entry, ...(cmd.comment ? { comment: cmd.comment } : {}) });
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
  let entry: EventEntry<AllowanceEvent>;
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
      entry = { action: 'sign', data: { as: cmd.as, ...(cmd.customerSignatory ? { customerSignatory: cmd.customerSignatory } : {}) } };
      break;
    }
    case 'attach_proof':
      need(actor, ['sales', 'accounting'], 'Attaching a proof');
      if (c.status === 'booked') fail('wrong_stage', 'The allowance is already booked.');
      c.proof = { kind: cmd.kind, reference: cmd.reference, by: actor.name, at };
      entry = { action: 'attach_proof', data: { kind: cmd.kind, reference: cmd.reference } };
      break;
    case 'book':
      need(actor, ['accounting'], 'Booking an allowance');
      if (c.status !== 'signed') fail('wrong_stage', `The certificate needs the manager's, the GM's and the customer's signatures first; it is ${c.status}.`);
      if (!c.proof) fail('wrong_stage', 'Attach the proof of the allowance first (P7).');
      c.booked = { by: actor.name, at };
      c.status = 'booked';
      entry = { action: 'book', data: {} };
      break;
  }
  c.history.push({ at, actor: { id: actor.id, name: actor.name }, ...entry, ...(cmd.comment ? { comment: cmd.comment } : {}) });
  return c;
}

export function returnFormView(f: ReturnForm): ReturnFormView {
  return { ...f, tolerance: f.toleranceBp / 10_000 };
}

export function allowanceView(c: AllowanceCertificate): AllowanceView {
  const { amountFen, ...rest } = c;
  return { ...rest, amount: fenToYuan(amountFen) };
}

// ---- P6: receivables held up by a complaint ----

export const zReceivableHoldCreate = z
  .object({
    caseId: z.string().uuid('must be the id of a complaint'),
    salespersonId: text(100),
    /** More than 0: refused otherwise once the case and the person are found (services/returns.ts). */
    amount: zPositiveYuanAmount(),
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
