// A person's open work (GET /api/v1/tasks): complaint stages and service-call stages awaiting one of
// their roles (a technician: the calls assigned to them), and the open work items of their roles.
import { z } from 'zod';
import type { Database } from '../db/client';
import { ROLES, type Role } from '../domain/roles';
import type { UserRecord } from './users';
import { serviceCallTasks } from './serviceCalls';

export const zTask = z
  .object({
    caseType: z.string().describe('complaint, service_call, or the case type of a work item (accountability, contract, …)'),
    caseId: z.string(),
    number: z.string().nullable().describe("the complaint's case number; null for other work"),
    action: z.string().describe("the action the case's stage awaits, or the work item's kind"),
    roles: z.array(z.enum(ROLES)).describe('the roles that may do it'),
    dueAt: z.string().nullable().describe('when it is due; an ISO-8601 instant'),
    overdue: z.boolean(),
    workItemId: z.string().optional().describe('work items only'),
    title: z.string().optional().describe('work items and service calls'),
    priority: z.boolean().optional().describe('service calls only: prioritized for dispatch (S13)'),
  })
  .strict()
  .meta({ id: 'Task', description: "Open work for the caller: a case stage awaiting one of the caller's roles, or a work item." });

export type TaskView = z.infer<typeof zTask>;

const isOverdue = (now: Date, ...dates: (Date | null)[]) => dates.some((d) => d !== null && d.getTime() <= now.getTime());

export async function openTasks(db: Database, user: Pick<UserRecord, 'id' | 'roles'>, now: Date): Promise<TaskView[]> {
  const cases = await db.complaintCase.findMany({
    where: { status: 'open', OR: user.roles.map((r) => ({ awaitingRoles: { contains: `"${r}"` } })) },
    orderBy: [{ stageDueAt: 'asc' }],
    take: 500,
    // Not the case's whole state: an inbox of 500 cases would read megabytes it does not show.
    select: { id: true, number: true, awaitingAction: true, awaitingRoles: true, stageDueAt: true, dueAt: true },
  });
  const items = await db.workItem.findMany({
    where: { status: 'open', OR: user.roles.map((r) => ({ roles: { contains: `"${r}"` } })) },
    orderBy: [{ createdAt: 'asc' }],
    take: 500,
  });
  const serviceCalls = await serviceCallTasks(db, user, now);
  return [
    ...cases.map((c) => ({
      caseType: 'complaint',
      caseId: c.id,
      number: c.number,
      action: c.awaitingAction ?? '',
      roles: JSON.parse(c.awaitingRoles ?? '[]') as Role[],
      dueAt: c.stageDueAt?.toISOString() ?? null,
      overdue: isOverdue(now, c.stageDueAt, c.dueAt),
    })),
    ...serviceCalls.map((t) => ({ ...t, roles: t.roles as Role[] })),
    ...items.map((w) => ({
      caseType: w.caseType,
      caseId: w.caseId,
      number: null,
      action: w.kind,
      roles: JSON.parse(w.roles) as Role[],
      dueAt: w.dueAt?.toISOString() ?? null,
      overdue: isOverdue(now, w.dueAt),
      workItemId: w.id,
      title: w.title,
    })),
  ];
}
