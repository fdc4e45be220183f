// monthlyReportWorkflow: C12, P1, P14. Started by the monthly Temporal Schedule (services/
// monthlyReport.ts, MONTHLY_REPORT_DAY, before the 10th) for last month, or by the GM office for a
// given month. Settles every person's deduction ledger through that month once it is over (P14),
// then compiles and stores the month's statistics of closed cases (C12, C19, P1).
import { proxyActivities } from '@temporalio/workflow';
import type { AccountabilityActivities } from '../activities/accountability';

export interface MonthlyReportInput {
  /** YYYY-MM; default: the month before the one the run starts in (company time zone). */
  month?: string;
}

export interface MonthlyReportResult {
  month: string;
  ledgerSettled: boolean;
  ledgerEntries: number;
  closedCases: number;
}

const activities = proxyActivities<AccountabilityActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function monthlyReportWorkflow(input: MonthlyReportInput = {}): Promise<MonthlyReportResult> {
  const at = new Date(Date.now()).toISOString();
  const month = input.month ?? (await activities.accountingMonthBefore({ at }));
  const ledger = await activities.settleLedgerMonth({ month, at });
  const report = await activities.compileMonthlyStatistics({ month, at });
  return { month, ledgerSettled: ledger.settled, ledgerEntries: ledger.entries, closedCases: report.closedCases };
}
