// Daily reports of the service side: internal work (category D) logged by technicians, the
// technician daily report (S10), the supervisor daily report over all technicians (S11), and its
// sign-off by the branch manager and forwarding to the service department (S12).
import { z } from 'zod';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { localDateIn } from '../domain/localTime';
import type { InternalWork } from '../domain/serviceCall/schemas';
import { WORK_CATEGORIES, type WorkCategory } from '../domain/serviceCall/stages';
import { addTotals, categoryMinutesShape, categoryTotals, emptyTotals, zCategoryMinutes } from '../domain/serviceReports';
import { recordInternalActivity } from './activityPoints';
import { upsertWorkItem } from './workItems';
import { date, instant, zPerson } from '../domain/viewFields';


/** S10: internal work (category D) as it was logged. */
export const zInternalWorkEntry = z
  .object({
    id: z.string(),
    technicianId: z.string(),
    date: date('the local day worked, YYYY-MM-DD'),
    category: z.literal('D'),
    minutes: z.number().int(),
    description: z.string(),
    createdAt: instant(),
  })
  .strict()
  .meta({ id: 'InternalWork', description: 'Internal work (category D) a technician logged without a call (S1, S10)' });
export type InternalWorkEntry = z.infer<typeof zInternalWorkEntry>;

/** S10: internal work (D) logged without a call; `id` comes from the Idempotency-Key record. */
export async function logInternalWork(
  db: Database,
  id: string,
  technician: { id: string; name: string },
  work: InternalWork,
  now: Date,
  timeZone: string,
  defaultCentre = 'main',
): Promise<InternalWorkEntry> {
  if (work.date > localDateIn(timeZone, now)) {
    throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'date', message: 'must not be in the future' }]);
  }
  const row = await db.$transaction(async (tx) => {
    const logged = await tx.workLog.upsert({
      where: { id },
      update: {},
      create: { id, technicianId: technician.id, date: work.date, category: 'D', minutes: work.minutes, caseId: null, action: 'internal_work', description: work.description, createdAt: now },
    });
    // O2: internal work is an activity too.
    await recordInternalActivity(tx, { id, technicianId: technician.id, date: work.date, activityType: work.activityType, serviceCentre: work.serviceCentre ?? defaultCentre, at: now });
    return logged;
  });
  return { id: row.id, technicianId: row.technicianId, date: row.date, category: 'D' as const, minutes: row.minutes, description: row.description, createdAt: row.createdAt.toISOString() };
}

/** What a work log entry records: a call's on-site fix or carry-in repair, or internal work. */
const WORK_ACTIONS = ['resolve_on_site', 'record_repair', 'internal_work'] as const;

/** S10: a technician's day. */
export const zTechnicianDailyReport = z
  .object({
    date: date(),
    technician: zPerson,
    entries: z.array(
      z
        .object({
          category: z.enum(WORK_CATEGORIES).describe("the call's category, D for internal work"),
          minutes: z.number().int(),
          caseId: z.string().nullable().describe('the service call; null for internal work'),
          action: z.enum(WORK_ACTIONS),
          description: z.string(),
          at: instant('when it was recorded, ISO-8601 instant'),
        })
        .strict(),
    ),
    totals: zCategoryMinutes,
  })
  .strict()
  .meta({ id: 'TechnicianDailyReport', description: "A technician's day: category and time of each job (S10)" });
export type TechnicianDailyReport = z.infer<typeof zTechnicianDailyReport>;

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
    // The columns hold only what projectServiceCall and logInternalWork write.
    entries: rows.map((r) => ({
      category: r.category as WorkCategory,
      minutes: r.minutes,
      caseId: r.caseId,
      action: r.action as (typeof WORK_ACTIONS)[number],
      description: r.description,
      at: r.createdAt.toISOString(),
    })),
    totals: categoryTotals(rows),
  };
}

/** S11, S12: the supervisor daily report with its sign-off. */
export const zSupervisorDailyReport = z
  .object({
    date: date(),
    technicians: z
      .array(z.object({ technician: zPerson, jobs: z.number().int().describe('jobs logged on calls (internal work not counted)'), ...categoryMinutesShape }).strict())
      .describe('every active technician and anyone who logged time that day, by name'),
    totals: zCategoryMinutes,
    signoff: z
      .object({
        status: z.enum(['unsigned', 'signed', 'forwarded']),
        signedBy: z.string().nullable().describe("the branch manager's name"),
        signedAt: instant().nullable(),
        forwardedBy: z.string().nullable(),
        forwardedAt: instant().nullable(),
        totalsAsSigned: zCategoryMinutes.nullable().describe('the totals when the report was signed'),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'SupervisorDailyReport', description: 'Time per category over the technicians (S11), with its sign-off and forwarding (S12)' });
export type SupervisorDailyReport = z.infer<typeof zSupervisorDailyReport>;

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
