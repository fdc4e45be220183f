// Work items of the service side (S5, S8, S12, S15, S18, S19), written exactly once per dedupe key
// into the shared WorkItem table, which GET /api/v1/tasks lists for the items' roles.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import type { Role } from '../domain/roles';

type Tx = Pick<Database, 'workItem'>;

export interface WorkItemInput {
  dedupeKey: string;
  kind: string;
  caseType: string;
  caseId: string;
  roles: Role[];
  title: string;
  dueAt?: Date | null;
  at: Date;
}

export async function upsertWorkItem(db: Tx, w: WorkItemInput): Promise<void> {
  await db.workItem.upsert({
    where: { dedupeKey: w.dedupeKey },
    update: {},
    create: {
      id: randomUUID(),
      dedupeKey: w.dedupeKey,
      kind: w.kind,
      caseType: w.caseType,
      caseId: w.caseId,
      roles: JSON.stringify(w.roles),
      title: w.title,
      dueAt: w.dueAt ?? null,
      status: 'open',
      createdAt: w.at,
      // The delivery outbox: the worker tells the people concerned by e-mail and chat.
      deliveryPending: true,
    },
  });
}

/** Marks the open items with these keys done; returns how many it closed. */
export async function completeWorkItems(db: Tx, where: { dedupeKeys?: string[]; caseId?: string; kind?: string }, by: string, at: Date): Promise<number> {
  const res = await db.workItem.updateMany({
    where: {
      status: 'open',
      ...(where.dedupeKeys ? { dedupeKey: { in: where.dedupeKeys } } : {}),
      ...(where.caseId ? { caseId: where.caseId } : {}),
      ...(where.kind ? { kind: where.kind } : {}),
    },
    data: { status: 'done', doneAt: at, doneBy: by },
  });
  return res.count;
}
