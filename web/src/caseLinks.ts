// Where each kind of case is shown, and how open work is ordered by urgency.
import type { Schemas } from './api/client';

export function caseLink(caseType: string, caseId: string): string | null {
  switch (caseType) {
    case 'complaint':
      return `/complaints/${caseId}`;
    case 'service_call':
      return `/service-calls/${caseId}`;
    case 'contract':
      return `/contracts/${caseId}`;
    case 'accountability':
      return `/accountability/${caseId}`;
    default:
      return null;
  }
}

/** The kind of a work item without its serial suffix (`stage_escalation:3` → `stage_escalation`). */
export const workKind = (action: string): string => action.split(':')[0] ?? action;

type Task = Schemas['Task'];

/** Overdue first, then priority dispatch, then the soonest due; work with no due time last. */
export function byUrgency(a: Task, b: Task): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (!!a.priority !== !!b.priority) return a.priority ? -1 : 1;
  const da = a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY;
  const db = b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY;
  return da - db;
}

/** Due within this many hours: shown as due soon. */
export const DUE_SOON_MS = 4 * 3_600_000;
