// P1, P2, G3: the GM office reviews last month's closed cases before the 10th. A closed case's
// penalty proposal (GM office) and its approval (GM) are therefore due before the 10th of the
// month after the case closed; past that, the awaited role is reminded at every reminder interval
// and the first overdue notice also escalates (to the GM when the GM office is late, to the GM
// office when the GM is). Pure: the workflow compares instants it was handed.
import { addDays, localDateIn, startOfLocalDate } from '../localTime';
import type { Role } from '../roles';

export interface ReviewDeadline {
  /** The instant the review is due: 00:00 of the 10th of the month after closing, local time. */
  dueAt: string;
  /** How often an overdue review is reminded. */
  reminderIntervalMs: number;
}

/** Before the 10th of the month after `closedAt` (local `timeZone`): the 10th at 00:00. */
export function reviewDueAt(closedAt: Date, timeZone: string): Date {
  const [y, m] = localDateIn(timeZone, closedAt).split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return startOfLocalDate(addDays(`${next}-01`, 9), timeZone);
}

export function reviewDeadlineFor(closedAt: Date, timeZone: string, reminderIntervalMs: number): ReviewDeadline {
  return { dueAt: reviewDueAt(closedAt, timeZone).toISOString(), reminderIntervalMs };
}

/**
 * When the `k`-th (0-based) overdue notice of a stage falls due: at the deadline and every interval
 * after it; for a stage entered after the deadline (a late proposal now awaiting approval, a
 * rejected one back with the GM office), one interval after it was entered, and so on.
 */
export function reviewReminderAt(review: ReviewDeadline, stageEnteredAtMs: number, k: number): number {
  const due = Date.parse(review.dueAt);
  const first = stageEnteredAtMs >= due ? stageEnteredAtMs + review.reminderIntervalMs : due;
  return first + k * review.reminderIntervalMs;
}

export interface ReviewNotice {
  key: string;
  type: 'reminder' | 'escalation';
  stage: 'awaiting_proposal' | 'awaiting_approval';
  to: Role[];
  message: string;
  at: string;
}

/** The `n`-th (0-based) overdue notices of a review awaiting `stage` for the `round`-th time (rejections so far). */
export function overdueReviewNotices(
  c: { caseId: string; caseNumber: string | null },
  stage: ReviewNotice['stage'],
  round: number,
  review: ReviewDeadline,
  n: number,
  at: string,
): ReviewNotice[] {
  const label = c.caseNumber ?? c.caseId;
  const awaited: Role = stage === 'awaiting_proposal' ? 'gm_office' : 'gm';
  const what = stage === 'awaiting_proposal' ? 'the penalty proposal (P2)' : 'the approval of the proposed penalties (P2)';
  const base = `accountability:${c.caseId}:${stage}:${round}`;
  const out: ReviewNotice[] = [
    {
      key: `${base}:reminder:${n}`,
      type: 'reminder',
      stage,
      to: [awaited],
      message: `Complaint ${label}: ${what} was due before ${review.dueAt} (P1) and is still outstanding.`,
      at,
    },
  ];
  if (n === 0) {
    out.push({
      key: `${base}:escalation`,
      type: 'escalation',
      stage,
      to: [awaited === 'gm_office' ? 'gm' : 'gm_office'],
      message: `Complaint ${label}: ${what} is overdue (due before ${review.dueAt}, P1).`,
      at,
    });
  }
  return out;
}
