// Activities of the accountability and monthly report workflows: thin, idempotent adapters over
// services/accountability.ts and services/monthlyReport.ts. Times come from the workflow (`at`),
// never from this process's clock, so a replayed or time-skipped run books the same months.
import type { AccountingConfig } from '../config';
import { accountingRulesFrom } from '../config/caseRules';
import type { Database } from '../db/client';
import type { ReviewNotice } from '../domain/accountability/review';
import { monthOf, previousMonth } from '../domain/accountability/ledger';
import type { AccountabilityState, Settlement } from '../domain/accountability/machine';
import { projectAccountability, settleAccountability, settleLedgerThrough } from '../services/accountability';
import { compileMonthlyReport, storeMonthlyReport } from '../services/monthlyReport';
import { recordNotices } from '../services/notices';

export interface AccountabilityDeps {
  db: Database;
  timeZone: string;
  /** The accounting configuration, parsed once at start-up. */
  accounting: AccountingConfig;
}

export function createAccountabilityActivities(deps: AccountabilityDeps) {
  const { db, timeZone } = deps;
  return {
    async projectAccountability(input: { workflowId: string; state: AccountabilityState }): Promise<void> {
      await projectAccountability(db, input.workflowId, input.state, timeZone);
    },
    /** P1, G3: reminders and the escalation of an overdue proposal or approval, each written once. */
    async recordAccountabilityNotices(input: { caseId: string; notices: ReviewNotice[] }): Promise<void> {
      await recordNotices(db, input.notices.map((n) => ({ ...n, caseType: 'accountability' as const, caseId: input.caseId })));
    },
    async settleAccountability(input: { state: AccountabilityState }): Promise<Settlement> {
      return settleAccountability(db, input.state, timeZone);
    },
    /** The month before the one `at` falls in (the schedule's run compiles last month). */
    async accountingMonthBefore(input: { at: string }): Promise<string> {
      return previousMonth(monthOf(new Date(input.at), timeZone));
    },
    /** P14: settles the ledger through `month` if it is over at `at`; otherwise leaves it provisional. */
    async settleLedgerMonth(input: { month: string; at: string }): Promise<{ settled: boolean; entries: number }> {
      const at = new Date(input.at);
      if (input.month >= monthOf(at, timeZone)) return { settled: false, entries: 0 };
      const capBp = accountingRulesFrom(deps.accounting).monthlyCapBp;
      const { entries } = await settleLedgerThrough(db, input.month, capBp, at, timeZone);
      return { settled: true, entries };
    },
    /** C12: compiles and stores the month's statistics. */
    async compileMonthlyStatistics(input: { month: string; at: string }): Promise<{ closedCases: number }> {
      const report = await compileMonthlyReport(db, input.month, timeZone, new Date(input.at));
      await storeMonthlyReport(db, report);
      return { closedCases: report.totals.closed };
    },
  };
}

export type AccountabilityActivities = ReturnType<typeof createAccountabilityActivities>;
