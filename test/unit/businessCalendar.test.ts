import fc from 'fast-check';
import { z } from 'zod';
import {
  addWorkingTime,
  arrivalDueAt,
  BusinessCalendar,
  DEFAULT_ARRIVAL_SLA,
  DEFAULT_CALENDAR,
  isWorkingTime,
  localDate,
  nextWorkingStart,
  workingTimeBetween,
  zBusinessCalendar,
  zonedParts,
  zonedToInstant,
} from '../../domain/businessCalendar';
import { parseDuration } from '../../domain/durations';

const M = 60 * 1000;
const H = 60 * M;
const D = 24 * H;

/** Shanghai wall-clock time (UTC+8 all year). */
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();

/** National Day 2025: 1–8 October closed; Sunday 28 September and Saturday 11 October worked. */
const CN_2025: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'],
  extraWorkingDays: ['2025-09-28', '2025-10-11'],
};

const BERLIN_OFFICE: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  hours: [{ start: '09:00', end: '17:00' }],
  holidays: [],
  extraWorkingDays: [],
  alwaysOpen: false,
};

const BERLIN_ROUND_THE_CLOCK: BusinessCalendar = {
  ...BERLIN_OFFICE,
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  hours: [{ start: '00:00', end: '24:00' }],
};

const ALWAYS_OPEN: BusinessCalendar = { ...DEFAULT_CALENDAR, alwaysOpen: true };

describe('S14: arrival due time (default calendar, Asia/Shanghai)', () => {
  // 2026-11-27 is a Friday.
  test('S14: urban call at 16:30 Friday is due Monday 14:30 (1 h Friday, 3.5 h morning, 1.5 h after lunch)', () => {
    expect(iso(arrivalDueAt(DEFAULT_CALENDAR, sh('2026-11-27T16:30'), 'urban'))).toBe(iso(sh('2026-11-30T14:30')));
  });

  test('S14: suburban call at 16:30 Friday is due Monday 15:30', () => {
    expect(iso(arrivalDueAt(DEFAULT_CALENDAR, sh('2026-11-27T16:30'), 'suburban'))).toBe(iso(sh('2026-11-30T15:30')));
  });

  test('S14: urban call at 03:00 Tuesday counts from 08:30 and is due 15:30 the same day', () => {
    expect(iso(arrivalDueAt(DEFAULT_CALENDAR, sh('2026-11-24T03:00'), 'urban'))).toBe(iso(sh('2026-11-24T15:30')));
  });

  test('S14: suburban call at 03:00 Tuesday is due 16:30 the same day', () => {
    expect(iso(arrivalDueAt(DEFAULT_CALENDAR, sh('2026-11-24T03:00'), 'suburban'))).toBe(iso(sh('2026-11-24T16:30')));
  });

  test('S14: urban call at 08:30 Monday is due 15:30, the lunch hour not counted', () => {
    expect(iso(arrivalDueAt(DEFAULT_CALENDAR, sh('2026-11-23T08:30'), 'urban'))).toBe(iso(sh('2026-11-23T15:30')));
  });

  test('S14: urban call at 11:00 Wednesday runs overnight and is due 09:00 Thursday', () => {
    expect(iso(arrivalDueAt(DEFAULT_CALENDAR, sh('2026-11-25T11:00'), 'urban'))).toBe(iso(sh('2026-11-26T09:00')));
  });

  test('S14: urban call on Saturday counts from Monday 08:30', () => {
    expect(iso(arrivalDueAt(DEFAULT_CALENDAR, sh('2026-11-28T10:00'), 'urban'))).toBe(iso(sh('2026-11-30T15:30')));
  });

  test('S14: call on a holiday (National Day, 3 October) counts from the first working morning after the holidays', () => {
    expect(iso(arrivalDueAt(CN_2025, sh('2025-10-03T10:00'), 'urban'))).toBe(iso(sh('2025-10-09T15:30')));
  });

  test('S14: call at 16:30 on the eve of the holidays is due after them', () => {
    expect(iso(arrivalDueAt(CN_2025, sh('2025-09-30T16:30'), 'urban'))).toBe(iso(sh('2025-10-09T14:30')));
  });

  test('S14: a make-up working Sunday counts: Friday 16:30 call is due Sunday 28 September 14:30', () => {
    expect(iso(arrivalDueAt(CN_2025, sh('2025-09-26T16:30'), 'urban'))).toBe(iso(sh('2025-09-28T14:30')));
  });

  test('S14: a make-up working Saturday counts: Friday 10 October 16:30 call is due Saturday 14:30', () => {
    expect(iso(arrivalDueAt(CN_2025, sh('2025-10-10T16:30'), 'urban'))).toBe(iso(sh('2025-10-11T14:30')));
  });

  test('S14: the SLA hours are configurable (demonstration: 90 s, always open)', () => {
    const sla = { urbanMs: parseDuration('90s'), suburbanMs: parseDuration('2m') };
    const calledAt = sh('2026-11-28T03:00');
    expect(arrivalDueAt(ALWAYS_OPEN, calledAt, 'urban', sla).getTime() - calledAt.getTime()).toBe(90 * 1000);
    expect(arrivalDueAt(ALWAYS_OPEN, calledAt, 'suburban', sla).getTime() - calledAt.getTime()).toBe(120 * 1000);
  });

  test('S14: the default SLA is 6 working hours urban, 7 suburban', () => {
    expect(DEFAULT_ARRIVAL_SLA).toEqual({ urbanMs: 6 * H, suburbanMs: 7 * H });
  });
});

