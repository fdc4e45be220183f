// monthlyReportWorkflow: C12, P1, P14. Started by the monthly Temporal Schedule (services/
// monthlyReport.ts, MONTHLY_REPORT_DAY, before the 10th) for last month, or by the GM office for a
// given month. Settles every person's deduction ledger through that month once it is over (P14),
// then compiles and stores the month's statistics of closed cases (C12, C19, P1).
import type { AccountabilityActivities } from '../activities/accountability';
import { ApplicationFailure } from '@temporalio/workflow';
import { isMonth } from '../domain/fields';
import { patientActivities } from './kernel';

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

const activities = patientActivities<AccountabilityActivities>({ startToCloseTimeout: '5 minutes' });

export async function monthlyReportWorkflow(input: MonthlyReportInput = {}): Promise<MonthlyReportResult> {
  if (input.month !== undefined && !isMonth(input.month)) {
    // G5: a month the books cannot hold ends the run at once, instead of failing in every activity.
    throw ApplicationFailure.create({ type: 'invalid_input', message: `"${input.month}" is not a month YYYY-MM from 2000 to 2100.`, nonRetryable: true });
  }
  const at = new Date(Date.now()).toISOString();
  const month = input.month ?? (await activities.accountingMonthBefore({ at }));
  const ledger = await activities.settleLedgerMonth({ month, at });
  const report = await activities.compileMonthlyStatistics({ month, at });
  return { month, ledgerSettled: ledger.settled, ledgerEntries: ledger.entries, closedCases: report.closedCases };
}
