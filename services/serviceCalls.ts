// Service calls on the database side: the category at registration (S1), the rules and SLA a new
// call runs under (S14), the read model the workflow projects into (the call register S2/S13,
// vouchers S4/S7, the in/out register and repair card S6/S7, time per job S10, fees S5/S8), lists
// and the caller's tasks. Writes are idempotent and never go backwards (version guard).
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { AppError } from '../domain/errors';
import { endOfLocalDay, localDateIn } from '../domain/localTime';
import { fenToYuan } from '../domain/money';
import type { Role } from '../domain/roles';
import { type CategoryBasis, type ContractCoverage, contractActiveOn, deriveCategory } from '../domain/serviceCall/category';
import {
  type ServiceCallState,
  type ServiceCallView,
  type ServiceNoticeDraft,
  awaitingOf,
  currentDueAt,
  serviceCallView,
} from '../domain/serviceCall/machine';
import type { ServiceCallRegistration } from '../domain/serviceCall/schemas';
import type { CallCategory } from '../domain/serviceCall/stages';
import { recordCallActivity } from './activityPoints';
import { entriesToWrite, projectCaseEvents } from './caseEvents';
import { scheduleFollowUp } from './followUps';
import { recordNotices } from './notices';
import type { UserRecord } from './users';
import { upsertWorkItem } from './workItems';

/** The contract a call names, or the active one covering its serial number (S1). */
async function coveringContract(
  db: Database,
  reg: Pick<ServiceCallRegistration, 'contractId' | 'serialNo'>,
  today: string,
): Promise<ContractCoverage | null> {
  if (reg.contractId) {
    const c = await db.serviceContract.findUnique({ where: { id: reg.contractId } });
    if (!c) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'contractId', message: 'no contract has this id' }]);
    if (reg.serialNo) {
      const covered = await db.contractSerial.findUnique({ where: { contractId_serialNo: { contractId: c.id, serialNo: reg.serialNo } } });
      if (!covered) {
        throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'serialNo', message: 'is not covered by the named contract' }]);
      }
    }
    return c;
  }
  if (!reg.serialNo) return null;
  const rows = await db.contractSerial.findMany({ where: { serialNo: reg.serialNo }, select: { contractId: true } });
  if (rows.length === 0) return null;
  const contracts = await db.serviceContract.findMany({ where: { id: { in: rows.map((r) => r.contractId) } }, orderBy: { endsOn: 'desc' } });
  return contracts.find((c) => contractActiveOn(c, today)) ?? null;
}

/** S1: the category of a call registered now. */
export async function categorizeCall(db: Database, reg: ServiceCallRegistration, today: string): Promise<{ category: CallCategory; basis: CategoryBasis }> {
  const contract = await coveringContract(db, reg, today);
  return deriveCategory({ today, contract, warrantyUntil: reg.warrantyUntil ?? null });
}

export const toServiceNotices = (callId: string, drafts: ServiceNoticeDraft[]) =>
  drafts.map((d) => ({ ...d, caseType: 'service_call' as const, caseId: callId }));

