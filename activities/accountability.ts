// Activities of the accountability and monthly report workflows: thin, idempotent adapters over
// services/accountability.ts and services/monthlyReport.ts. Times come from the workflow (`at`),
// never from this process's clock, so a replayed or time-skipped run books the same months.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AccountingConfig } from '../config';
import type { Database } from '../db/client';
import type { AccountingRules } from '../domain/accountability/allocation';
import { type ReviewDeadline, type ReviewNotice, reviewDeadlineFor } from '../domain/accountability/review';
import { monthOf, previousMonth } from '../domain/accountability/ledger';
import type { AccountabilityInput, AccountabilityState, Settlement } from '../domain/accountability/machine';
import type { ComplaintState } from '../domain/complaint/machine';
import { projectAccountability, settleAccountability, settleLedgerThrough } from '../services/accountability';
import { compileMonthlyReport, storeMonthlyReport } from '../services/monthlyReport';
import { recordNotices } from '../services/notices';
import { accountabilityWorkflow, accountabilityWorkflowId } from '../workflows/accountability';

export interface AccountabilityDeps {
  db: Database;
  timeZone: string;
  /** The accounting configuration, parsed once at start-up. */
  accounting: AccountingConfig;
}


/** The rules a case's accounting runs under, fixed when its workflow starts. */
export function accountingRulesOf(deps: { accounting: AccountingConfig }): AccountingRules {
  const a = deps.accounting;
  return {
    resaleWindowMs: a.resaleWindowMs,
    monthlyCapBp: a.monthlyCapBp,
    warningMinFen: a.warningMinFen,
    minorDemeritMinFenPerBasePoint: a.minorDemeritMinFenPerBasePoint,
  };
}

/** What the closed complaint hands to its accountability workflow. */
export function accountabilityInputOf(state: ComplaintState, rules: AccountingRules, review?: ReviewDeadline): AccountabilityInput {
  const closing = state.closing!;
  return {
    caseId: state.id,
    caseNumber: state.number,
    closedAt: state.closedAt ?? state.createdAt,
    customer: state.filing.customer.name,
    market: state.market,
    responsibility: closing.responsibility,
    lossFen: closing.lossAmountFen,
    ourFault: state.analysis?.ourFault ?? true,
    humanNegligence: state.analysis?.humanNegligence ?? false,
    cause: state.analysis?.cause ?? null,
    countermeasure: state.countermeasure?.countermeasure ?? null,
    trackImprovement: closing.trackImprovement,
    handlingKind: state.proposal?.kind ?? state.filing.request.kind,
    rules,
    ...(review ? { review } : {}),
  };
}

/**
 * Starts the closed case's accountability workflow, once: the workflow id is the case's, a running
 * one is reused and a finished one is never started again. Runs inside an activity (it uses the
 * worker's client and task queue), so a failure is retried with the activity.
 */
export async function startAccountability(state: ComplaintState, deps: Omit<AccountabilityDeps, 'db'>): Promise<void> {
  if (state.status !== 'closed' || !state.closing) return;
  const review = reviewDeadlineFor(new Date(state.closedAt ?? state.createdAt), deps.timeZone, deps.accounting.reviewReminderIntervalMs);
  const ctx = Context.current();
  try {
    await ctx.client.workflow.start(accountabilityWorkflow, {
      workflowId: accountabilityWorkflowId(state.id),
      taskQueue: ctx.info.taskQueue,
      args: [accountabilityInputOf(state, accountingRulesOf(deps), review)],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
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
      const capBp = accountingRulesOf(deps).monthlyCapBp;
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
