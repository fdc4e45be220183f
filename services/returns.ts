// Returns, allowances and held receivables (P3–P7) as database records. Each action is checked by
// the pure rules in domain/accountability/returns.ts and saved only if nobody changed the record
// meanwhile (optimistic concurrency on `version`), so a refused or conflicting action changes nothing.
import { z } from 'zod';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { monthRange } from '../domain/accountability/ledger';
import {
  type AllowanceAction,
  type AllowanceCertificate,
  type AllowanceCreate,
  type CaseRef,
  type ReceivableHoldCreate,
  type ReturnForm,
  type ReturnFormAction,
  type ReturnFormCreate,
  allowanceView,
  applyAllowanceAction,
  applyReturnAction,
  newAllowance,
  newReturnForm,
  returnFormView,
} from '../domain/accountability/returns';
import { zInstant, zMonthString, zYuan } from '../domain/accountability/views';
import type { ComplaintState } from '../domain/complaint/machine';
import { AppError } from '../domain/errors';
import { fenToYuan } from '../domain/money';
import type { Actor } from '../domain/roles';

/** Reads a complaint's state; the route passes one that asks the case's workflow when the read model lags behind. */
export type CaseLoader = (caseId: string) => Promise<ComplaintState | null>;

export const projectedCase =
  (db: Database): CaseLoader =>
  async (caseId) => {
    const row = await db.complaintCase.findUnique({ where: { id: caseId } });
    return row ? (JSON.parse(row.state) as ComplaintState) : null;
  };

async function existingCase(load: CaseLoader, caseId: string): Promise<ComplaintState> {
  const state = await load(caseId);
  if (!state) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'caseId', message: 'no complaint has this id' }]);
  return state;
}

/** The complaint a return or allowance belongs to; it must be decided (approved) first. */
export async function decidedCase(load: CaseLoader, caseId: string): Promise<CaseRef & { state: ComplaintState }> {
  const state = await existingCase(load, caseId);
  if (state.decision?.decision !== 'approve') {
    throw new AppError('wrong_stage', `Complaint ${state.number ?? caseId} has no approved decision yet; returns and allowances follow the decision (C8, P3).`);
  }
  return { caseId, caseNumber: state.number, customer: state.filing.customer.name, state };
}

// ---- return forms ----

export async function createReturnForm(db: Database, load: CaseLoader, id: string, body: ReturnFormCreate, by: Actor, now: Date, companyToleranceBp: number) {
  const existing = await db.returnForm.findUnique({ where: { id } });
  if (existing) return returnFormView(JSON.parse(existing.data) as ReturnForm);
  const ref = await decidedCase(load, body.caseId);
  const form = newReturnForm({ ...body, caseNumber: ref.caseNumber, customer: ref.customer, id, companyToleranceBp, by, nowMs: now.getTime() });
  await db.returnForm.create({ data: { id, caseId: form.caseId, status: form.status, data: JSON.stringify(form), version: 1, createdAt: now, updatedAt: now } });
  return returnFormView(form);
}

export async function getReturnForm(db: Database, id: string) {
  const row = await db.returnForm.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', `No return form ${id}.`);
  return { form: JSON.parse(row.data) as ReturnForm, version: row.version };
}

export async function listReturnForms(db: Database, filter: { caseId?: string; status?: string; limit: number; cursor?: string }) {
  const rows = await db.returnForm.findMany({
    where: { ...(filter.caseId ? { caseId: filter.caseId } : {}), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(filter),
  });
  return pageOf(rows, filter, (r) => returnFormView(JSON.parse(r.data) as ReturnForm));
}

export async function actOnReturnForm(db: Database, id: string, actor: Actor, cmd: ReturnFormAction, now: Date) {
  const { form, version } = await getReturnForm(db, id);
  const next = applyReturnAction(form, actor, cmd, now.getTime());
  const saved = await db.returnForm.updateMany({
    where: { id, version },
    data: { status: next.status, data: JSON.stringify(next), version: version + 1, updatedAt: now },
  });
  if (saved.count !== 1) throw new AppError('conflict', 'The return form changed meanwhile; read it again and retry.');
  return returnFormView(next);
}

// ---- allowance certificates ----

export async function createAllowance(db: Database, load: CaseLoader, id: string, body: AllowanceCreate, by: Actor, now: Date) {
  const existing = await db.allowanceCertificate.findUnique({ where: { id } });
  if (existing) return allowanceView(JSON.parse(existing.data) as AllowanceCertificate);
  const ref = await decidedCase(load, body.caseId);
  if (body.amount <= 0) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'amount', message: 'must be greater than 0' }]);
  const cert = newAllowance({ ...body, caseNumber: ref.caseNumber, customer: ref.customer, id, by, nowMs: now.getTime() });
  await db.allowanceCertificate.create({ data: { id, caseId: cert.caseId, status: cert.status, data: JSON.stringify(cert), version: 1, createdAt: now, updatedAt: now } });
  return allowanceView(cert);
}

export async function getAllowance(db: Database, id: string) {
  const row = await db.allowanceCertificate.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', `No allowance certificate ${id}.`);
  return { cert: JSON.parse(row.data) as AllowanceCertificate, version: row.version };
}

