// O4: the spare-part request (配件申请单) of a repair. The technician on a service call requests
// parts; the service supervisor approves or rejects; an approved request reserves the stock of the
// call's service centre, or waits for stock (`waiting_stock`, with the reason) and is served
// first-come when stock arrives; the store (role warehouse) issues; the technician records the
// parts replaced and the store takes back the unused ones. Who may do what, in which status, with
// which data, is decided here; services/parts.ts applies it with conditional writes so that
// concurrent requests never take stock that is not there.
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { text } from '../fields';
import { type Actor, type Role, hasAnyRole } from '../roles';
import type { CallCategory } from '../serviceCall/stages';

export const PART_REQUEST_STATUSES = ['requested', 'approved', 'waiting_stock', 'issued', 'closed', 'rejected', 'cancelled'] as const;
export type PartRequestStatus = (typeof PART_REQUEST_STATUSES)[number];

/** Whose bill a part is on: in warranty and under a maintenance contract the company's, otherwise the customer's. */
export const COVERAGES = ['warranty', 'contract', 'paid'] as const;
export type Coverage = (typeof COVERAGES)[number];
export type Bearer = 'company' | 'customer';

/** S1 → O4: a category C call is in warranty, B under contract, A paid by the customer. */
export function coverageOf(category: CallCategory): Coverage {
  return category === 'C' ? 'warranty' : category === 'B' ? 'contract' : 'paid';
}

/** The customer pays for parts outside warranty and contract (at list price) unless the charge was waived. */
export const bearerOf = (coverage: Coverage, waived: boolean): Bearer => (coverage === 'paid' && !waived ? 'customer' : 'company');

/** A part number: a letter or digit, then up to 99 letters, digits or . _ / - (surrounding spaces trimmed). */
export const PART_NO_TEXT = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;
const partNo = z
  .string()
  .trim()
  .regex(PART_NO_TEXT, 'must be a part number: letters, digits, . _ / -, at most 100 characters');
export const zPartNo = partNo;

const quantity = z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000');

const uniqueParts = <T extends { partNo: string }>(lines: T[]) => new Set(lines.map((l) => l.partNo)).size === lines.length;

/** Lines naming parts and quantities, each part once. */
export const zPartLines = (max: number) =>
  z
    .array(z.object({ partNo, quantity }).strict())
    .min(1, 'name at least one part')
    .max(max, `at most ${max} parts`)
    .refine(uniqueParts, 'name each part once');
export type PartLineInput = { partNo: string; quantity: number };

/** POST /api/v1/part-requests: the technician's request. */
export const zPartRequestFiling = z
  .object({
    callId: z.string().uuid('must be the id of a service call'),
    lines: zPartLines(20),
    reason: text(500).describe('what the parts are for'),
  })
  .strict();
export type PartRequestFiling = z.infer<typeof zPartRequestFiling>;

const comment = text(500).optional();
export const zPartRequestAction = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('approve'),
      comment,
      waiveCharge: z.boolean().optional().describe('outside warranty and contract only: the company bears the parts instead of the customer'),
    })
    .strict(),
  z.object({ action: z.literal('reject'), reason: text(500) }).strict(),
  z.object({ action: z.literal('issue'), comment }).strict(),
  z.object({ action: z.literal('record_replaced'), lines: zPartLines(20), comment }).strict(),
  z.object({ action: z.literal('return_unused'), lines: zPartLines(20), comment }).strict(),
  z.object({ action: z.literal('cancel'), reason: text(500) }).strict(),
]);
export type PartRequestAction = z.infer<typeof zPartRequestAction>;
export type PartRequestActionName = PartRequestAction['action'];
export const PART_REQUEST_ACTIONS = zPartRequestAction.options.map((o) => o.shape.action.value) as PartRequestActionName[];

export const PART_REQUEST_ACTION_ROLES: Record<PartRequestActionName, readonly Role[]> = {
  approve: ['service_supervisor'],
  reject: ['service_supervisor'],
  issue: ['warehouse'],
  record_replaced: ['technician'],
  return_unused: ['warehouse'],
  cancel: ['technician', 'service_supervisor'],
};

export const PART_REQUEST_ACTION_STATUSES: Record<PartRequestActionName, readonly PartRequestStatus[]> = {
  approve: ['requested'],
  reject: ['requested'],
  issue: ['approved'],
  record_replaced: ['issued'],
  return_unused: ['issued'],
  cancel: ['requested', 'approved', 'waiting_stock'],
};

