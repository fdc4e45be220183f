// CSV renderings of the service side's daily reports: a technician's jobs (S10) and the
// supervisor's totals per technician (S11).
import type { SupervisorDailyReport, TechnicianDailyReport } from '../../services/serviceReports';
import { toCsv } from './csv';

export function technicianDailyCsv(r: TechnicianDailyReport): string {
  return toCsv(
    ['date', 'technicianId', 'technicianName', 'category', 'minutes', 'caseId', 'action', 'description'],
    r.entries.map((e) => [r.date, r.technician.id, r.technician.name, e.category, e.minutes, e.caseId, e.action, e.description]),
  );
}

export function supervisorDailyCsv(r: SupervisorDailyReport): string {
  return toCsv(
    ['date', 'technicianId', 'technicianName', 'jobs', 'A', 'B', 'C', 'D', 'total'],
    [
      ...r.technicians.map((t) => [r.date, t.technician.id, t.technician.name, t.jobs, t.A, t.B, t.C, t.D, t.total]),
      [r.date, '', 'TOTAL', r.technicians.reduce((s, t) => s + t.jobs, 0), r.totals.A, r.totals.B, r.totals.C, r.totals.D, r.totals.total],
    ],
  );
}
