// CSV and printable HTML of the service operations reports (O1–O5). Each report is laid out once as
// tables; the HTML page prints them, the CSV lists every cell as section,key,field,value (RFC 4180,
// as the other reports) so that a spreadsheet can pivot it.
import { ACTIVITY_LABELS, type ActivityType } from '../../domain/operations/activity';
import { KPI_IDS } from '../../domain/operations/kpis';
import type { ActivityPointsReport } from '../../services/activityPoints';
import type { KpiReport, PartsReport, ServiceOrdersReport } from '../../services/operationsReports';
import type { ServiceCostReport } from '../../services/serviceCosts';
import { type Cell, toCsv } from './csv';
import { escapeHtml, page, table } from './reportFormats';

export interface ReportTable {
  section: string;
  caption: string;
  header: string[];
  rows: Cell[][];
}

export interface ReportLayout {
  title: string;
  meta: string;
  tables: ReportTable[];
}

/** Every cell but the first of a row, keyed by the row's first cell and the column's header. */
export function layoutCsv(layout: ReportLayout): string {
  const rows: Cell[][] = [];
  for (const t of layout.tables) {
    for (const r of t.rows) for (let i = 1; i < t.header.length; i++) rows.push([t.section, r[0], t.header[i], r[i]]);
  }
  return toCsv(['section', 'key', 'field', 'value'], rows);
}

export function layoutHtml(layout: ReportLayout): string {
  const body = [
    `<h1>${escapeHtml(layout.title)}</h1>`,
    `<p class="meta">${escapeHtml(layout.meta)}</p>`,
    ...layout.tables.map((t) => table(t.caption, t.header, t.rows)),
  ].join('\n');
  return page(layout.title, body);
}

const pct = (v: number | null) => (v === null ? '' : v);
const scope = (region: string | null) => (region === null ? 'all regions' : `region ${region}`);

export function kpiLayout(r: KpiReport): ReportLayout {
  const goals = KPI_IDS.map((id) => [id, r.goals[id]] as const);
  const trendPeriods = r.goals.satisfaction_index.trend.map((t) => t.period);
  const met = (m: boolean | null) => (m === null ? 'no data' : m ? 'met' : 'missed');
  return {
    title: `Service goals ${r.period}`,
    meta: `${r.from} to ${r.to}, ${scope(r.region)} — O1`,
    tables: [
      {
        section: 'goal',
        caption: 'Goals',
        header: ['goal', 'label', 'unit', 'value', 'target', 'comparison', 'met'],
        rows: goals.map(([id, g]) => [id, g.label, g.unit, g.value, g.target.value, g.target.comparison, met(g.met)]),
      },
      {
        section: 'counts',
        caption: 'Computed from',
        header: ['goal', 'counts', 'definition'],
        rows: goals.map(([id, g]) => [id, Object.entries(g.counts).map(([k, v]) => `${k}=${v}`).join('; '), g.definition]),
      },
      {
        section: 'trend',
        caption: 'Trend (previous periods)',
        header: ['goal', ...trendPeriods, r.period],
        rows: goals.map(([id, g]) => [id, ...g.trend.map((t) => t.value), g.value]),
      },
    ],
  };
}

export function serviceCostLayout(r: ServiceCostReport): ReportLayout {
  const line = (key: string, label: string, l: ServiceCostReport['total'], warned: boolean | '') => [
    key,
    label,
    l.budget,
    l.actual,
    l.bySource.parts_warranty,
    l.bySource.parts_contract,
    l.bySource.parts_waived,
    l.bySource.claim,
    l.variance,
    pct(l.usedPercent),
    warned === '' ? '' : warned ? 'yes' : 'no',
  ];
  return {
    title: `Service costs ${r.month}`,
    meta: `Actual against budget per category; warning at ${r.warningSharePercent}% of a category's budget — O3`,
    tables: [
      {
        section: 'category',
        caption: 'Actual against budget',
        header: ['category', 'label', 'budget', 'actual', 'parts_warranty', 'parts_contract', 'parts_waived', 'claims', 'variance', 'used_percent', 'warned'],
        rows: [...r.categories.map((c) => line(c.category, c.label, c, c.warned)), line('total', 'Total', r.total, '')],
      },
      { section: 'claims_pending', caption: 'Claims waiting for the supervisor', header: ['claims', 'count', 'amount'], rows: [['pending', r.claimsPending.count, r.claimsPending.amount]] },
    ],
  };
}

