// The accounting configuration (P4, P8, P10, P14, C12): defaults and refusals naming the variable.
import { loadConfig } from '../../config';

describe('accounting configuration', () => {
  test('P1, P4, P8, P10, P14, C12: defaults: 30-day resale window, daily review reminders, 2% return tolerance, 50% cap, 400 / 800 minimums, report on the 5th', () => {
    expect(loadConfig({}).accounting).toEqual({
      resaleWindowMs: 30 * 86_400_000,
      reviewReminderIntervalMs: 86_400_000,
      returnToleranceBp: 200,
      monthlyCapBp: 5000,
      warningMinFen: 40_000,
      minorDemeritMinFenPerBasePoint: 80_000,
      monthlyReport: { enabled: true, day: 5, hour: 8, minute: 0 },
    });
  });

  test('shares are read as percentages or ratios; durations take a unit', () => {
    const c = loadConfig({ RETURN_TOLERANCE: '0.05', PENALTY_MONTHLY_CAP: '33.5%', RESALE_WINDOW: '2m', ACCOUNTABILITY_REMINDER_INTERVAL: '4h', MONTHLY_REPORT_DAY: '9', MONTHLY_REPORT_TIME: '06:15' }).accounting;
    expect(c).toMatchObject({ returnToleranceBp: 500, monthlyCapBp: 3350, resaleWindowMs: 120_000, reviewReminderIntervalMs: 4 * 3_600_000, monthlyReport: { day: 9, hour: 6, minute: 15 } });
  });

  test.each([
    ['RETURN_TOLERANCE', 'two percent'],
    ['RETURN_TOLERANCE', '101%'],
    ['PENALTY_MONTHLY_CAP', '1.5'],
    ['RESALE_WINDOW', '30'],
    ['ACCOUNTABILITY_REMINDER_INTERVAL', 'daily'],
    ['MONTHLY_REPORT_DAY', '10'],
    ['MONTHLY_REPORT_DAY', '0'],
    ['MONTHLY_REPORT_TIME', '8am'],
    ['PENALTY_WARNING_MIN_YUAN', '-1'],
  ])('%s=%s is refused naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^configuration: ${variable} is invalid`));
  });
});
