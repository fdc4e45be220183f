// Daily reports of the service side: internal work (category D) logged by technicians, the
// technician daily report (S10), the supervisor daily report over all technicians (S11), and its
// sign-off by the branch manager and forwarding to the service department (S12).
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { localDateIn } from '../domain/localTime';
import type { InternalWork } from '../domain/serviceCall/schemas';
import { type CategoryMinutes, addTotals, categoryTotals, emptyTotals } from '../domain/serviceReports';
import { upsertWorkItem } from './workItems';

/** S10: internal work (D) logged without a call; `id` comes from the Idempotency-Key record. */
export async function logInternalWork(
  db: Database,
  id: string,
  technician: { id: string; name: string },
  work: InternalWork,
  now: Date,
  timeZone: string,
) {
  if (work.date > localDateIn(timeZone, now)) {
    throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'date', message: 'must not be in the future' }]);
  }
  const row = await db.workLog.upsert({
    where: { id },
    update: {},
    create: { id, technicianId: technician.id, date: work.date, category: 'D', minutes: work.minutes, caseId: null, action: 'internal_work', description: work.description, createdAt: now },
  });
  return { id: row.id, technicianId: row.technicianId, date: row.date, category: 'D' as const, minutes: row.minutes, description: row.description, createdAt: row.createdAt.toISOString() };
}

export interface TechnicianDailyReport {
  date: string;
  technician: { id: string; name: string };
  entries: { category: string; minutes: number; caseId: string | null; action: string; description: string; at: string }[];
  totals: CategoryMinutes;
}

async function userNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** S10: category and time of each job a technician did on `date`. */
export async function technicianDailyReport(db: Database, date: string, technicianId: string): Promise<TechnicianDailyReport> {
  const rows = await db.workLog.findMany({ where: { date, technicianId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const name = (await userNames(db, [technicianId])).get(technicianId);
  if (!name) throw new AppError('not_found', `No user ${technicianId}.`);
  return {
    date,
    technician: { id: technicianId, name },
    entries: rows.map((r) => ({ category: r.category, minutes: r.minutes, caseId: r.caseId, action: r.action, description: r.description, at: r.createdAt.toISOString() })),
    totals: categoryTotals(rows),
  };
}

export interface SupervisorDailyReport {
  date: string;
  technicians: ({ technician: { id: string; name: string }; jobs: number } & CategoryMinutes)[];
  totals: CategoryMinutes;
  signoff: {
    status: 'unsigned' | 'signed' | 'forwarded';
    signedBy: string | null;
    signedAt: string | null;
    forwardedBy: string | null;
    forwardedAt: string | null;
    totalsAsSigned: CategoryMinutes | null;
  };
}

/** S11: time per category over the technicians (everyone with the role, and anyone who logged time). */
export async function supervisorDailyReport(db: Database, date: string): Promise<SupervisorDailyReport> {
  const rows = await db.workLog.findMany({ where: { date } });
  const technicians = await db.user.findMany({ where: { roles: { contains: '"technician"' }, disabled: false }, select: { id: true } });
  const ids = [...new Set([...technicians.map((t) => t.id), ...rows.map((r) => r.technicianId)])];
  const names = await userNames(db, ids);
  const lines = ids
    .map((id) => {
      const mine = rows.filter((r) => r.technicianId === id);
      return { technician: { id, name: names.get(id) ?? id }, jobs: mine.filter((r) => r.caseId !== null).length, ...categoryTotals(mine) };
    })
    .sort((a, b) => a.technician.name.localeCompare(b.technician.name) || a.technician.id.localeCompare(b.technician.id));
  const signoff = await db.supervisorReportSignoff.findUnique({ where: { date } });
  return {
    date,
    technicians: lines,
    totals: lines.reduce((sum, l) => addTotals(sum, l), emptyTotals()),
    signoff: signoff
      ? {
          status: signoff.status as 'signed' | 'forwarded',
          signedBy: signoff.signedBy,
          signedAt: signoff.signedAt.toISOString(),
          forwardedBy: signoff.forwardedBy,
          forwardedAt: signoff.forwardedAt?.toISOString() ?? null,
          totalsAsSigned: (JSON.parse(signoff.snapshot) as SupervisorDailyReport).totals,
        }
      : { status: 'unsigned', signedBy: null, signedAt: null, forwardedBy: null, forwardedAt: null, totalsAsSigned: null },
  };
}

/** S12: the branch manager signs the day's report (once; the report as signed is kept). */
export async function signSupervisorReport(db: Database, date: string, by: { id: string; name: string }, now: Date, timeZone: string) {
  if (date > localDateIn(timeZone, now)) {
    throw new AppError('invalid_input', 'The request is invalid.', [{ field: 'date', message: 'must not be in the future' }]);
  }
  const report = await supervisorDailyReport(db, date);
  try {
    await db.supervisorReportSignoff.create({
      data: { date, status: 'signed', signedBy: by.name, signedAt: now, snapshot: JSON.stringify({ ...report, signoff: undefined }) },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw new AppError('conflict', `The report of ${date} is already signed.`);
    throw err;
  }
  return supervisorDailyReport(db, date);
}

/** S12: then it goes to the service department, as a work item there. */
export async function forwardSupervisorReport(db: Database, date: string, by: { id: string; name: string }, now: Date) {
  const signoff = await db.supervisorReportSignoff.findUnique({ where: { date } });
  if (!signoff) throw new AppError('wrong_stage', `The report of ${date} must be signed by the branch manager before it is forwarded (S12).`);
  const moved = await db.supervisorReportSignoff.updateMany({ where: { date, status: 'signed' }, data: { status: 'forwarded', forwardedBy: by.name, forwardedAt: now } });
  if (moved.count !== 1) throw new AppError('conflict', `The report of ${date} has already been forwarded.`);
  await upsertWorkItem(db, {
    dedupeKey: `report:${date}:task:supervisor_report_review`,
    kind: 'supervisor_report_review',
    caseType: 'report',
    caseId: `supervisor-daily-${date}`,
    roles: ['service_dept'],
    title: `Supervisor daily report of ${date}, signed by ${signoff.signedBy} (S12).`,
    at: now,
  });
  return supervisorDailyReport(db, date);
}
