// Business figures for monitoring (`GET /metrics`, api/metrics.ts): counts over the read models,
// computed when Prometheus scrapes. Each figure is one gauge: its name, help, labels and how it is
// counted. A new figure is one more entry of BUSINESS_FIGURES; for example failed deliveries, once
// deliveries are recorded:
//
//   { name: 'aftersales_deliveries_failed', help: 'Deliveries that failed and wait for someone',
//     labelNames: ['channel'], count: async (db) => (await db.delivery.groupBy({ by: ['channel'],
//     where: { status: 'failed' }, _count: { _all: true } })).map((g) => ({ labels: { channel: g.channel }, value: g._count._all })) }
import type { Database } from '../db/client';
import { zonedParts, zonedToInstant } from '../domain/businessCalendar';
import { COMPLAINT_STAGES } from '../domain/complaint/stages';
import { SERVICE_CALL_STAGES } from '../domain/serviceCall/stages';
import { ACCOUNTABILITY_STATUSES } from '../domain/accountability/views';

export interface FigureSample {
  labels: Record<string, string>;
  value: number;
}

/** The moment the figures are counted at, and the start of that day in the company's time zone. */
export interface FigureTime {
  now: Date;
  startOfToday: Date;
}

export interface BusinessFigure {
  /** The Prometheus name (aftersales_…). */
  name: string;
  help: string;
  labelNames: readonly string[];
  count(db: Database, at: FigureTime): Promise<FigureSample[]>;
}

/** Accountability statuses with nothing left to do. */
const ACCOUNTABILITY_DONE = ['settled', 'not_our_fault'];

const OPEN_COMPLAINT_STAGES = COMPLAINT_STAGES.filter((s) => s !== 'closed');
const OPEN_SERVICE_STAGES = SERVICE_CALL_STAGES.filter((s) => s !== 'closed');
const OPEN_ACCOUNTABILITY_STATUSES = ACCOUNTABILITY_STATUSES.filter((s) => !ACCOUNTABILITY_DONE.includes(s));

/** Every known label value gets a sample (0 when nothing is counted), so a graph or alert sees 0, not "no data". */
function withZeros(type: string, known: readonly string[], counted: { key: string; n: number }[]): FigureSample[] {
  const byKey = new Map(counted.map((c) => [c.key, c.n]));
  const keys = [...known, ...counted.map((c) => c.key).filter((k) => !known.includes(k))];
  return keys.map((stage) => ({ labels: { type, stage }, value: byKey.get(stage) ?? 0 }));
}

export const BUSINESS_FIGURES: readonly BusinessFigure[] = [
  {
    name: 'aftersales_open_cases',
    help: 'Open cases by case type and current stage (accountability cases: by status)',
    labelNames: ['type', 'stage'],
    async count(db) {
      const [complaints, calls, accountability] = await Promise.all([
        db.complaintCase.groupBy({ by: ['stage'], where: { status: 'open' }, _count: { _all: true } }),
        db.serviceCall.groupBy({ by: ['stage'], where: { status: 'open' }, _count: { _all: true } }),
        db.accountabilityCase.groupBy({ by: ['status'], where: { status: { notIn: ACCOUNTABILITY_DONE } }, _count: { _all: true } }),
      ]);
      return [
        ...withZeros('complaint', OPEN_COMPLAINT_STAGES, complaints.map((g) => ({ key: g.stage, n: g._count._all }))),
        ...withZeros('service_call', OPEN_SERVICE_STAGES, calls.map((g) => ({ key: g.stage, n: g._count._all }))),
        ...withZeros('accountability', OPEN_ACCOUNTABILITY_STATUSES, accountability.map((g) => ({ key: g.status, n: g._count._all }))),
      ];
    },
  },
  {
    name: 'aftersales_overdue_cases',
    help: 'Open cases past a deadline, by case type and current stage: a complaint past its stage deadline (C18) or case deadline (C17), a service call past its arrival (S14) or promised repair time (S9)',
    labelNames: ['type', 'stage'],
    async count(db, { now }) {
      const [complaints, calls] = await Promise.all([
        db.complaintCase.groupBy({
          by: ['stage'],
          where: { status: 'open', OR: [{ stageDueAt: { lte: now } }, { dueAt: { lte: now } }] },
          _count: { _all: true },
        }),
        db.serviceCall.groupBy({ by: ['stage'], where: { status: 'open', dueAt: { lte: now } }, _count: { _all: true } }),
      ]);
      return [
        ...withZeros('complaint', OPEN_COMPLAINT_STAGES, complaints.map((g) => ({ key: g.stage, n: g._count._all }))),
        ...withZeros('service_call', OPEN_SERVICE_STAGES, calls.map((g) => ({ key: g.stage, n: g._count._all }))),
      ];
    },
  },
  {
    name: 'aftersales_arrival_sla_breaches_today',
    help: 'S14: service calls with no technician on site by their arrival deadline, escalated since midnight (TIME_ZONE)',
    labelNames: [],
    async count(db, { now, startOfToday }) {
      const n = await db.notice.count({
        where: { caseType: 'service_call', type: 'escalation', dedupeKey: { endsWith: ':escalation:arrival' }, at: { gte: startOfToday, lte: now } },
      });
      return [{ labels: {}, value: n }];
    },
  },
  {
    name: 'aftersales_customer_messages_waiting',
    help: 'S15, S16: the customer-message outbox, messages not yet sent: sending (the gateway retries) or to_staff (waiting for staff to send them)',
    labelNames: ['status'],
    async count(db) {
      const groups = await db.customerMessage.groupBy({ by: ['status'], where: { status: { in: ['sending', 'to_staff'] } }, _count: { _all: true } });
      const n = (status: string) => groups.find((g) => g.status === status)?._count._all ?? 0;
      return [
        { labels: { status: 'sending' }, value: n('sending') },
        { labels: { status: 'to_staff' }, value: n('to_staff') },
      ];
    },
  },
];

/** The time the figures are counted at: `now` and the start of its day in `timeZone`. */
export function figureTime(now: Date, timeZone: string): FigureTime {
  const p = zonedParts(now, timeZone);
  return { now, startOfToday: zonedToInstant({ ...p, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone) };
}

/** Every figure counted once, at the same time. */
export async function countBusinessFigures(db: Database, now: Date, timeZone: string): Promise<Map<string, FigureSample[]>> {
  const at = figureTime(now, timeZone);
  const counted = await Promise.all(BUSINESS_FIGURES.map(async (f) => [f.name, await f.count(db, at)] as const));
  return new Map(counted);
}