/** Roles that may ever take one of the actions (a refusal before the fields are read). */
export const rolesThatMayTake = (action: string): readonly Role[] | null =>
  (PART_REQUEST_ACTIONS as readonly string[]).includes(action) ? PART_REQUEST_ACTION_ROLES[action as PartRequestActionName] : null;

export interface PartLineState {
  partNo: string;
  quantity: number;
  issued: number;
  replaced: number;
  returned: number;
}

export interface PartRequestState {
  id: string;
  status: PartRequestStatus;
  technicianId: string;
  coverage: Coverage;
  lines: PartLineState[];
}

/** Issued and neither fitted nor returned yet. */
export const outstanding = (l: PartLineState): number => l.issued - l.replaced - l.returned;

/** Every issued part is accounted for: fitted or returned. */
export const settled = (lines: readonly PartLineState[]): boolean => lines.every((l) => outstanding(l) === 0);

const fail = (code: 'forbidden' | 'wrong_stage' | 'invalid_input', message: string, details: ErrorDetail[] = []): never => {
  throw new AppError(code, message, details);
};

/**
 * Refuses an action the actor may not take now: `forbidden` for the wrong role, a technician other
 * than the requester, or a supervisor approving their own request; `wrong_stage` for the wrong
 * status; `invalid_input` for data that contradicts the request. Changes nothing.
 */
export function checkPartRequestAction(state: PartRequestState, actor: Actor, cmd: PartRequestAction): void {
  const roles = PART_REQUEST_ACTION_ROLES[cmd.action];
  if (!hasAnyRole(actor, roles)) fail('forbidden', `"${cmd.action}" needs one of the roles: ${roles.join(', ')}.`);
  const statuses = PART_REQUEST_ACTION_STATUSES[cmd.action];
  if (!statuses.includes(state.status)) {
    fail('wrong_stage', `"${cmd.action}" is taken when the request is ${statuses.join(' or ')}; it is ${state.status}.`);
  }
  const isRequester = state.technicianId === actor.id;
  switch (cmd.action) {
    case 'approve':
    case 'reject':
      if (isRequester) fail('forbidden', 'Nobody decides their own part request.');
      if (cmd.action === 'approve' && cmd.waiveCharge && state.coverage !== 'paid') {
        fail('invalid_input', 'The action is invalid.', [{ field: 'waiveCharge', message: `the parts are already borne by the company (${state.coverage})` }]);
      }
      return;
    case 'record_replaced':
      if (!isRequester) fail('forbidden', 'Only the technician who requested the parts records them as replaced.');
      checkLines(state, cmd.lines);
      return;
    case 'return_unused':
      checkLines(state, cmd.lines);
      return;
    case 'cancel':
      if (!isRequester && !hasAnyRole(actor, ['service_supervisor'])) fail('forbidden', 'Only the requesting technician or a service supervisor cancels a request.');
      return;
    default:
      return;
  }
}

function checkLines(state: PartRequestState, lines: readonly PartLineInput[]): void {
  const details: ErrorDetail[] = [];
  lines.forEach((l, i) => {
    const line = state.lines.find((x) => x.partNo === l.partNo);
    if (!line) details.push({ field: `lines.${i}.partNo`, message: 'is not on this request' });
    else if (l.quantity > outstanding(line)) details.push({ field: `lines.${i}.quantity`, message: `at most ${outstanding(line)} issued and not yet fitted or returned` });
  });
  if (details.length) fail('invalid_input', 'The action is invalid.', details);
}

/** The lines after `record_replaced` or `return_unused`. */
export function applyLines(state: PartRequestState, kind: 'replaced' | 'returned', lines: readonly PartLineInput[]): PartLineState[] {
  return state.lines.map((l) => {
    const given = lines.find((x) => x.partNo === l.partNo);
    return given ? { ...l, [kind]: l[kind] + given.quantity } : { ...l };
  });
}

/** Stock receipt into a centre's store. */
export const zStockReceipt = z
  .object({
    centre: text(100).describe('the service centre whose store receives the parts'),
    lines: zPartLines(100),
    note: text(500).optional(),
  })
  .strict();
export type StockReceipt = z.infer<typeof zStockReceipt>;
