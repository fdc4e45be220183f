import { caseDueAt, DEFAULT_CASE_LIMITS, isOverdue, MAX_REMINDERS, reminderTimes, stageDueAt } from '../../domain/deadlines';
import { parseDuration } from '../../domain/durations';

const H = 60 * 60 * 1000;
const D = 24 * H;
const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

describe('C17: case deadline', () => {
  test('C17: a domestic case accepted on 2 November closes within 13 days (15 November, same time)', () => {
    expect(iso(caseDueAt(at('2026-11-02T02:00:00Z'), 'domestic'))).toBe('2026-11-15T02:00:00.000Z');
  });

  test('C17: a foreign case closes within 17 days', () => {
    expect(iso(caseDueAt(at('2026-11-02T02:00:00Z'), 'foreign'))).toBe('2026-11-19T02:00:00.000Z');
  });

  test('C17: days are calendar days: weekends and month ends count', () => {
    expect(iso(caseDueAt(at('2026-11-27T09:00:00Z'), 'domestic'))).toBe('2026-12-10T09:00:00.000Z');
  });

  test('C17: the default limits are 13 and 17 days', () => {
    expect(DEFAULT_CASE_LIMITS).toEqual({ domesticMs: 13 * D, foreignMs: 17 * D });
  });

  test('C17: limits are configurable (demonstration speed: 13 minutes and 17 minutes)', () => {
    const limits = { domesticMs: parseDuration('13m'), foreignMs: parseDuration('17m') };
    expect(iso(caseDueAt(at('2026-11-02T02:00:00Z'), 'domestic', limits))).toBe('2026-11-02T02:13:00.000Z');
    expect(iso(caseDueAt(at('2026-11-02T02:00:00Z'), 'foreign', limits))).toBe('2026-11-02T02:17:00.000Z');
  });

  test('C17: an invalid acceptance time or limit is refused', () => {
    expect(() => caseDueAt(new Date('x'), 'domestic')).toThrow(/acceptedAt/);
    expect(() => caseDueAt(at('2026-11-02T02:00:00Z'), 'domestic', { domesticMs: -1, foreignMs: D })).toThrow(/domestic case limit/);
    expect(() => caseDueAt(at('2026-11-02T02:00:00Z'), 'foreign', { domesticMs: D, foreignMs: 1.5 })).toThrow(/foreign case limit/);
  });
});

describe('C18: stage deadline', () => {
  const caseDue = at('2026-11-15T02:00:00Z');

  test('C18: a stage is due its own limit after it was entered when that is before the case deadline', () => {
    expect(iso(stageDueAt(at('2026-11-03T08:00:00Z'), 3 * D, caseDue))).toBe('2026-11-06T08:00:00.000Z');
  });

  test('C18, C17: a stage never runs past the case deadline', () => {
    expect(iso(stageDueAt(at('2026-11-14T08:00:00Z'), 3 * D, caseDue))).toBe(iso(caseDue));
  });

  test('C18: a stage whose limit ends exactly at the case deadline is due then', () => {
    expect(iso(stageDueAt(at('2026-11-14T02:00:00Z'), D, caseDue))).toBe(iso(caseDue));
  });

  test('C8: consolidation within 1 day of receiving the result', () => {
    expect(iso(stageDueAt(at('2026-11-05T10:00:00Z'), parseDuration('1d'), caseDue))).toBe('2026-11-06T10:00:00.000Z');
  });

  test('C18: a bad stage limit or date is refused', () => {
    expect(() => stageDueAt(at('2026-11-03T08:00:00Z'), -1, caseDue)).toThrow(/stage limit/);
    expect(() => stageDueAt(at('2026-11-03T08:00:00Z'), NaN, caseDue)).toThrow(/stage limit/);
    expect(() => stageDueAt(new Date(NaN), D, caseDue)).toThrow(/enteredAt/);
    expect(() => stageDueAt(at('2026-11-03T08:00:00Z'), D, new Date(NaN))).toThrow(/caseDue/);
  });
});

describe('C19: overdue and reminders', () => {
  const due = at('2026-11-06T08:00:00Z');

  test('C19: not overdue before the deadline', () => {
    expect(isOverdue(due, at('2026-11-06T07:59:59.999Z'))).toBe(false);
  });

  test('C19: overdue once the deadline is reached, and after it', () => {
    expect(isOverdue(due, due)).toBe(true);
    expect(isOverdue(due, at('2026-11-07T00:00:00Z'))).toBe(true);
  });

  test('C19: an invalid date is refused', () => {
    expect(() => isOverdue(new Date(NaN), due)).toThrow(/due/);
    expect(() => isOverdue(due, new Date(NaN))).toThrow(/now/);
  });

  test('C19: reminders at the deadline, then daily, strictly before the case deadline', () => {
    const times = reminderTimes(due, D, at('2026-11-09T08:00:00Z'));
    expect(times.map(iso)).toEqual(['2026-11-06T08:00:00.000Z', '2026-11-07T08:00:00.000Z', '2026-11-08T08:00:00.000Z']);
  });

  test('C19: a reminder falling after the last full interval but before until is included', () => {
    const times = reminderTimes(due, D, at('2026-11-08T08:00:00.001Z'));
    expect(times).toHaveLength(3);
  });

  test('C19: no reminders when until is at or before the deadline', () => {
    expect(reminderTimes(due, D, due)).toEqual([]);
    expect(reminderTimes(due, D, at('2026-11-01T00:00:00Z'))).toEqual([]);
  });

  test('C19: a single reminder when until is within one interval', () => {
    expect(reminderTimes(due, D, at('2026-11-06T09:00:00Z')).map(iso)).toEqual([iso(due)]);
  });

  test('C19: the list is bounded', () => {
    const far = at('2126-11-06T08:00:00Z');
    expect(reminderTimes(due, 1000, far)).toHaveLength(MAX_REMINDERS);
    expect(reminderTimes(due, H, far, 5).map(iso)).toEqual([
      '2026-11-06T08:00:00.000Z',
      '2026-11-06T09:00:00.000Z',
      '2026-11-06T10:00:00.000Z',
      '2026-11-06T11:00:00.000Z',
      '2026-11-06T12:00:00.000Z',
    ]);
  });

  test('C19: reminder interval at demonstration speed ("90s")', () => {
    const times = reminderTimes(due, parseDuration('90s'), at('2026-11-06T08:05:00Z'));
    expect(times.map(iso)).toEqual([
      '2026-11-06T08:00:00.000Z',
      '2026-11-06T08:01:30.000Z',
      '2026-11-06T08:03:00.000Z',
      '2026-11-06T08:04:30.000Z',
    ]);
  });

  test.each([0, -D, 1.5, NaN, Infinity])('C19: interval %p is refused', (interval) => {
    expect(() => reminderTimes(due, interval, at('2026-11-09T08:00:00Z'))).toThrow(/interval/);
  });

  test('C19: invalid dates are refused', () => {
    expect(() => reminderTimes(new Date(NaN), D, due)).toThrow(/due/);
    expect(() => reminderTimes(due, D, new Date(NaN))).toThrow(/until/);
  });
});
