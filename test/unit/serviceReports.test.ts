// S10, S11: time per category; CSV; local dates in the company's time zone; the service configuration.
import { loadConfig } from '../../config';
import { addDays, endOfLocalDay, localDateIn, localMonthRange, startOfLocalDate } from '../../domain/localTime';
import { categoryTotals } from '../../domain/serviceReports';
import { DEFAULT_CALENDAR } from '../../domain/businessCalendar';

test('S10: minutes add up per category A–D and in total', () => {
  expect(
    categoryTotals([
      { category: 'A', minutes: 30 },
      { category: 'B', minutes: 45 },
      { category: 'A', minutes: 15 },
      { category: 'D', minutes: 60 },
    ]),
  ).toEqual({ A: 45, B: 45, C: 0, D: 60, total: 150 });
});

test('local dates, days and months in the company time zone', () => {
  const at = new Date('2026-11-30T17:30:00Z'); // 01:30 on 1 December in Shanghai
  expect(localDateIn('Asia/Shanghai', at)).toBe('2026-12-01');
  expect(localDateIn('UTC', at)).toBe('2026-11-30');
  expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  expect(startOfLocalDate('2026-12-01', 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z');
  expect(endOfLocalDay(at, 'Asia/Shanghai').toISOString()).toBe('2026-12-01T16:00:00.000Z');
  expect(localMonthRange('2026-12', 'Asia/Shanghai')).toEqual({ start: new Date('2026-11-30T16:00:00Z'), end: new Date('2026-12-31T16:00:00Z') });
});

describe('service configuration', () => {
  test('S14, S15, S16: defaults', () => {
    const c = loadConfig({});
    expect(c.service).toMatchObject({
      arrivalSla: { urbanMs: 6 * 3_600_000, suburbanMs: 7 * 3_600_000 },
      surveyDelayMs: 86_400_000,
      contractNoticeLeadMs: 30 * 86_400_000,
      defaultCentre: 'main',
      dailyJob: { enabled: true, hour: 18, minute: 0 },
    });
    expect(c.service.calendar).toEqual({ ...DEFAULT_CALENDAR, timeZone: 'Asia/Shanghai' });
  });

  test('S14: the calendar from SERVICE_CALENDAR (partial JSON over the defaults), always open on demand, durations with units', () => {
    const c = loadConfig({
      SERVICE_CALENDAR: '{"workingDays":[1,2,3,4,5,6],"holidays":["2027-01-01"]}',
      SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
      ARRIVAL_SLA_URBAN: '2s',
      SURVEY_DELAY: '1s',
      DAILY_JOB_TIME: '07:45',
      TIME_ZONE: 'Europe/Berlin',
    });
    expect(c.service.calendar).toMatchObject({ workingDays: [1, 2, 3, 4, 5, 6], holidays: ['2027-01-01'], alwaysOpen: true, timeZone: 'Europe/Berlin' });
    expect(c.service.arrivalSla.urbanMs).toBe(2000);
    expect(c.service.surveyDelayMs).toBe(1000);
    expect(c.service.dailyJob).toMatchObject({ hour: 7, minute: 45 });
    expect(c.service.dailyJob.everyMs).toBeUndefined();
    expect(loadConfig({ DAILY_JOB_EVERY: '2m' }).service.dailyJob.everyMs).toBe(120_000);
    expect(() => loadConfig({ DAILY_JOB_EVERY: 'often' })).toThrow(/^configuration: DAILY_JOB_EVERY is invalid/);
    expect(() => loadConfig({ DAILY_JOB_EVERY: '10ms' })).toThrow(/DAILY_JOB_EVERY is invalid: must be at least 1s/);
  });

  test('a bad value names the variable', () => {
    expect(() => loadConfig({ SERVICE_CALENDAR: '{nope' })).toThrow(/SERVICE_CALENDAR is invalid/);
    expect(() => loadConfig({ SERVICE_CALENDAR: '{"hours":[{"start":"09:00","end":"08:00"}]}' })).toThrow(/SERVICE_CALENDAR is invalid: hours.0.end/);
    expect(() => loadConfig({ ARRIVAL_SLA_URBAN: '6' })).toThrow(/ARRIVAL_SLA_URBAN is invalid/);
    expect(() => loadConfig({ CONTRACT_NOTICE_LEAD: 'a month' })).toThrow(/CONTRACT_NOTICE_LEAD is invalid/);
    expect(() => loadConfig({ DAILY_JOB_TIME: '25:00' })).toThrow(/DAILY_JOB_TIME is invalid/);
  });
});