/** Projects the call (and what its last action produced) into the read model. Safe to repeat. */
export async function projectServiceCall(db: Database, workflowId: string, state: ServiceCallState, timeZone: string): Promise<void> {
  const version = state.history.length;
  const awaiting = awaitingOf(state);
  const dueAt = currentDueAt(state);
  const r = state.registration;
  const row = {
    number: state.number ?? null,
    status: state.status,
    stage: state.stage,
    technicianId: state.technician?.id ?? null,
    awaitingRoles: awaiting ? JSON.stringify(awaiting.roles) : null,
    awaitingAction: awaiting?.action ?? null,
    awaitingUserId: awaiting?.technicianId ?? null,
    arrivedAt: state.arrivedAt ? new Date(state.arrivedAt) : null,
    dueAt: dueAt ? new Date(dueAt) : null,
    priorityOn: state.priority?.date ?? null,
    registerStruckAt: state.registerStruckAt ? new Date(state.registerStruckAt) : null,
    state: JSON.stringify(state),
    version,
    closedAt: state.closedAt ? new Date(state.closedAt) : null,
  };
  await db.$transaction(async (tx) => {
    const current = await tx.serviceCall.findUnique({ where: { id: state.id }, select: { version: true } });
    if (current && current.version > version) return;
    if (!current) {
      await tx.serviceCall.create({
        data: {
          id: state.id,
          workflowId,
          category: state.category,
          area: r.area,
          serviceCentre: state.serviceCentre,
          customerName: r.customer.name,
          customerPhone: r.customer.phone,
          productModel: r.productModel,
          serialNo: r.serialNo ?? null,
          fault: r.fault ?? null,
          activityType: r.activityType ?? null,
          contractId: state.categoryBasis.contractId,
          arrivalDueAt: new Date(state.arrivalDueAt),
          registeredOn: localDateIn(timeZone, new Date(state.registeredAt)),
          createdAt: new Date(state.registeredAt),
          ...row,
        },
      });
    } else {
      await tx.serviceCall.update({ where: { id: state.id }, data: row });
    }
    const written = await projectCaseEvents(tx, 'service_call', state.id, state.history, entriesToWrite(current, version));
    // S10: time per job, on the day it was worked, in the call's category.
    const jobs = written.filter((e) => e.action === 'resolve_on_site' || e.action === 'record_repair');
    for (const e of jobs) {
      const job = {
        technicianId: e.actor.id,
        date: localDateIn(timeZone, new Date(e.at)),
        category: state.category,
        minutes: e.data.workMinutes,
        caseId: state.id,
        action: e.action,
        description: `${e.action === 'resolve_on_site' ? 'On-site fix' : 'Carry-in repair'}: ${r.productModel} for ${r.customer.name}`,
        createdAt: new Date(e.at),
      };
      await tx.workLog.upsert({ where: { id: `service_call:${state.id}:${e.seq}` }, update: job, create: { id: `service_call:${state.id}:${e.seq}`, ...job } });
    }
    if (current && current.version === version) {
      // Jobs a failed workflow task recorded under entries the retried task replaced with other actions.
      const jobSeqs = new Set(jobs.map((e) => e.seq));
      const replaced = written.filter((e) => !jobSeqs.has(e.seq)).map((e) => `service_call:${state.id}:${e.seq}`);
      await tx.workLog.deleteMany({ where: { id: { in: replaced } } });
    }
    // O2: a completed call is one activity of its type for its technician.
    await recordCallActivity(tx, state, timeZone);
    // S2, S4, S6, S7: the voucher's way from the customer's file to the archive.
    const v = state.voucher;
    const voucher = {
      status: v.status,
      drawnAt: new Date(v.drawnAt),
      signedAt: v.signedAt ? new Date(v.signedAt) : null,
      archivedAt: v.archivedAt ? new Date(v.archivedAt) : null,
    };
    await tx.serviceVoucher.upsert({ where: { callId: state.id }, update: voucher, create: { callId: state.id, ...voucher } });
    // S6, S7: the in/out register and the repair card.
    const ci = state.carryIn;
    if (ci) {
      const record = {
        receiptNo: ci.receiptNo,
        receivedAt: new Date(ci.receivedAt),
        promisedBy: new Date(ci.promisedBy),
        returnedAt: ci.returnedAt ? new Date(ci.returnedAt) : null,
        receiptVoidedAt: ci.receiptVoidedAt ? new Date(ci.receiptVoidedAt) : null,
        repairCard: JSON.stringify({ repairs: ci.repairs, inspections: ci.inspections, delays: ci.delays }),
      };
      await tx.carryInRecord.upsert({ where: { callId: state.id }, update: record, create: { callId: state.id, ...record } });
    }
    // S5, S8: fees go to accounting: a cash handover, an invoice the same day, or an invoice on the day of return.
    for (const f of state.fees) {
      const id = `${state.id}:fee:${f.n}`;
      const at = new Date(f.at);
      const due = endOfLocalDay(at, timeZone);
      const fee = { technicianId: f.technicianId, amountFen: f.amountFen, collectedOnSite: f.collectedOnSite, kind: f.kind, invoiceDueAt: due, createdAt: at };
      await tx.serviceFee.upsert({ where: { id }, update: fee, create: { id, callId: state.id, ...fee } });
      const who = state.technician?.name ?? 'the technician';
      const amount = `${fenToYuan(f.amountFen)} yuan`;
      const [kind, title] =
        f.kind === 'carry_in'
          ? ['invoice_on_return', `Invoice ${amount} for the carry-in repair of ${r.productModel} for ${r.customer.name}, returned today (S8)${f.collectedOnSite ? '; paid on return' : ''}.`]
          : f.collectedOnSite
            ? ['fee_handover', `${who} collected ${amount} on site from ${r.customer.name}: take the cash and issue the invoice (S5).`]
            : ['invoice_for_collection', `Issue today the invoice of ${amount} for ${r.customer.name} to ${who}, who collects it (S5).`];
      await upsertWorkItem(tx, {
        dedupeKey: `${state.id}:task:${kind}:${f.n}`,
        kind,
        caseType: 'service_call',
        caseId: state.id,
        roles: ['accounting'],
        title,
        dueAt: due,
        at,
      });
    }
    // O6: a closed call's follow-up call is scheduled.
    await scheduleFollowUp(tx, state);
  });
}