describe('S14: addWorkingTime', () => {
  test('S14: time inside the morning that reaches closing ends at 12:00, not 13:00', () => {
    expect(iso(addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T11:00'), H))).toBe(iso(sh('2026-11-23T12:00')));
  });

  test('S14: lunch break is skipped: 11:30 plus 1 h is 13:30', () => {
    expect(iso(addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T11:30'), H))).toBe(iso(sh('2026-11-23T13:30')));
  });

  test('S14: a start during lunch counts from 13:00', () => {
    expect(iso(addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T12:15'), 30 * M))).toBe(iso(sh('2026-11-23T13:30')));
  });

  test('S14: a start after closing counts from the next morning', () => {
    expect(iso(addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T20:00'), H))).toBe(iso(sh('2026-11-24T09:30')));
  });

  test('S14: a whole working week is 40 working hours', () => {
    expect(iso(addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T08:30'), 40 * H))).toBe(iso(sh('2026-11-27T17:30')));
  });

  test('S14: zero working time leaves the instant unchanged', () => {
    const at = sh('2026-11-28T03:00');
    expect(iso(addWorkingTime(DEFAULT_CALENDAR, at, 0))).toBe(iso(at));
  });

  test('S14: working time of less than a millisecond apart is exact', () => {
    expect(addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T11:59:59.999'), 1).getTime()).toBe(sh('2026-11-23T12:00').getTime());
    expect(addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T11:59:59.999'), 2).getTime()).toBe(sh('2026-11-23T13:00:00.001').getTime());
  });

  test('S14: negative or non-finite working time is refused', () => {
    expect(() => addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T09:00'), -1)).toThrow(/non-negative/);
    expect(() => addWorkingTime(DEFAULT_CALENDAR, sh('2026-11-23T09:00'), NaN)).toThrow(/non-negative/);
  });

  test('S14: an invalid Date is refused', () => {
    expect(() => addWorkingTime(DEFAULT_CALENDAR, new Date('nope'), H)).toThrow(/valid Date/);
  });

  test('S14: a calendar without any working day fails clearly instead of looping', () => {
    const closed: BusinessCalendar = { ...DEFAULT_CALENDAR, workingDays: [] };
    expect(() => addWorkingTime(closed, sh('2026-11-23T09:00'), H)).toThrow(/no working time ahead/);
    expect(() => nextWorkingStart(closed, sh('2026-11-23T09:00'))).toThrow(/no working time ahead/);
  });

  test('S14: a calendar that works only on listed make-up days finds one months ahead', () => {
    const onlyExtra: BusinessCalendar = { ...DEFAULT_CALENDAR, workingDays: [], extraWorkingDays: ['2027-02-20'] };
    expect(iso(addWorkingTime(onlyExtra, sh('2026-11-23T09:00'), H))).toBe(iso(sh('2027-02-20T09:30')));
  });

  test('S14: hours given out of order are read in order; overlapping hours are refused', () => {
    const reversed: BusinessCalendar = { ...DEFAULT_CALENDAR, hours: [...DEFAULT_CALENDAR.hours].reverse() };
    expect(iso(addWorkingTime(reversed, sh('2026-11-23T11:30'), H))).toBe(iso(sh('2026-11-23T13:30')));
    const overlapping: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      hours: [
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ],
    };
    expect(() => addWorkingTime(overlapping, sh('2026-11-23T09:00'), H)).toThrow(/overlap/);
    const malformed: BusinessCalendar = { ...DEFAULT_CALENDAR, hours: [{ start: '9:00', end: '12:00' }] };
    expect(() => addWorkingTime(malformed, sh('2026-11-23T09:00'), H)).toThrow(/hours\[0\]/);
  });
});

describe('S14: workingTimeBetween', () => {
  test('S14: Friday 16:30 to Monday 14:30 holds 6 working hours', () => {
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-27T16:30'), sh('2026-11-30T14:30'))).toBe(6 * H);
  });

  test('S14: a night holds no working time', () => {
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-23T17:30'), sh('2026-11-24T08:30'))).toBe(0);
  });

  test('S14: a weekend holds no working time', () => {
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-28T00:00'), sh('2026-11-30T00:00'))).toBe(0);
  });

  test('S14: a working day holds 8 working hours; a week 40', () => {
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-27T00:00'), sh('2026-11-28T00:00'))).toBe(8 * H);
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-23T00:00'), sh('2026-11-30T00:00'))).toBe(40 * H);
  });

  test('S14: the lunch break is not working time', () => {
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-23T11:00'), sh('2026-11-23T14:00'))).toBe(2 * H);
  });

  test('S14: holidays are not working time and make-up days are', () => {
    // 27 Sep – 12 Oct 2025: working days 29, 30 Sep, 9, 10 Oct plus make-up 28 Sep, 11 Oct.
    expect(workingTimeBetween(CN_2025, sh('2025-09-27T00:00'), sh('2025-10-12T00:00'))).toBe(6 * 8 * H);
    expect(workingTimeBetween(CN_2025, sh('2025-10-01T00:00'), sh('2025-10-09T00:00'))).toBe(0);
  });

  test('S14: an empty or reversed span holds no working time', () => {
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-23T10:00'), sh('2026-11-23T10:00'))).toBe(0);
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-11-23T11:00'), sh('2026-11-23T10:00'))).toBe(0);
  });

  test('S14: a calendar without working days holds none, without failing', () => {
    const closed: BusinessCalendar = { ...DEFAULT_CALENDAR, workingDays: [] };
    expect(workingTimeBetween(closed, sh('2026-01-01T00:00'), sh('2026-12-31T00:00'))).toBe(0);
  });

  test('S14: a long span is counted day by day (a year of the default calendar)', () => {
    // 2026 has 261 weekdays.
    expect(workingTimeBetween(DEFAULT_CALENDAR, sh('2026-01-01T00:00'), sh('2027-01-01T00:00'))).toBe(261 * 8 * H);
  });

  test('S14: round trip: workingTimeBetween(a, addWorkingTime(a, x)) === x (Asia/Shanghai, holidays, make-up days)', () => {
    const start = sh('2025-09-20T00:00').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 * D }), fc.integer({ min: 0, max: 80 * H }), (offset, x) => {
        const a = new Date(start + offset);
        const due = addWorkingTime(CN_2025, a, x);
        return workingTimeBetween(CN_2025, a, due) === x && due.getTime() >= a.getTime();
      }),
      { seed: 1414, numRuns: 300 },
    );
  });

  test('S14: round trip holds across daylight-saving changes (Europe/Berlin)', () => {
    const start = new Date('2026-03-20T00:00:00Z').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 230 * D }), fc.integer({ min: 0, max: 60 * H }), (offset, x) => {
        const a = new Date(start + offset);
        return (
          workingTimeBetween(BERLIN_OFFICE, a, addWorkingTime(BERLIN_OFFICE, a, x)) === x &&
          workingTimeBetween(BERLIN_ROUND_THE_CLOCK, a, addWorkingTime(BERLIN_ROUND_THE_CLOCK, a, x)) === x
        );
      }),
      { seed: 329, numRuns: 200 },
    );
  });

  test('S14: the due time is the earliest instant with that much working time', () => {
    const start = sh('2026-11-20T00:00').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 * D }), fc.integer({ min: 1, max: 30 * H }), (offset, x) => {
        const a = new Date(start + offset);
        const due = addWorkingTime(DEFAULT_CALENDAR, a, x);
        return workingTimeBetween(DEFAULT_CALENDAR, a, new Date(due.getTime() - 1)) === x - 1;
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('S14: isWorkingTime and nextWorkingStart', () => {
  test.each([
    ['2026-11-23T08:29:59.999', false],
    ['2026-11-23T08:30', true],
    ['2026-11-23T11:59:59.999', true],
    ['2026-11-23T12:00', false],
    ['2026-11-23T12:59', false],
    ['2026-11-23T13:00', true],
    ['2026-11-23T17:29', true],
    ['2026-11-23T17:30', false],
    ['2026-11-24T03:00', false],
    ['2026-11-28T10:00', false],
    ['2026-11-29T10:00', false],
  ])('S14: Shanghai %s is working time: %p', (local, expected) => {
    expect(isWorkingTime(DEFAULT_CALENDAR, sh(local))).toBe(expected);
  });

  test('S14: a holiday is closed and a make-up Sunday is open', () => {
    expect(isWorkingTime(CN_2025, sh('2025-10-02T10:00'))).toBe(false);
    expect(isWorkingTime(CN_2025, sh('2025-09-28T10:00'))).toBe(true);
    expect(isWorkingTime(DEFAULT_CALENDAR, sh('2025-09-28T10:00'))).toBe(false);
  });

  test('S14: nextWorkingStart is the instant itself during hours', () => {
    expect(iso(nextWorkingStart(DEFAULT_CALENDAR, sh('2026-11-23T10:17')))).toBe(iso(sh('2026-11-23T10:17')));
  });

  test('S14: nextWorkingStart after lunch, overnight, over a weekend and over holidays', () => {
    expect(iso(nextWorkingStart(DEFAULT_CALENDAR, sh('2026-11-23T12:00')))).toBe(iso(sh('2026-11-23T13:00')));
    expect(iso(nextWorkingStart(DEFAULT_CALENDAR, sh('2026-11-23T17:30')))).toBe(iso(sh('2026-11-24T08:30')));
    expect(iso(nextWorkingStart(DEFAULT_CALENDAR, sh('2026-11-27T18:00')))).toBe(iso(sh('2026-11-30T08:30')));
    expect(iso(nextWorkingStart(CN_2025, sh('2025-09-30T17:30')))).toBe(iso(sh('2025-10-09T08:30')));
  });
});

describe('S14: always-open calendar (demonstrations)', () => {
  test('S14: every instant is working time and working time is elapsed time', () => {
    const a = sh('2026-11-28T03:00');
    expect(isWorkingTime(ALWAYS_OPEN, a)).toBe(true);
    expect(iso(nextWorkingStart(ALWAYS_OPEN, a))).toBe(iso(a));
    expect(addWorkingTime(ALWAYS_OPEN, a, 6 * H).getTime() - a.getTime()).toBe(6 * H);
    expect(workingTimeBetween(ALWAYS_OPEN, a, new Date(a.getTime() + 90 * 1000))).toBe(90 * 1000);
    expect(iso(arrivalDueAt(ALWAYS_OPEN, a, 'suburban'))).toBe(iso(sh('2026-11-28T10:00')));
  });
});

describe('S14: time zones via Intl (Asia/Shanghai, Europe/Berlin with daylight saving)', () => {
  test('S14: localDate is the date in the calendar zone, not in UTC', () => {
    expect(localDate(DEFAULT_CALENDAR, new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(localDate(DEFAULT_CALENDAR, new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(localDate(BERLIN_OFFICE, new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(localDate(BERLIN_OFFICE, new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(localDate(BERLIN_OFFICE, new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  test('S14: zonedParts reads the wall clock, including midnight as hour 0', () => {
    expect(zonedParts(new Date('2026-11-30T16:00:00.250Z'), 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 12,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 250,
    });
  });

  test('S14: Berlin 09:00 is 08:00 UTC in winter time and 07:00 UTC in summer time', () => {
    const at = (day: number) =>
      zonedToInstant({ year: 2026, month: 3, day, hour: 9, minute: 0, second: 0, millisecond: 0 }, 'Europe/Berlin');
    expect(iso(at(27))).toBe('2026-03-27T08:00:00.000Z');
    expect(iso(at(30))).toBe('2026-03-30T07:00:00.000Z');
  });

  test('S14: a wall time skipped by the spring change reads as summer time; a repeated one as its first occurrence', () => {
    const skipped = zonedToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, millisecond: 0 }, 'Europe/Berlin');
    expect(iso(skipped)).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    const repeated = zonedToInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, millisecond: 0 }, 'Europe/Berlin');
    expect(iso(repeated)).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, before the clocks go back
  });

  test('S14: Friday 16:00 plus 2 working hours over the spring change is Monday 10:00 summer time', () => {
    const friday = new Date('2026-03-27T15:00:00Z'); // 16:00 CET
    const due = addWorkingTime(BERLIN_OFFICE, friday, 2 * H);
    expect(iso(due)).toBe('2026-03-30T08:00:00.000Z'); // 10:00 CEST
    expect(workingTimeBetween(BERLIN_OFFICE, friday, due)).toBe(2 * H);
  });

  test('S14: Friday 16:00 plus 2 working hours over the autumn change is Monday 10:00 winter time', () => {
    const friday = new Date('2026-10-23T14:00:00Z'); // 16:00 CEST
    expect(iso(addWorkingTime(BERLIN_OFFICE, friday, 2 * H))).toBe('2026-10-26T09:00:00.000Z'); // 10:00 CET
  });

  test('S14: a round-the-clock day has 23 working hours on the spring change and 25 on the autumn change', () => {
    const cal = BERLIN_ROUND_THE_CLOCK;
    expect(workingTimeBetween(cal, new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(23 * H);
    expect(workingTimeBetween(cal, new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T23:00:00Z'))).toBe(25 * H);
    expect(isWorkingTime(cal, new Date('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isWorkingTime(cal, new Date('2026-10-25T01:30:00Z'))).toBe(true);
  });

  test('S14: hours that fall in the skipped hour start when the clocks resume', () => {
    const cal: BusinessCalendar = { ...BERLIN_ROUND_THE_CLOCK, hours: [{ start: '02:30', end: '04:00' }] };
    expect(workingTimeBetween(cal, new Date('2026-03-28T22:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(30 * M);
    expect(iso(nextWorkingStart(cal, new Date('2026-03-28T22:00:00Z')))).toBe('2026-03-29T01:30:00.000Z');
  });

  test('S14: an unknown time zone fails', () => {
    expect(() => isWorkingTime({ ...DEFAULT_CALENDAR, timeZone: 'Mars/Olympus_Mons' }, new Date())).toThrow(RangeError);
  });
});

describe('S14: zBusinessCalendar', () => {
  const paths = (input: unknown) => {
    const r = zBusinessCalendar().safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  const base = {
    timeZone: 'Asia/Shanghai',
    workingDays: [1, 2, 3, 4, 5],
    hours: [
      { start: '08:30', end: '12:00' },
      { start: '13:00', end: '17:30' },
    ],
  };

  test('S14: the default calendar is valid and omitted lists default to empty', () => {
    expect(zBusinessCalendar().parse(DEFAULT_CALENDAR)).toEqual(DEFAULT_CALENDAR);
    const parsed: BusinessCalendar = zBusinessCalendar().parse(base);
    expect(parsed).toEqual(DEFAULT_CALENDAR);
  });

  test('S14: a calendar with holidays, make-up days and a 24:00 closing is valid', () => {
    expect(paths({ ...CN_2025, timeZone: 'Europe/Berlin' })).toEqual([]);
    expect(paths({ ...base, hours: [{ start: '00:00', end: '24:00' }] })).toEqual([]);
  });

  test.each(['8:30', '08:60', '25:00', '24:30', '0830', '08:30:00', ''])('S14: bad HH:MM "%s" names the field', (bad) => {
    expect(paths({ ...base, hours: [{ start: bad, end: '12:00' }] })).toEqual(['hours.0.start']);
    expect(paths({ ...base, hours: [{ start: '08:00', end: bad }] })).toEqual(['hours.0.end']);
  });

  test('S14: an end before or at the start names the end field', () => {
    expect(paths({ ...base, hours: [{ start: '08:30', end: '12:00' }, { start: '17:30', end: '13:00' }] })).toEqual(['hours.1.end']);
    expect(paths({ ...base, hours: [{ start: '08:30', end: '08:30' }] })).toEqual(['hours.0.end']);
    expect(paths({ ...base, hours: [{ start: '24:00', end: '24:00' }] })).toEqual(['hours.0.start']);
  });

  test('S14: overlapping or unordered hours name the later period', () => {
    expect(paths({ ...base, hours: [{ start: '08:30', end: '12:00' }, { start: '11:00', end: '17:30' }] })).toEqual(['hours.1.start']);
    expect(paths({ ...base, hours: [{ start: '13:00', end: '17:30' }, { start: '08:30', end: '12:00' }] })).toEqual(['hours.1.start']);
  });

  test('S14: an unknown time zone names timeZone', () => {
    const r = zBusinessCalendar().safeParse({ ...base, timeZone: 'Asia/Beijing' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['timeZone']);
    expect(r.error?.issues[0]?.message).toMatch(/time zone/);
  });

  test('S14: bad weekdays and dates name the field', () => {
    expect(paths({ ...base, workingDays: [0, 1] })).toEqual(['workingDays.0']);
    expect(paths({ ...base, workingDays: [1, 8] })).toEqual(['workingDays.1']);
    expect(paths({ ...base, workingDays: [1, 1] })).toEqual(['workingDays']);
    expect(paths({ ...base, holidays: ['2026-02-30'] })).toEqual(['holidays.0']);
    expect(paths({ ...base, extraWorkingDays: ['2026-1-3'] })).toEqual(['extraWorkingDays.0']);
  });

  test('S14: a date that is both a holiday and a make-up day is refused', () => {
    expect(paths({ ...base, holidays: ['2025-10-01'], extraWorkingDays: ['2025-10-01'] })).toEqual(['extraWorkingDays.0']);
  });

  test('S14: a calendar with no hours or no working days must be always open', () => {
    expect(paths({ ...base, hours: [] })).toEqual(['hours']);
    expect(paths({ ...base, workingDays: [] })).toEqual(['workingDays']);
    expect(paths({ ...base, hours: [], workingDays: [], alwaysOpen: true })).toEqual([]);
  });

  test('S14: missing fields are named', () => {
    expect(paths({})).toEqual(['timeZone', 'workingDays', 'hours']);
    expect(paths({ ...base, alwaysOpen: 'yes' })).toEqual(['alwaysOpen']);
  });

  test('S14: the parsed type is a BusinessCalendar', () => {
    const parsed: z.infer<ReturnType<typeof zBusinessCalendar>> = zBusinessCalendar().parse(base);
    const cal: BusinessCalendar = parsed;
    expect(cal.alwaysOpen).toBe(false);
  });
});
