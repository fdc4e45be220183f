// O6: follow-up calls (回访). When a service call closes its projection schedules the follow-up;
// FOLLOW_UP_DELAY later the call's workflow (a durable timer) makes it due: a work item for the
// service department in /tasks. The department records each attempt: a customer reached completes
// it (satisfied or not, with remarks); one not reached after FOLLOW_UP_ATTEMPTS tries is left
// unreached. Writes are idempotent: one follow-up per call, one work item per follow-up.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { type FollowUpAttempt, type FollowUpRecord, type FollowUpStatus, type Reader, followUpAfter, phoneFor } from '../domain/installedBase/schemas';
import { maskPhone } from '../domain/installedBase/search';
import type { FollowUpView } from '../domain/installedBase/views';
import { endOfLocalDay } from '../domain/localTime';
import type { ServiceCallState } from '../domain/serviceCall/machine';
import type { FollowUp } from '../generated/prisma-sqlite/client';
import { pageArgs, pageOf } from './pagination';
import { completeWorkItems, upsertWorkItem } from './workItems';

type Tx = Pick<Database, 'followUp'>;

const taskKey = (followUpId: string) => `${followUpId}:task:follow_up`;

/** Schedules the follow-up of a call that closed (its state carries `followUp`); safe to repeat. */
export async function scheduleFollowUp(tx: Tx, state: ServiceCallState): Promise<void> {
  if (!state.followUp) return;
  await tx.followUp.upsert({
    where: { callId: state.id },
    update: {},
    create: {
      id: randomUUID(),
      callId: state.id,
      callNumber: state.number ?? null,
      customerName: state.registration.customer.name,
      serialNo: state.registration.serialNo ?? null,
      status: 'scheduled',
      dueAt: new Date(state.followUp.dueAt),
      attempts: '[]',
      createdAt: new Date(state.closedAt ?? state.followUp.dueAt),
    },
  });
}

/** The follow-up falls due: it goes into the service department's work. Returns its id; safe to repeat. */
export async function openFollowUp(db: Database, callId: string, at: Date, timeZone: string): Promise<{ followUpId: string }> {
  const f = await db.followUp.findUnique({ where: { callId } });
  if (!f) throw new AppError('not_found', `The call ${callId} has no follow-up scheduled.`);
  if (f.status === 'scheduled') await db.followUp.updateMany({ where: { id: f.id, status: 'scheduled' }, data: { status: 'due', openedAt: at } });
  await upsertWorkItem(db, {
    dedupeKey: taskKey(f.id),
    kind: 'follow_up',
    caseType: 'follow_up',
    caseId: f.id,
    roles: ['service_dept'],
    title: `Follow-up call to ${f.customerName} about service call ${f.callNumber ?? callId.slice(0, 8)}${f.serialNo ? ` (${f.serialNo})` : ''}: reached? satisfied? (O6)`,
    dueAt: endOfLocalDay(at, timeZone),
    at,
  });
  return { followUpId: f.id };
}

async function phonesOf(db: Database, rows: FollowUp[]): Promise<Map<string, string>> {
  const calls = await db.serviceCall.findMany({ where: { id: { in: rows.map((r) => r.callId) } }, select: { id: true, customerPhone: true } });
  return new Map(calls.map((c) => [c.id, c.customerPhone]));
}

function view(f: FollowUp, phone: string): FollowUpView {
  return {
    id: f.id,
    callId: f.callId,
    callNumber: f.callNumber,
    customer: { name: f.customerName, phone },
    serialNo: f.serialNo,
    status: f.status as FollowUpStatus,
    dueAt: f.dueAt.toISOString(),
    openedAt: f.openedAt?.toISOString() ?? null,
    attempts: JSON.parse(f.attempts) as FollowUpAttempt[],
    satisfied: f.satisfied,
    closedAt: f.closedAt?.toISOString() ?? null,
  };
}

/** One follow-up; the phone in full only for the roles that phone customers (G6). */
export async function followUpView(db: Database, id: string, reader: Reader): Promise<FollowUpView> {
  const f = await db.followUp.findUnique({ where: { id } });
  if (!f) throw new AppError('not_found', `No follow-up ${id}.`);
  const phone = (await phonesOf(db, [f])).get(f.callId) ?? '';
  return view(f, phoneFor(reader, phone));
}

/** Follow-ups by status, the earliest due first; phones masked (G6). */
export async function listFollowUps(db: Database, q: { status?: FollowUpStatus; callId?: string; limit: number; cursor?: string }) {
  const rows = await db.followUp.findMany({
    where: { ...(q.status ? { status: q.status } : {}), ...(q.callId ? { callId: q.callId } : {}) },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    ...pageArgs(q),
  });
  const phones = await phonesOf(db, rows.slice(0, q.limit));
  return pageOf(rows, q, (r) => view(r, maskPhone(phones.get(r.callId) ?? '')));
}

/**
 * Records one attempt at the follow-up call. Only a due follow-up is recorded (409 before its day
 * and after it was completed); when it is completed its work item is done.
 */
export async function recordFollowUp(
  db: Database,
  id: string,
  record: FollowUpRecord,
  by: { id: string; name: string },
  now: Date,
  maxAttempts: number,
  reader: Reader,
): Promise<FollowUpView> {
  await db.$transaction(async (tx) => {
    const f = await tx.followUp.findUnique({ where: { id } });
    if (!f) throw new AppError('not_found', `No follow-up ${id}.`);
    if (f.status === 'scheduled') throw new AppError('wrong_stage', `The follow-up is due on ${f.dueAt.toISOString()}; it cannot be recorded before.`);
    if (f.status !== 'due') throw new AppError('wrong_stage', `The follow-up was completed (${f.status}); nothing more is recorded.`);
    const attempts: FollowUpAttempt[] = [
      ...(JSON.parse(f.attempts) as FollowUpAttempt[]),
      { at: now.toISOString(), by: { id: by.id, name: by.name }, reached: record.reached, satisfied: record.satisfied ?? null, remarks: record.remarks ?? null },
    ];
    const next = followUpAfter(attempts, maxAttempts);
    const done = next.status !== 'due';
    const updated = await tx.followUp.updateMany({
      where: { id, status: 'due', attempts: f.attempts },
      data: { attempts: JSON.stringify(attempts), status: next.status, satisfied: next.satisfied, ...(done ? { closedAt: now } : {}) },
    });
    if (updated.count !== 1) throw new AppError('conflict', 'The follow-up was recorded by someone else at the same time; read it and try again.');
    if (done) await completeWorkItems(tx, { dedupeKeys: [taskKey(id)] }, by.id, now);
  });
  return followUpView(db, id, reader);
}
