// P1, G3: the review of a closed case is due before the 10th of the following month; overdue
// reviews are reminded every interval and escalated once.
import { overdueReviewNotices, reviewDeadlineFor, reviewDueAt, reviewReminderAt } from '../../domain/accountability/review';

const TZ = 'Asia/Shanghai';

test.each([
  ['2026-11-28T04:00:00Z', '2026-12-09T16:00:00.000Z'], // closed 28 Nov → due 10 Dec 00:00 Shanghai
  ['2026-12-31T15:30:00Z', '2027-01-09T16:00:00.000Z'], // 31 Dec 23:30 local → January of the next year
  ['2026-12-31T16:30:00Z', '2027-02-09T16:00:00.000Z'], // 1 Jan 00:30 local: a January closing → 10 Feb
  ['2026-01-09T20:00:00Z', '2026-02-09T16:00:00.000Z'], // closed on the 10th local (early morning) → next month's 10th
])('P1: a case closed at %s is reviewed before %s', (closedAt, due) => {
  expect(reviewDueAt(new Date(closedAt), TZ).toISOString()).toBe(due);
});

test('P1: the deadline follows the company time zone', () => {
  expect(reviewDueAt(new Date('2026-11-30T20:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-12-09T23:00:00.000Z');
  expect(reviewDueAt(new Date('2026-11-30T20:00:00Z'), TZ).toISOString()).toBe('2027-01-09T16:00:00.000Z'); // already 1 Dec in Shanghai
});

test('G3: reminders fall at the deadline and then every interval; a stage entered late gets its first one an interval later', () => {
  const review = reviewDeadlineFor(new Date('2026-11-28T04:00:00Z'), TZ, 86_400_000);
  const enteredEarly = Date.parse('2026-11-29T00:00:00Z');
  expect(new Date(reviewReminderAt(review, enteredEarly, 0)).toISOString()).toBe('2026-12-09T16:00:00.000Z');
  expect(new Date(reviewReminderAt(review, enteredEarly, 2)).toISOString()).toBe('2026-12-11T16:00:00.000Z');
  const enteredLate = Date.parse('2026-12-12T08:00:00Z');
  expect(new Date(reviewReminderAt(review, enteredLate, 0)).toISOString()).toBe('2026-12-13T08:00:00.000Z');
  expect(new Date(reviewReminderAt(review, enteredLate, 1)).toISOString()).toBe('2026-12-14T08:00:00.000Z');
});

test('G3: the first overdue notice reminds the awaited role and escalates once; later ones only remind', () => {
  const review = reviewDeadlineFor(new Date('2026-11-28T04:00:00Z'), TZ, 86_400_000);
  const c = { caseId: 'c-1', caseNumber: '2611-07' };
  const first = overdueReviewNotices(c, 'awaiting_proposal', 0, review, 0, review.dueAt);
  expect(first.map((n) => [n.type, n.to, n.key])).toEqual([
    ['reminder', ['gm_office'], 'accountability:c-1:awaiting_proposal:0:reminder:0'],
    ['escalation', ['gm'], 'accountability:c-1:awaiting_proposal:0:escalation'],
  ]);
  expect(first[0]!.message).toContain('2611-07');
  expect(overdueReviewNotices(c, 'awaiting_proposal', 0, review, 1, review.dueAt).map((n) => n.type)).toEqual(['reminder']);
  const approval = overdueReviewNotices(c, 'awaiting_approval', 0, review, 0, review.dueAt);
  expect(approval.map((n) => n.to)).toEqual([['gm'], ['gm_office']]);
  // After a rejection the proposal is awaited again: new keys, so its reminders are not taken for repeats.
  expect(overdueReviewNotices(c, 'awaiting_proposal', 1, review, 0, review.dueAt)[0]!.key).toBe('accountability:c-1:awaiting_proposal:1:reminder:0');
});
