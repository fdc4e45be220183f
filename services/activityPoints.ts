// O2: activity types and points on the database side: the points table (defaults until the service
// department sets a type's points), the activity a completed call or a piece of internal work
// records (with the points its type had then, so a later change of the table leaves past periods as
// they were), and the report of a period: per type, per technician and per region with a ranking,
// per day and per ISO week.
import { z } from 'zod';
import type { Database } from '../db/client';
import { localDateIn } from '../domain/localTime';
import {
  ACTIVITY_LABELS,
  ACTIVITY_TYPES,
  type ActivityType,
  DEFAULT_ACTIVITY_POINTS,
  activityTotals,
  defaultActivityType,
} from '../domain/operations/activity';
import { type Period, datesOf, isoWeekOf, periodHead } from '../domain/operations/period';
import { type RegionMap, centresOf, regionOf } from '../domain/operations/regions';
import type { ServiceCallState } from '../domain/serviceCall/machine';
import type { WorkCategory } from '../domain/serviceCall/stages';
import { date, instant } from '../domain/viewFields';

type Tx = Pick<Database, 'activityPoints' | 'activityRecord'>;

export const zActivityTypeView = z
  .object({
    type: z.enum(ACTIVITY_TYPES),
    label: z.string(),
    points: z.number().int().describe('what one activity of this type is worth from now on'),
    defaultPoints: z.number().int(),
    updatedAt: instant().nullable().describe('when the service department last set it; null: the default'),
    updatedBy: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'ActivityType', description: 'An activity type and its points (O2)' });
export type ActivityTypeView = z.infer<typeof zActivityTypeView>;