export async function recordServiceNotices(db: Database, callId: string, drafts: ServiceNoticeDraft[]): Promise<void> {
  await recordNotices(db, toServiceNotices(callId, drafts));
}

/** A technician who holds no other service role sees only the calls assigned to them. */
export function onlyOwnCalls(user: { roles: readonly string[] }): boolean {
  const broader: Role[] = ['clerk', 'service_supervisor', 'service_dept', 'branch_manager', 'accounting', 'vp', 'gm', 'auditor', 'admin'];
  return user.roles.includes('technician') && !user.roles.some((r) => (broader as string[]).includes(r));
}

export interface ServiceCallListFilter {
  status?: string;
  stage?: string;
  category?: string;
  technicianId?: string;
  overdue?: boolean;
  priority?: boolean;
  serviceCentre?: string;
  limit: number;
  cursor?: string;
}

export async function listServiceCalls(db: Database, filter: ServiceCallListFilter, now: Date) {
  const rows = await db.serviceCall.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.stage ? { stage: filter.stage } : {}),
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.technicianId ? { technicianId: filter.technicianId } : {}),
      ...(filter.serviceCentre ? { serviceCentre: filter.serviceCentre } : {}),
      ...(filter.priority === true ? { priorityOn: { not: null } } : filter.priority === false ? { priorityOn: null } : {}),
      ...(filter.overdue === true
        ? { status: 'open', dueAt: { lte: now } }
        : filter.overdue === false
          ? { OR: [{ status: { not: 'open' } }, { dueAt: null }, { dueAt: { gt: now } }] }
          : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(filter),
  });
  return pageOf(rows, filter, (r) => serviceCallView(JSON.parse(r.state) as ServiceCallState, now.getTime()));
}

export async function serviceCallRow(db: Database, id: string) {
  return db.serviceCall.findUnique({ where: { id }, select: { id: true, technicianId: true, status: true } });
}

/** The caller's open service-call stages: by role, and for a technician only the calls assigned to them. */
export async function serviceCallTasks(db: Database, user: Pick<UserRecord, 'id' | 'roles'>, now: Date) {
  const filters: object[] = user.roles.filter((r) => r !== 'technician').map((r) => ({ awaitingRoles: { contains: `"${r}"` } }));
  if (user.roles.includes('technician')) filters.push({ awaitingUserId: user.id });
  if (filters.length === 0) return [];
  const rows = await db.serviceCall.findMany({
    where: { status: 'open', OR: filters },
    orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }],
    take: 500,
    select: { id: true, awaitingAction: true, awaitingRoles: true, dueAt: true, category: true, customerName: true, productModel: true, priorityOn: true },
  });
  return rows
    .map((c) => ({
      caseType: 'service_call',
      caseId: c.id,
      number: null,
      action: c.awaitingAction ?? '',
      roles: JSON.parse(c.awaitingRoles ?? '[]') as string[],
      dueAt: c.dueAt?.toISOString() ?? null,
      overdue: c.dueAt !== null && c.dueAt.getTime() <= now.getTime(),
      title: `${c.category} ${c.customerName}: ${c.productModel}`,
      priority: c.priorityOn !== null,
    }))
    .sort((a, b) => Number(b.priority) - Number(a.priority));
}

/** The call as its projection holds it (for a call whose workflow is gone); null when unknown. */
export async function serviceCallFromProjection(db: Database, id: string, now: Date): Promise<ServiceCallView | null> {
  const row = await db.serviceCall.findUnique({ where: { id }, select: { state: true } });
  return row ? serviceCallView(JSON.parse(row.state) as ServiceCallState, now.getTime()) : null;
}
