// Notices (reminders, escalations, follow-ups) and work items, written exactly once per key.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import type { Role } from '../domain/roles';

export interface NoticeInput {
  key: string;
  type: 'reminder' | 'escalation' | 'follow_up' | 'task' | 'anomaly';
  caseType: 'complaint' | 'service_call' | 'contract' | 'anomaly_report' | 'accountability';
  caseId: string;
  stage: string;
  to: Role[];
  message: string;
  at: string;
  dueAt?: string;
}

/** Writes each notice once; a `task` becomes an open work item for its roles. Safe to repeat. */
export async function recordNotices(db: Database, notices: NoticeInput[]): Promise<void> {
  for (const n of notices) {
    if (n.type === 'task') {
      await db.workItem.upsert({
        where: { dedupeKey: n.key },
        update: {},
        create: {
          id: randomUUID(),
          dedupeKey: n.key,
          kind: n.key.split(':').slice(2).join(':') || 'task',
          caseType: n.caseType,
          caseId: n.caseId,
          roles: JSON.stringify(n.to),
          title: n.message,
          dueAt: n.dueAt ? new Date(n.dueAt) : null,
          status: 'open',
          createdAt: new Date(n.at),
        },
      });
      continue;
    }
    await db.notice.upsert({
      where: { dedupeKey: n.key },
      update: {},
      create: {
        id: randomUUID(),
        dedupeKey: n.key,
        type: n.type,
        caseType: n.caseType,
        caseId: n.caseId,
        stage: n.stage,
        to: JSON.stringify(n.to),
        message: n.message,
        at: new Date(n.at),
      },
    });
  }
}

export interface NoticeView {
  id: string;
  type: string;
  caseType: string;
  caseId: string;
  stage: string;
  to: Role[];
  message: string;
  at: string;
}

export async function listNotices(
  db: Database,
  filter: { caseId?: string; type?: string; role?: string; limit: number; cursor?: string },
): Promise<{ items: NoticeView[]; nextCursor: string | null }> {
  const rows = await db.notice.findMany({
    where: {
      ...(filter.caseId ? { caseId: filter.caseId } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.role ? { to: { contains: `"${filter.role}"` } } : {}),
    },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    ...pageArgs(filter),
  });
  return pageOf(rows, filter, (r) => ({
    id: r.id,
    type: r.type,
    caseType: r.caseType,
    caseId: r.caseId,
    stage: r.stage,
    to: JSON.parse(r.to) as Role[],
    message: r.message,
    at: r.at.toISOString(),
  }));
}