export async function listActivityTypes(db: Pick<Database, 'activityPoints'>): Promise<ActivityTypeView[]> {
  const rows = new Map((await db.activityPoints.findMany()).map((r) => [r.type, r]));
  return ACTIVITY_TYPES.map((type) => {
    const row = rows.get(type);
    return {
      type,
      label: ACTIVITY_LABELS[type],
      points: row?.points ?? DEFAULT_ACTIVITY_POINTS[type],
      defaultPoints: DEFAULT_ACTIVITY_POINTS[type],
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  });
}

export async function setActivityPoints(db: Database, type: ActivityType, points: number, by: { name: string }, now: Date): Promise<ActivityTypeView> {
  await db.activityPoints.upsert({ where: { type }, update: { points, updatedAt: now, updatedBy: by.name }, create: { type, points, updatedAt: now, updatedBy: by.name } });
  return (await listActivityTypes(db)).find((t) => t.type === type)!;
}

async function pointsOf(tx: Pick<Database, 'activityPoints'>, type: ActivityType): Promise<number> {
  return (await tx.activityPoints.findUnique({ where: { type } }))?.points ?? DEFAULT_ACTIVITY_POINTS[type];
}

/** A closed call's activity, once: its type, its technician, its centre, its closing day. */
export async function recordCallActivity(tx: Tx, state: ServiceCallState, timeZone: string): Promise<void> {
  if (state.status !== 'closed' || !state.closedAt || !state.technician) return;
  const id = `service_call:${state.id}`;
  if (await tx.activityRecord.findUnique({ where: { id }, select: { id: true } })) return;
  const type = state.registration.activityType ?? defaultActivityType(state.category);
  const at = new Date(state.closedAt);
  await tx.activityRecord.create({
    data: {
      id,
      source: 'service_call',
      sourceId: state.id,
      technicianId: state.technician.id,
      serviceCentre: state.serviceCentre,
      activityType: type,
      points: await pointsOf(tx, type),
      date: localDateIn(timeZone, at),
      at,
    },
  });
}

/** Internal work (D) logged by a technician, once. */
export async function recordInternalActivity(
  tx: Tx,
  work: { id: string; technicianId: string; date: string; activityType?: ActivityType; serviceCentre: string; at: Date },
): Promise<void> {
  const id = `internal_work:${work.id}`;
  if (await tx.activityRecord.findUnique({ where: { id }, select: { id: true } })) return;
  const type = work.activityType ?? defaultActivityType('D' satisfies WorkCategory);
  await tx.activityRecord.create({
    data: {
      id,
      source: 'internal_work',
      sourceId: work.id,
      technicianId: work.technicianId,
      serviceCentre: work.serviceCentre,
      activityType: type,
      points: await pointsOf(tx, type),
      date: work.date,
      at: work.at,
    },
  });
}

const zCountPoints = { count: z.number().int().describe('activities'), points: z.number().int() };

export const zActivityPointsReport = z
  .object({
    period: z.string().describe('the period as asked: YYYY-MM, YYYY-Www or YYYY-MM-DD'),
    from: date('the first day of the period'),
    to: date('the last day of the period'),
    region: z.string().nullable().describe('the region asked for; null: all'),
    totals: z.object(zCountPoints).strict(),
    byType: z.array(z.object({ type: z.enum(ACTIVITY_TYPES), label: z.string(), ...zCountPoints }).strict()),
    byTechnician: z
      .array(z.object({ rank: z.number().int().describe('1 = most points; equal points share a rank'), technicianId: z.string(), name: z.string(), ...zCountPoints }).strict())
      .describe('ranked by points'),
    byRegion: z.array(z.object({ rank: z.number().int(), region: z.string(), ...zCountPoints }).strict()).describe('ranked by points'),
    byDay: z.array(z.object({ date: date(), ...zCountPoints }).strict()).describe('every day of the period'),
    byWeek: z.array(z.object({ week: z.string().describe('ISO week YYYY-Www'), ...zCountPoints }).strict()).describe('the ISO weeks the period touches, counted within the period'),
  })
  .strict()
  .meta({ id: 'ActivityPointsReport', description: 'Activities and points of a period per type, technician and region, with rankings (O2)' });
export type ActivityPointsReport = z.infer<typeof zActivityPointsReport>;

/** O2: the activities recorded in `period` (of `region`, when given). */
export async function activityPointsReport(db: Database, period: Period, opts: { regions: RegionMap; region?: string }): Promise<ActivityPointsReport> {
  const records = await db.activityRecord.findMany({
    where: {
      date: { gte: period.start, lt: period.end },
      ...(opts.region !== undefined ? { serviceCentre: { in: centresOf(opts.regions, opts.region) } } : {}),
    },
    select: { technicianId: true, serviceCentre: true, activityType: true, points: true, date: true },
  });
  const techIds = [...new Set(records.map((r) => r.technicianId))];
  const users = techIds.length ? await db.user.findMany({ where: { id: { in: techIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const dates = datesOf(period);
  const t = activityTotals(records, { regionOf: (c) => regionOf(opts.regions, c), nameOf: (id) => names.get(id) ?? id, dates });
  const weeks = new Map<string, { count: number; points: number }>();
  for (const d of t.byDay) {
    const { year, week } = isoWeekOf(d.date);
    const key = `${year}-W${String(week).padStart(2, '0')}`;
    const cur = weeks.get(key) ?? { count: 0, points: 0 };
    cur.count += d.count;
    cur.points += d.points;
    weeks.set(key, cur);
  }
  return {
    ...periodHead(period, opts.region),
    totals: t.totals,
    byType: t.byType.filter((x) => (ACTIVITY_TYPES as readonly string[]).includes(x.type)).map((x) => ({ type: x.type as ActivityType, label: ACTIVITY_LABELS[x.type as ActivityType], count: x.count, points: x.points })),
    byTechnician: t.byTechnician.map((x) => ({ rank: x.rank, technicianId: x.technicianId, name: x.name, count: x.count, points: x.points })),
    byRegion: t.byRegion.map((x) => ({ rank: x.rank, region: x.region, count: x.count, points: x.points })),
    byDay: t.byDay,
    byWeek: [...weeks.entries()].map(([week, v]) => ({ week, ...v })),
  };
}
