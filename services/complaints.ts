// The complaint read model: what the workflow projects into the database for lists, tasks and
// reports. Writes are idempotent and never go backwards: a projection of an older state is
// ignored, one of the same version replaces it (see entriesToWrite), so the projection can be
// rebuilt from the workflows at any time.
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { type ComplaintState, type ComplaintView, awaitingOf, complaintView, stageTimeliness } from '../domain/complaint/machine';
import { entriesToWrite, projectCaseEvents } from './caseEvents';
import { completeWorkItems } from './workItems';

const month = (iso: string): string => iso.slice(0, 7);

export async function projectComplaint(db: Database, workflowId: string, state: ComplaintState): Promise<void> {
  const version = state.history.length;
  const view = complaintView(state, Date.parse(state.history[version - 1]!.at));
  const awaiting = awaitingOf(state);
  const row = {
    number: state.number,
    status: state.status,
    stage: state.stage,
    market: state.market,
    tier: state.tier,
    parentId: state.parentId,
    productionUnit: state.countermeasure?.traceability?.productionUnit ?? null,
    productionDate: state.countermeasure?.traceability?.productionDate ?? null,
    awaitingRoles: awaiting ? JSON.stringify(awaiting.roles) : null,
    awaitingAction: awaiting?.action ?? null,
    dueAt: state.dueAt ? new Date(state.dueAt) : null,
    stageDueAt: view.stageDueAt ? new Date(view.stageDueAt) : null,
    state: JSON.stringify(state),
    version,
    closedAt: state.closedAt ? new Date(state.closedAt) : null,
  };
  await db.$transaction(async (tx) => {
    const current = await tx.complaintCase.findUnique({ where: { id: state.id }, select: { version: true } });
    if (current && current.version > version) return;
    if (!current) {
      await tx.complaintCase.create({
        data: { id: state.id, workflowId, month: month(state.createdAt), filedBy: state.filedBy.id, createdAt: new Date(state.createdAt), ...row },
      });
    } else {
      await tx.complaintCase.update({ where: { id: state.id }, data: row });
    }
    await projectCaseEvents(tx, 'complaint', state.id, state.history, entriesToWrite(current, version));
    // In the same transaction: the case and the work it settled change together.
    await completeSettledWork(tx, state);
  });
}

/** Work items the case no longer needs: escalations of stages it has left (G3), the inspection call-out once the inspection took place (C4). */
async function completeSettledWork(db: Pick<Database, 'workItem'>, state: ComplaintState): Promise<void> {
  if (!state.rules.controls) return;
  const keys = state.visits.flatMap((v, i) => (v.leftAt ? [`${state.id}:task:stage_escalation:${i}`] : []));
  if (state.jointInspection?.investigatedOn || state.jointInspection?.report) keys.push(`${state.id}:task:joint_inspection`);
  if (keys.length > 0) await completeWorkItems(db, { dedupeKeys: keys }, 'platform', new Date(state.history[state.history.length - 1]!.at));
}

/** C19: each department's timeliness on a closed case, one row per stage visit. */
export async function recordTimeliness(db: Database, state: ComplaintState): Promise<void> {
  if (!state.closedAt) return;
  const rows = stageTimeliness(state);
  for (const [index, t] of rows.entries()) {
    const id = `complaint:${state.id}:${index}`;
    const visit = {
      month: month(state.closedAt),
      stage: t.stage,
      department: t.department,
      enteredAt: new Date(t.enteredAt),
      dueAt: new Date(t.dueAt),
      leftAt: new Date(t.leftAt),
      late: t.late,
      lateByMinutes: Math.ceil(t.lateByMs / 60_000),
    };
    // Written again with the case's closed state as its history has it (a retried closing replaces the figures).
    await db.stageTimeliness.upsert({ where: { id }, update: visit, create: { id, caseType: 'complaint', caseId: state.id, ...visit } });
  }
}

export interface ComplaintListFilter {
  status?: string;
  stage?: string;
  overdue?: boolean;
  month?: string;
  market?: string;
  parentId?: string;
  /** The affected lot's production unit and date, from manufacturing's traceability report. */
  productionUnit?: string;
  productionDate?: string;
  limit: number;
  cursor?: string;
}

export async function listComplaints(db: Database, filter: ComplaintListFilter, now: Date) {
  const overdueWhere = {
    status: 'open',
    OR: [{ stageDueAt: { lte: now } }, { dueAt: { lte: now } }],
  };
  const notOverdueWhere = {
    OR: [{ status: { not: 'open' } }, { AND: [{ OR: [{ stageDueAt: null }, { stageDueAt: { gt: now } }] }, { OR: [{ dueAt: null }, { dueAt: { gt: now } }] }] }],
  };
  const rows = await db.complaintCase.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.stage ? { stage: filter.stage } : {}),
      ...(filter.month ? { month: filter.month } : {}),
      ...(filter.market ? { market: filter.market } : {}),
      ...(filter.parentId ? { parentId: filter.parentId } : {}),
      ...(filter.productionUnit ? { productionUnit: filter.productionUnit } : {}),
      ...(filter.productionDate ? { productionDate: filter.productionDate } : {}),
      ...(filter.overdue === true ? overdueWhere : filter.overdue === false ? notOverdueWhere : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(filter),
  });
  return pageOf(rows, filter, (r) => complaintView(JSON.parse(r.state) as ComplaintState, now.getTime()));
}

export async function complaintExists(db: Database, id: string): Promise<boolean> {
  return (await db.complaintCase.count({ where: { id } })) > 0;
}

/** The case as its projection holds it (for a case whose workflow is gone); null when unknown. */
export async function complaintFromProjection(db: Database, id: string, now: Date): Promise<ComplaintView | null> {
  const row = await db.complaintCase.findUnique({ where: { id }, select: { state: true } });
  return row ? complaintView(JSON.parse(row.state) as ComplaintState, now.getTime()) : null;
}

/** The case's whole state as the projection holds it; null when unknown. */
export async function complaintStateFromProjection(db: Database, id: string): Promise<ComplaintState | null> {
  const row = await db.complaintCase.findUnique({ where: { id }, select: { state: true } });
  return row ? (JSON.parse(row.state) as ComplaintState) : null;
}
