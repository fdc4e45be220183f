// O2: activity types and their points. Every completed service call and every piece of internal
// work is one activity of a type, worth the type's points at the time it is recorded; the points
// per type are a table the service department may change (defaults below). Totals per technician
// and per region are ranked by points.
import type { WorkCategory } from '../serviceCall/stages';

export const ACTIVITY_TYPES = [
  'receipt', // taking delivery of a product at the customer's site
  'acceptance', // acceptance inspection with the customer
  'commissioning', // putting a product into operation
  'emergency', // emergency call-out
  'assembly', // assembling a product on site
  'maintenance', // maintenance and servicing
  'repair', // repair of a fault
  'inspection', // routine inspection
  'training', // training customers or colleagues
  'internal', // other internal work (parts upkeep, tools)
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_LABELS: Record<ActivityType, string> = {
  receipt: 'Receipt',
  acceptance: 'Acceptance',
  commissioning: 'Commissioning',
  emergency: 'Emergency',
  assembly: 'Assembly',
  maintenance: 'Maintenance',
  repair: 'Repair',
  inspection: 'Inspection',
  training: 'Training',
  internal: 'Internal work',
};

/** Points per activity until the service department sets others. */
export const DEFAULT_ACTIVITY_POINTS: Record<ActivityType, number> = {
  receipt: 5,
  acceptance: 10,
  commissioning: 20,
  emergency: 25,
  assembly: 15,
  maintenance: 10,
  repair: 10,
  inspection: 5,
  training: 5,
  internal: 2,
};

/** The type of a call or internal work that names none: paid and warranty calls are repairs, contract calls maintenance, internal time internal work. */
export function defaultActivityType(category: WorkCategory): ActivityType {
  if (category === 'B') return 'maintenance';
  if (category === 'D') return 'internal';
  return 'repair';
}

export interface ActivityRecordLike {
  technicianId: string;
  serviceCentre: string;
  activityType: string;
  points: number;
  /** The local date it was recorded on (a call's closing day, internal work's day). */
  date: string;
}

export interface Ranked {
  count: number;
  points: number;
  rank: number;
}

/**
 * Standard competition ranking by points (highest first): equal points share a rank and the next
 * rank skips (1, 2, 2, 4); within a rank, by `name`.
 */
export function rankByPoints<T extends { points: number }>(rows: readonly T[], nameOf: (row: T) => string): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.points - a.points || nameOf(a).localeCompare(nameOf(b)));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || r.points !== sorted[i - 1]!.points) rank = i + 1;
    return { ...r, rank };
  });
}

export interface ActivityTotals {
  totals: { count: number; points: number };
  byType: { type: string; count: number; points: number }[];
  byTechnician: { technicianId: string; name: string; count: number; points: number; rank: number }[];
  byRegion: { region: string; count: number; points: number; rank: number }[];
  byDay: { date: string; count: number; points: number }[];
}

/** Sums records into counts and points per type, technician (ranked), region (ranked) and day. */
export function activityTotals(
  records: readonly ActivityRecordLike[],
  opts: { regionOf: (centre: string) => string; nameOf: (technicianId: string) => string; dates: readonly string[] },
): ActivityTotals {
  const byType = new Map<string, { count: number; points: number }>(ACTIVITY_TYPES.map((t) => [t, { count: 0, points: 0 }]));
  const byTech = new Map<string, { count: number; points: number }>();
  const byRegion = new Map<string, { count: number; points: number }>();
  const byDay = new Map<string, { count: number; points: number }>(opts.dates.map((d) => [d, { count: 0, points: 0 }]));
  const add = (m: Map<string, { count: number; points: number }>, k: string, p: number) => {
    const cur = m.get(k) ?? { count: 0, points: 0 };
    cur.count += 1;
    cur.points += p;
    m.set(k, cur);
  };
  let count = 0;
  let points = 0;
  for (const r of records) {
    count += 1;
    points += r.points;
    add(byType, r.activityType, r.points);
    add(byTech, r.technicianId, r.points);
    add(byRegion, opts.regionOf(r.serviceCentre), r.points);
    if (byDay.has(r.date)) add(byDay, r.date, r.points);
  }
  return {
    totals: { count, points },
    byType: [...byType.entries()].map(([type, v]) => ({ type, ...v })),
    byTechnician: rankByPoints([...byTech.entries()].map(([technicianId, v]) => ({ technicianId, name: opts.nameOf(technicianId), ...v })), (r) => r.name),
    byRegion: rankByPoints([...byRegion.entries()].map(([region, v]) => ({ region, ...v })), (r) => r.region),
    byDay: [...byDay.entries()].map(([date, v]) => ({ date, ...v })).sort((a, b) => a.date.localeCompare(b.date)),
  };
}