export async function listAllowances(db: Database, filter: { caseId?: string; status?: string; limit: number; cursor?: string }) {
  const rows = await db.allowanceCertificate.findMany({
    where: { ...(filter.caseId ? { caseId: filter.caseId } : {}), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(filter),
  });
  return pageOf(rows, filter, (r) => allowanceView(JSON.parse(r.data) as AllowanceCertificate));
}

export async function actOnAllowance(db: Database, id: string, actor: Actor, cmd: AllowanceAction, now: Date) {
  const { cert, version } = await getAllowance(db, id);
  const next = applyAllowanceAction(cert, actor, cmd, now.getTime());
  const saved = await db.allowanceCertificate.updateMany({
    where: { id, version },
    data: { status: next.status, data: JSON.stringify(next), version: version + 1, updatedAt: now },
  });
  if (saved.count !== 1) throw new AppError('conflict', 'The certificate changed meanwhile; read it again and retry.');
  return allowanceView(next);
}

// ---- P6 held receivables ----

type HoldRow = Awaited<ReturnType<Database['receivableHold']['findUniqueOrThrow']>>;

/** P6: a receivable held up by a complaint, as the API shows it. */
export const zReceivableHoldView = z
  .object({
    id: z.string(),
    caseId: z.string(),
    salespersonId: z.string().describe('the person (PUT /api/v1/people/{id}) whose collection rate leaves the amount out'),
    amount: zYuan,
    invoiceNo: z.string().nullable(),
    note: z.string().nullable(),
    status: z.enum(['held', 'released']),
    heldAt: zInstant,
    heldBy: z.string().describe('who recorded the hold'),
    releasedAt: zInstant.nullable(),
    releasedBy: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'ReceivableHold', description: "A receivable held up by a complaint: its amount is left out of the salesperson's collection rate (P6)" });
export type ReceivableHoldView = z.infer<typeof zReceivableHoldView>;

/** P6: per salesperson, the held amount left out of a month's collection-rate bonus. */
export const zHoldsSummary = z
  .object({
    month: zMonthString,
    items: z.array(
      z
        .object({
          salespersonId: z.string(),
          excludedAmount: zYuan.describe('the held amount left out of the collection rate, yuan with two decimals'),
          holds: z.array(z.string()).describe('the ids of the holds in force during the month'),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'ReceivableHoldSummary', description: "P6: per salesperson, the held amount left out of the month's collection-rate bonus" });
export type HoldsSummary = z.infer<typeof zHoldsSummary>;

export const holdView = (h: HoldRow): ReceivableHoldView => ({
  id: h.id,
  caseId: h.caseId,
  salespersonId: h.salespersonId,
  amount: fenToYuan(Number(h.amountFen)),
  invoiceNo: h.invoiceNo,
  note: h.note,
  // The column holds only the two states this file writes.
  status: h.status as ReceivableHoldView['status'],
  heldAt: h.heldAt.toISOString(),
  heldBy: h.heldBy,
  releasedAt: h.releasedAt?.toISOString() ?? null,
  releasedBy: h.releasedBy,
});

export async function createHold(db: Database, load: CaseLoader, id: string, body: ReceivableHoldCreate, by: Actor, now: Date) {
  const existing = await db.receivableHold.findUnique({ where: { id } });
  if (existing) return holdView(existing);
  await existingCase(load, body.caseId);
  if (!(await db.person.findUnique({ where: { id: body.salespersonId }, select: { id: true } }))) {
    throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'salespersonId', message: 'no person has this id (PUT /api/v1/people/{id})' }]);
  }
  if (body.amount <= 0) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'amount', message: 'must be greater than 0' }]);
  const row = await db.receivableHold.create({
    data: {
      id,
      caseId: body.caseId,
      salespersonId: body.salespersonId,
      amountFen: BigInt(body.amount),
      invoiceNo: body.invoiceNo ?? null,
      note: body.note ?? null,
      status: 'held',
      heldAt: now,
      heldBy: by.name,
    },
  });
  return holdView(row);
}

export async function listHolds(db: Database, filter: { caseId?: string; salespersonId?: string; status?: string; limit: number; cursor?: string }) {
  const rows = await db.receivableHold.findMany({
    where: {
      ...(filter.caseId ? { caseId: filter.caseId } : {}),
      ...(filter.salespersonId ? { salespersonId: filter.salespersonId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    },
    orderBy: [{ heldAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(filter),
  });
  return pageOf(rows, filter, holdView);
}

export async function releaseHold(db: Database, id: string, by: Actor, now: Date) {
  const row = await db.receivableHold.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', `No held receivable ${id}.`);
  const saved = await db.receivableHold.updateMany({ where: { id, status: 'held' }, data: { status: 'released', releasedAt: now, releasedBy: by.name } });
  if (saved.count !== 1) throw new AppError('wrong_stage', 'The receivable was already released.');
  return holdView(await db.receivableHold.findUniqueOrThrow({ where: { id } }));
}

/**
 * P6: per salesperson, the held amounts left out of the month's collection-rate bonus: every hold
 * that was in force at some time during the month (held before its end, not released before its start).
 */
export async function holdsSummary(db: Database, month: string, timeZone: string): Promise<HoldsSummary> {
  const { start, end } = monthRange(month, timeZone);
  const rows = await db.receivableHold.findMany({
    where: { heldAt: { lt: end }, OR: [{ releasedAt: null }, { releasedAt: { gte: start } }] },
    orderBy: [{ salespersonId: 'asc' }, { heldAt: 'asc' }],
  });
  const by = new Map<string, { salespersonId: string; excludedFen: number; holds: string[] }>();
  for (const h of rows) {
    const s = by.get(h.salespersonId) ?? { salespersonId: h.salespersonId, excludedFen: 0, holds: [] };
    s.excludedFen += Number(h.amountFen);
    s.holds.push(h.id);
    by.set(h.salespersonId, s);
  }
  return { month, items: [...by.values()].map((s) => ({ salespersonId: s.salespersonId, excludedAmount: fenToYuan(s.excludedFen), holds: s.holds })) };
}