export function partsLayout(r: PartsReport): ReportLayout {
  return {
    title: `Spare parts ${r.month}`,
    meta: `${scope(r.region)} — O4`,
    tables: [
      {
        section: 'requests',
        caption: 'Part requests',
        header: ['requests', 'received', 'approved', 'rejected', 'issued', 'waiting_now'],
        rows: [['requests', r.requests.received, r.requests.approved, r.requests.rejected, r.requests.issued, r.requests.waitingNow]],
      },
      {
        section: 'replaced',
        caption: 'Parts replaced, by who bears them',
        header: ['kind', 'bearer', 'pieces', 'cost', 'charged'],
        rows: r.replaced.map((x) => [x.kind, x.bearer, x.pieces, x.cost, x.charged]),
      },
      {
        section: 'bearer',
        caption: 'Borne by',
        header: ['bearer', 'pieces', 'cost', 'charged'],
        rows: [
          ['company', r.bearers.company.pieces, r.bearers.company.cost, ''],
          ['customer', r.bearers.customer.pieces, r.bearers.customer.cost, r.bearers.customer.charged],
        ],
      },
      {
        section: 'region',
        caption: 'By region',
        header: ['region', 'in_warranty_pieces', 'in_warranty_cost', 'outside_pieces', 'outside_cost', 'outside_charged'],
        rows: r.byRegion.map((x) => [x.region, x.inWarranty.pieces, x.inWarranty.cost, x.outsideWarranty.pieces, x.outsideWarranty.cost, x.outsideWarranty.charged]),
      },
      { section: 'part', caption: 'By part', header: ['part', 'name', 'pieces', 'cost', 'charged'], rows: r.byPart.map((x) => [x.partNo, x.name, x.pieces, x.cost, x.charged]) },
      {
        section: 'movements',
        caption: 'Stock movements',
        header: ['movements', 'received', 'issued', 'returned'],
        rows: [['pieces', r.movements.received, r.movements.issued, r.movements.returned]],
      },
    ],
  };
}

export function activityLayout(r: ActivityPointsReport): ReportLayout {
  return {
    title: `Activity points ${r.period}`,
    meta: `${r.from} to ${r.to}, ${scope(r.region)}: ${r.totals.count} activities, ${r.totals.points} points — O2`,
    tables: [
      { section: 'type', caption: 'By activity type', header: ['type', 'label', 'count', 'points'], rows: r.byType.map((x) => [x.type, ACTIVITY_LABELS[x.type as ActivityType], x.count, x.points]) },
      { section: 'technician', caption: 'Technicians, ranked', header: ['technician', 'name', 'rank', 'count', 'points'], rows: r.byTechnician.map((x) => [x.technicianId, x.name, x.rank, x.count, x.points]) },
      { section: 'region', caption: 'Regions, ranked', header: ['region', 'rank', 'count', 'points'], rows: r.byRegion.map((x) => [x.region, x.rank, x.count, x.points]) },
      { section: 'day', caption: 'Per day', header: ['date', 'count', 'points'], rows: r.byDay.map((x) => [x.date, x.count, x.points]) },
      { section: 'week', caption: 'Per ISO week', header: ['week', 'count', 'points'], rows: r.byWeek.map((x) => [x.week, x.count, x.points]) },
      { section: 'total', caption: 'Total', header: ['total', 'count', 'points'], rows: [['total', r.totals.count, r.totals.points]] },
    ],
  };
}

export function serviceOrdersLayout(r: ServiceOrdersReport): ReportLayout {
  const header = ['region', 'received', 'orders_issued', 'receipts_returned', 'execution_rate', 'receipt_rate'];
  const row = (key: string, c: ServiceOrdersReport['total']) => [key, c.received, c.ordersIssued, c.receiptsReturned, pct(c.executionRate), pct(c.receiptRate)];
  return {
    title: `Service orders ${r.period}`,
    meta: `${r.from} to ${r.to}, ${scope(r.region)}, as of ${r.asOf} — O5`,
    tables: [{ section: 'orders', caption: 'Requests, execution orders and receipts', header, rows: [...r.byRegion.map((x) => row(x.region, x)), row('total', r.total)] }],
  };
}
