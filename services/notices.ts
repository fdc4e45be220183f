// Notices (reminders, escalations, follow-ups) and work items, written exactly once per key.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { ROLES, type Role } from '../domain/roles';

/** The kinds of notice people read (a `task` becomes a work item instead). */
export const NOTICE_TYPES = ['reminder', 'escalation', 'follow_up', 'anomaly', 'report', 'warning'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];
/** What a notice is about: a case, an anomaly report, one of the platform's scheduled jobs (`job`), or a month's service budget (O3). */
export const NOTICE_CASE_TYPES = ['complaint', 'service_call', 'contract', 'anomaly_report', 'accountability', 'job', 'service_budget'] as const;

export interface NoticeInput {
  key: string;
  type: NoticeType | 'task';
  caseType: (typeof NOTICE_CASE_TYPES)[number];
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
          // The delivery outbox: the worker tells the people concerned by e-mail and chat.
          deliveryPending: true,
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
        // The delivery outbox: the worker tells the people concerned by e-mail and chat.
        deliveryPending: true,
      },
    });
  }
}

export const zNotice = z
  .object({
    id: z.string(),
    type: z.enum(NOTICE_TYPES),
    caseType: z.enum(NOTICE_CASE_TYPES),
    caseId: z.string(),
    stage: z.string().describe("the case's stage the notice is about, in its case type's stages"),
    to: z.array(z.enum(ROLES)).describe('the roles it is addressed to'),
    message: z.string(),
    at: z.string().describe('when it fell due; an ISO-8601 instant'),
  })
  .strict()
  .meta({ id: 'Notice', description: 'A reminder, escalation, follow-up (C19, S14) or anomaly notice (C1).' });

export type NoticeView = z.infer<typeof zNotice>;

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
    type: r.type as NoticeType,
    caseType: r.caseType as NoticeInput['caseType'],
    caseId: r.caseId,
    stage: r.stage,
    to: JSON.parse(r.to) as Role[],
    message: r.message,
    at: r.at.toISOString(),
  }));
}
