// A person's open work (GET /api/v1/tasks): complaint stages and service-call stages awaiting one of
// their roles (a technician: the calls assigned to them), and the open work items of their roles.
import type { Database } from '../db/client';
import type { UserRecord } from './users';
import { serviceCallTasks } from './serviceCalls';

export interface TaskView {
  caseType: string;
  caseId: string;
  number: string | null;
  action: string;
  roles: string[];
  dueAt: string | null;
  overdue: boolean;
  workItemId?: string;
  title?: string;
  priority?: boolean;
}

const isOverdue = (now: Date, ...dates: (Date | null)[]) => dates.some((d) => d !== null && d.getTime() <= now.getTime());

export async function openTasks(db: Database, user: Pick<UserRecord, 'id' | 'roles'>, now: Date): Promise<TaskView[]> {
  const cases = await db.complaintCase.findMany({
    where: { status: 'open', OR: user.roles.map((r) => ({ awaitingRoles: { contains: `"${r}"` } })) },
    orderBy: [{ stageDueAt: 'asc' }],
    take: 500,
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
      roles: JSON.parse(c.awaitingRoles ?? '[]') as string[],
      dueAt: c.stageDueAt?.toISOString() ?? null,
      overdue: isOverdue(now, c.stageDueAt, c.dueAt),
    })),
    ...serviceCalls,
    ...items.map((w) => ({
      caseType: w.caseType,
      caseId: w.caseId,
      number: null,
      action: w.kind,
      roles: JSON.parse(w.roles) as string[],
      dueAt: w.dueAt?.toISOString() ?? null,
      overdue: isOverdue(now, w.dueAt),
      workItemId: w.id,
      title: w.title,
    })),
  ];
}
