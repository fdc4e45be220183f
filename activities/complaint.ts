// Activities of the complaint workflow: thin, idempotent adapters over the services.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AccountingConfig } from '../config';
import { accountingRulesFrom } from '../config/caseRules';
import type { Database } from '../db/client';
import { type AccountabilityInput, accountabilityInputOf } from '../domain/accountability/machine';
import { reviewDeadlineFor } from '../domain/accountability/review';
import type { ComplaintState, NoticeDraft } from '../domain/complaint/machine';
import { followUpNotices } from '../domain/complaint/machine';
import type { StateDelta } from '../domain/stateDelta';
import { complaintStateFromProjection, projectComplaint, recordTimeliness } from '../services/complaints';
import { projectDelta } from '../services/projectionDeltas';
import { projectionGap } from './failures';
import { recordNotices } from '../services/notices';
import { assignCaseNumber } from '../services/numbering';

export function createComplaintActivities(deps: { db: Database; timeZone: string; accounting: AccountingConfig }) {
  const { db } = deps;
  const toNotices = (caseId: string, drafts: NoticeDraft[]) =>
    drafts.map((d) => ({ ...d, caseType: 'complaint' as const, caseId }));

  /** What the closed case's accountability workflow starts with: the case, today's accounting rules, the P1 review deadline. */
  const accountabilityHandOff = (state: ComplaintState): AccountabilityInput | null => {
    if (state.status !== 'closed' || !state.closing) return null;
    const review = reviewDeadlineFor(new Date(state.closedAt ?? state.createdAt), deps.timeZone, deps.accounting.reviewReminderIntervalMs);
    return accountabilityInputOf(state, accountingRulesFrom(deps.accounting), review);
  };

  return {
    /** C2: the case's number, the same on every retry. */
    async assignComplaintNumber(input: { caseId: string; at: string }): Promise<string> {
      return assignCaseNumber(db, input.caseId, new Date(input.at), deps.timeZone);
    },
    /** Projects the case (and the notices its last action produced) into the read model. */
    async projectComplaint(input: { workflowId: string; state: ComplaintState; notices: NoticeDraft[] }): Promise<void> {
      await projectComplaint(db, input.workflowId, input.state);
      await recordNotices(db, toNotices(input.state.id, input.notices));
    },
    /**
     * Projects what changed since the projection last wrote (and the notices of the last action);
     * when the projection holds no copy the change applies to, it fails with ProjectionGap and the workflow sends it all.
     */
    async projectComplaintChanges(input: {
      workflowId: string;
      caseId: string;
      delta: StateDelta;
      notices: NoticeDraft[];
      /** The delta closes the case: record its closing too (as recordClosedComplaint) and answer the hand-off. */
      closing?: true;
    }): Promise<AccountabilityInput | null | undefined> {
      const outcome = await projectDelta<ComplaintState>(
        input.delta,
        () => db.complaintCase.findUnique({ where: { id: input.caseId }, select: { state: true, version: true } }),
        (state) => projectComplaint(db, input.workflowId, state),
      );
      if (outcome === 'gap') throw projectionGap(input.caseId);
      await recordNotices(db, toNotices(input.caseId, input.notices));
      if (!input.closing) return undefined;
      const state = await complaintStateFromProjection(db, input.caseId);
      if (!state || state.history.length < input.delta.version) throw new Error(`the projection of case ${input.caseId} does not hold version ${input.delta.version} yet`);
      return closing(state, 'workflow');
    },
    async recordComplaintNotices(input: { caseId: string; notices: NoticeDraft[] }): Promise<void> {
      await recordNotices(db, toNotices(input.caseId, input.notices));
    },
    /**
     * C19: timeliness per department and follow-up notices for the late ones, after closing; returns
     * what the accountability workflow starts with (C9, P), which the complaint workflow starts as
     * its child (`handOff: 'workflow'`). A closing recorded before that (no `handOff`) has this
     * activity start the accountability workflow itself, once.
     */
    async recordComplaintClosing(input: { state: ComplaintState; handOff?: 'workflow' }): Promise<AccountabilityInput | null> {
      return closing(input.state, input.handOff);
    },
    /**
     * The same, for a case whose projection holds its closed state (version `version` or later):
     * the workflow names the case instead of sending its whole state.
     */
    async recordClosedComplaint(input: { caseId: string; version: number }): Promise<AccountabilityInput | null> {
      const state = await complaintStateFromProjection(db, input.caseId);
      if (!state || state.history.length < input.version) throw new Error(`the projection of case ${input.caseId} does not hold version ${input.version} yet`);
      return closing(state, 'workflow');
    },
  };

  async function closing(state: ComplaintState, handOffTo?: 'workflow'): Promise<AccountabilityInput | null> {
    await recordTimeliness(db, state);
    const closedAt = Date.parse(state.closedAt ?? state.createdAt);
    await recordNotices(db, toNotices(state.id, followUpNotices(state, closedAt)));
    const handOff = accountabilityHandOff(state);
    if (handOffTo === 'workflow' || !handOff) return handOff;
    const ctx = Context.current();
    try {
      // The workflow type and id that workflows/accountability.ts defines.
      await ctx.client.workflow.start('accountabilityWorkflow', {
        workflowId: `accountability-${state.id}`,
        taskQueue: ctx.info.taskQueue,
        args: [handOff],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return null;
  }
}

export type ComplaintActivities = ReturnType<typeof createComplaintActivities>;
