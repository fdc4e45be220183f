// Case and stage deadlines and overdue reminders (C17, C18, C19; G3).
const DAY_MS = 24 * 60 * 60 * 1000;

/** C17: a case closes within 13 days (domestic) or 17 days (foreign) of GM office acceptance. */
export const DEFAULT_CASE_LIMITS = { domesticMs: 13 * DAY_MS, foreignMs: 17 * DAY_MS } as const;

/** Upper bound on the reminders one call to `reminderTimes` returns. */
export const MAX_REMINDERS = 1000;

function timeOf(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error(`${name} must be a valid Date`);
  return t;
}

function assertDuration(ms: number, name: string): void {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`${name} must be a whole, non-negative number of ms, got ${ms}`);
}

/** C17: when a case accepted at `acceptedAt` must be closed; the limits count elapsed calendar time. */
export function caseDueAt(
  acceptedAt: Date,
  market: 'domestic' | 'foreign',
  limits: { domesticMs: number; foreignMs: number } = DEFAULT_CASE_LIMITS,
): Date {
  const t = timeOf(acceptedAt, 'acceptedAt');
  const ms = market === 'domestic' ? limits.domesticMs : limits.foreignMs;
  assertDuration(ms, `${market} case limit`);
  return new Date(t + ms);
}

/** C18: a stage is due `stageMs` after it was entered, but never later than the case itself. */
export function stageDueAt(enteredAt: Date, stageMs: number, caseDue: Date): Date {
  const t = timeOf(enteredAt, 'enteredAt');
  assertDuration(stageMs, 'stage limit');
  return new Date(Math.min(t + stageMs, timeOf(caseDue, 'caseDue')));
}

/** C19: a deadline is missed once its instant is reached with the work still open. */
export function isOverdue(due: Date, now: Date): boolean {
  return timeOf(now, 'now') >= timeOf(due, 'due');
}

/**
 * C19: reminder instants for an overdue item: at `due`, then every `intervalMs`, strictly before
 * `until` (e.g. the case deadline or the next review); at most `limit` of them.
 */
export function reminderTimes(due: Date, intervalMs: number, until: Date, limit: number = MAX_REMINDERS): Date[] {
  const start = timeOf(due, 'due');
  const end = timeOf(until, 'until');
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) {
    throw new Error(`Reminder interval must be a whole, positive number of ms, got ${intervalMs}`);
  }
  const out: Date[] = [];
  for (let t = start; t < end && out.length < limit; t += intervalMs) out.push(new Date(t));
  return out;
}
