// CSV (RFC 4180) and printable HTML renderings of the accounting reports: the monthly statistics
// (C12), the penalties and ledger of a month (P13, P14) and a reward/penalty notice (P2).
import { PENALTY_GROUND_LABELS, PENALTY_LEVEL_LABELS, type PenaltyGround, type PenaltyLevel } from '../../domain/accountability/grounds';
import type { MonthlyStatistics } from '../../domain/accountability/monthly';
import type { LedgerRow, NoticeForPrint, PenaltyRow } from '../../services/accountability';
import { type Cell, toCsv } from './csv';

export function escapeHtml(value: Cell): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function table(caption: string, header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${header.length}" class="none">none</td></tr>`;
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: sans-serif; margin: 2em; color: #000; }
  h1 { font-size: 1.4em; }
  table { border-collapse: collapse; margin: 1em 0; width: 100%; page-break-inside: avoid; }
  caption { text-align: left; font-weight: bold; margin-bottom: .3em; }
  th, td { border: 1px solid #444; padding: .25em .5em; text-align: left; vertical-align: top; }
  td.none { color: #666; font-style: italic; }
  .meta { color: #333; }
  @media print { body { margin: 1cm; } }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

// ---- C12 monthly statistics ----

export function monthlyStatisticsCsv(r: MonthlyStatistics): string {
  const rows: Cell[][] = [];
  for (const [k, v] of Object.entries(r.totals)) rows.push(['totals', '', k, v]);
  for (const d of r.responsibility) {
    for (const f of ['cases', 'ratioSum', 'averageRatio', 'loss', 'lossShare'] as const) rows.push(['responsibility', d.department, f, d[f]]);
  }
  for (const c of r.causes) rows.push(['cause', c.cause, 'count', c.count]);
  for (const g of r.penaltyGrounds) rows.push(['penalty_ground', g.ground, 'count', g.count]);
  for (const t of r.timeliness) {
    for (const f of ['stages', 'onTime', 'late', 'lateRate', 'lateMinutes'] as const) rows.push(['timeliness', t.department, f, t[f]]);
  }
  for (const c of r.countermeasures) rows.push(['countermeasure', c.number ?? c.caseId, 'status', c.status]);
  for (const p of r.penaltiesToApprove) rows.push(['penalty_to_approve', p.number ?? p.caseId, 'status', p.status]);
  return toCsv(['section', 'key', 'field', 'value'], rows);
}

export function monthlyStatisticsHtml(r: MonthlyStatistics, meta: { provisional: boolean }): string {
  const t = r.totals;
  const body = [
    `<h1>Complaint statistics ${escapeHtml(r.month)}</h1>`,
    `<p class="meta">Compiled ${escapeHtml(r.compiledAt)}${meta.provisional ? ' (provisional: not yet compiled by the GM office)' : ''} — C12, C19, P1</p>`,
    table('Totals', ['Closed', 'Not established', 'Withdrawn', 'Our fault', 'Improvement tracked', 'Loss at closing', 'Loss fixed', 'Cases with loss fixed'], [
      [t.closed, t.notEstablished, t.withdrawn, t.ourFault, t.tracked, t.lossAtClosing, t.lossFixed, t.casesWithLossFixed],
    ]),
    table('Responsibility by department', ['Department', 'Units', 'Cases', 'Sum of ratios', 'Average ratio', 'Loss', 'Share of loss'],
      r.responsibility.map((d) => [d.department, d.units.join(', '), d.cases, d.ratioSum, d.averageRatio, d.loss, d.lossShare])),
    table('Causes', ['Cause', 'Cases'], r.causes.map((c) => [c.cause, c.count])),
    table('Penalty grounds (P11)', ['Ground', 'Lines'], r.penaltyGrounds.map((g) => [g.label, g.count])),
    table('Timeliness by department (C19)', ['Department', 'Stages', 'On time', 'Late', 'Late rate', 'Minutes late'],
      r.timeliness.map((d) => [d.department, d.stages, d.onTime, d.late, d.lateRate, d.lateMinutes])),
    table('Countermeasures', ['Case', 'Cause', 'Countermeasure', 'Status'], r.countermeasures.map((c) => [c.number ?? c.caseId, c.cause, c.countermeasure, c.status])),
    table('Penalties to approve (P1, P2)', ['Case', 'Status', 'Closed', 'Since'], r.penaltiesToApprove.map((p) => [p.number ?? p.caseId, p.status, p.closedAt, p.since])),
  ].join('\n');
  return page(`Complaint statistics ${r.month}`, body);
}

// ---- P13, P14 penalties and ledger ----

export const PENALTY_CSV_HEADER = ['month', 'case', 'personId', 'personName', 'chargedTo', 'ground', 'level', 'allocated', 'share', 'minimum', 'charge', 'performanceForfeit', 'ledgerMonth', 'basis'];

export function penaltiesCsv(rows: readonly PenaltyRow[]): string {
  return toCsv(PENALTY_CSV_HEADER, rows.map((p) => [p.month, p.caseNumber ?? p.caseId, p.personId, p.personName, p.chargedTo, p.ground, p.level, p.allocated, p.share, p.minimum, p.charge, p.performanceForfeit, p.ledgerMonth, p.basis]));
}

export const LEDGER_CSV_HEADER = ['month', 'personId', 'personName', 'settled', 'broughtForward', 'charged', 'efficiencyBonus', 'cap', 'deducted', 'carriedForward', 'performanceForfeit'];

export function ledgerCsv(rows: readonly LedgerRow[]): string {
  return toCsv(LEDGER_CSV_HEADER, rows.map((l) => [l.month, l.personId, l.personName, l.settled, l.broughtForward, l.charged, l.efficiencyBonus, l.cap, l.deducted, l.carriedForward, l.performanceForfeit]));
}

const groundLabel = (g: string) => PENALTY_GROUND_LABELS[g as PenaltyGround] ?? g;
const levelLabel = (l: string) => PENALTY_LEVEL_LABELS[l as PenaltyLevel] ?? l;

export function penaltiesHtml(month: string, rows: readonly PenaltyRow[], ledger: readonly LedgerRow[]): string {
  const body = [
    `<h1>Penalties ${escapeHtml(month)}</h1>`,
    `<p class="meta">Deductions per case (P13, P10) and the month's ledger with the ${'cap'} on the efficiency bonus (P14).</p>`,
    table('Charges', ['Case', 'Person', 'Charged to', 'Ground', 'Level', 'Allocated', 'Share', 'Minimum', 'Charge', 'Basis'],
      rows.map((p) => [p.caseNumber ?? p.caseId, `${p.personName} (${p.personId})`, p.chargedTo, groundLabel(p.ground), levelLabel(p.level), p.allocated, p.share, p.minimum, p.charge, p.basis])),
    table('Ledger', ['Person', 'Settled', 'Brought forward', 'Charged', 'Efficiency bonus', 'Cap', 'Deducted', 'Carried forward', 'Performance bonus forfeited'],
      ledger.map((l) => [`${l.personName ?? ''} (${l.personId})`, l.settled ? 'yes' : 'provisional', l.broughtForward, l.charged, l.efficiencyBonus ?? '(none on file)', l.cap, l.deducted, l.carriedForward, l.performanceForfeit])),
  ].join('\n');
  return page(`Penalties ${month}`, body);
}

/** P2: the printable reward/penalty notice, one page per copy. */
export function penaltyNoticeHtml(n: NoticeForPrint): string {
  const one = (copy: string) =>
    [
      `<section style="page-break-after: always">`,
      `<h1>Reward/penalty notice ${escapeHtml(n.number)}</h1>`,
      `<p class="meta">Copy for: <strong>${escapeHtml(copy)}</strong> (copies: ${n.copies.map(escapeHtml).join(', ')})</p>`,
      `<p>Complaint ${escapeHtml(n.caseNumber ?? n.caseId)} — penalised party: <strong>${escapeHtml(n.party)}</strong>. Approved by the GM, ${escapeHtml(n.approvedBy)}, ${escapeHtml(n.approvedAt)} (P2).</p>`,
      n.lossBasis ? `<p>Loss: ${escapeHtml(n.lossBasis)}</p>` : '',
      table('Grounds', ['Party', 'Ground (P11)', 'Level (P10)', 'Allocated loss (P9)', 'Note'], n.lines.map((l) => [l.entry, groundLabel(l.ground), levelLabel(l.level), l.allocated, l.note ?? ''])),
      n.final
        ? table('Deductions (P13)', ['Person', 'Share', 'Minimum', 'Charge', 'Basis'], n.charges.map((c) => [`${c.personName} (${c.personId})`, c.share, c.minimum, c.charge, c.basis]))
        : '<p><em>The loss is not fixed yet (P8: resale window open); the deductions follow when it is.</em></p>',
      `</section>`,
    ].join('\n');
  return page(`Reward/penalty notice ${n.number}`, n.copies.map(one).join('\n'));
}
