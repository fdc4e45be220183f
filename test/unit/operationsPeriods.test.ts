// Periods and regions of the operations reports (O1–O5), with expectations worked out by hand from
// the calendar.
import { loadConfig } from '../../config';
import { isoWeekOf, parsePeriod, periodContaining, periodInstants, previousPeriods, zPeriod } from '../../domain/operations/period';
import { centresOf, inRegion, parseRegions, regionOf } from '../../domain/operations/regions';

test('O1: a month period runs from its first day to the first day of the next, and knows its days', () => {
  expect(parsePeriod('2026-11')).toEqual({ kind: 'month', text: '2026-11', start: '2026-11-01', end: '2026-12-01', days: 30 });
  expect(parsePeriod('2026-12')).toMatchObject({ start: '2026-12-01', end: '2027-01-01', days: 31 });
  expect(parsePeriod('2028-02')).toMatchObject({ days: 29 }); // leap year
  expect(parsePeriod('2027-02')).toMatchObject({ days: 28 });
});

test('O1: an ISO week runs Monday to Sunday; week 1 holds the first Thursday of the year', () => {
  // 2026-11-30 is a Monday: week 49 of 2026 (1 Jan 2026 is a Thursday, so week 1 starts Mon 29 Dec 2025).
  expect(parsePeriod('2026-W01')).toMatchObject({ kind: 'week', start: '2025-12-29', end: '2026-01-05', days: 7 });
  expect(parsePeriod('2026-W49')).toMatchObject({ start: '2026-11-30', end: '2026-12-07' });
  expect(isoWeekOf('2026-11-30')).toEqual({ year: 2026, week: 49 });
  expect(isoWeekOf('2026-12-06')).toEqual({ year: 2026, week: 49 }); // the Sunday
  // 2026 has 53 weeks (it starts on a Thursday); 31 Dec 2026 (Thursday) is in week 53; 1 Jan 2027 (Friday) too.
  expect(parsePeriod('2026-W53')).toMatchObject({ start: '2026-12-28', end: '2027-01-04' });
  expect(isoWeekOf('2027-01-01')).toEqual({ year: 2026, week: 53 });
  expect(isoWeekOf('2027-01-04')).toEqual({ year: 2027, week: 1 });
  // 2027 has 52: there is no week 53.
  expect(parsePeriod('2027-W53')).toBeNull();
  expect(parsePeriod('2027-W00')).toBeNull();
});

test('O1: a day period is one day; bad periods are refused with the forms named', () => {
  expect(parsePeriod('2028-02-29')).toEqual({ kind: 'day', text: '2028-02-29', start: '2028-02-29', end: '2028-03-01', days: 1 });
  for (const bad of ['2027-02-29', '2026-13', '2026-W5', '26-11', '1999-12', '2101-01', '2026-11-31', '', 'November']) expect(parsePeriod(bad)).toBeNull();
  const refused = zPeriod.safeParse('2026-13');
  expect(refused.success).toBe(false);
  expect(refused.error?.issues[0]?.message).toMatch(/YYYY-MM, an ISO week YYYY-Www or a day YYYY-MM-DD/);
});

test('O1: the previous periods of a trend are of the same kind, oldest first, across year ends', () => {
  expect(previousPeriods(parsePeriod('2026-02')!, 3).map((p) => p.text)).toEqual(['2025-11', '2025-12', '2026-01']);
  expect(previousPeriods(parsePeriod('2026-W02')!, 3).map((p) => p.text)).toEqual(['2025-W51', '2025-W52', '2026-W01']);
  expect(previousPeriods(parsePeriod('2026-03-01')!, 2).map((p) => p.text)).toEqual(['2026-02-27', '2026-02-28']);
  expect(previousPeriods(parsePeriod('2000-02')!, 3).map((p) => p.text)).toEqual(['2000-01']); // nothing before 2000
  expect(periodContaining('week', '2027-01-02').text).toBe('2026-W53');
});

test('O1: a period is counted in the company time zone', () => {
  // Shanghai is UTC+8 without daylight saving: November 2026 begins at 2026-10-31T16:00Z.
  const { start, end } = periodInstants(parsePeriod('2026-11')!, 'Asia/Shanghai');
  expect(start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  expect(end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  const day = periodInstants(parsePeriod('2026-11-30')!, 'UTC');
  expect([day.start.toISOString(), day.end.toISOString()]).toEqual(['2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
});

test('O2–O5: regions group service centres; a centre in no region is its own region', () => {
  const regions = parseRegions('east=shanghai+hangzhou, north=beijing');
  expect(regions).toEqual({ shanghai: 'east', hangzhou: 'east', beijing: 'north' });
  expect(regionOf(regions, 'hangzhou')).toBe('east');
  expect(regionOf(regions, 'urumqi')).toBe('urumqi');
  expect(centresOf(regions, 'east')).toEqual(['hangzhou', 'shanghai']);
  expect(centresOf(regions, 'urumqi')).toEqual(['urumqi']);
  expect(centresOf(regions, 'shanghai')).toEqual([]); // a centre inside a region is not a region itself
  expect(inRegion(regions, 'beijing', 'north')).toBe(true);
  expect(inRegion(regions, 'beijing', undefined)).toBe(true);
  expect(parseRegions('')).toEqual({});
  expect(() => parseRegions('east=shanghai,west=shanghai')).toThrow(/two regions/);
  expect(() => parseRegions('east')).toThrow(/region=centre\+centre/);
  expect(() => parseRegions('east=a,east=b')).toThrow(/named twice/);
});

test('O1–O3: the configuration names a bad region list, goal target or warning share', () => {
  expect(loadConfig({ SERVICE_REGIONS: 'east=shanghai+hangzhou' }).operations.regions).toEqual({ shanghai: 'east', hangzhou: 'east' });
  expect(() => loadConfig({ SERVICE_REGIONS: 'east=a,west=a' })).toThrow(/^configuration: SERVICE_REGIONS is invalid/);
  expect(() => loadConfig({ KPI_TARGETS: 'happiness=3' })).toThrow(/^configuration: KPI_TARGETS is invalid: "happiness" is not a goal/);
  expect(() => loadConfig({ BUDGET_WARNING_SHARE: '180%' })).toThrow(/^configuration: BUDGET_WARNING_SHARE is invalid/);
  expect(() => loadConfig({ REPEAT_REPAIR_WINDOW: 'soon' })).toThrow(/^configuration: REPEAT_REPAIR_WINDOW is invalid/);
  const c = loadConfig({});
  expect(c.operations.budgetWarningShareBp).toBe(8000);
  expect(c.operations.repeatRepairWindowMs).toBe(30 * 86_400_000);
  expect(loadConfig({ KPI_TARGETS: 'satisfaction_index=95,repeat_repair_rate=1.5%' }).operations.kpiTargets).toMatchObject({
    satisfaction_index: { comparison: 'at_least', value: 95 },
    repeat_repair_rate: { comparison: 'below', value: 1.5 },
    calls_per_day: { comparison: 'at_least', value: 20 },
  });
});
