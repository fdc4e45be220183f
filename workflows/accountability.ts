// accountabilityWorkflow: what happens after a complaint closes (C9, P1, P2, P8–P15). One per
// closed case, started once by the complaint's closing activity with id `accountability-<caseId>`.
// The GM office proposes who is charged (P2), the GM approves, HR publishes administrative
// penalties (P1); the resale window (P8) is a durable timer; when the loss is fixed an activity
// computes the allocations and charges (P9, P10, P12, P13, P15) and books them for the ledger (P14).
// The state machine lives in domain/accountability/machine.ts.
import { allHandlersFinished, condition, defineQuery, defineUpdate, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { AccountabilityActivities } from '../activities/accountability';
import {
  type AccountabilityInput,
  type AccountabilityState,
  accountabilityCommandOf,
  type AccountabilityStatus,
  accountabilityFinished,
  applyAccountabilityAction,
  checkAccountabilityAction,
  expireResaleWindow,
  initialAccountabilityState,
  markSettled,
} from '../domain/accountability/machine';
import type { AccountabilityAction } from '../domain/accountability/schemas';
import { overdueReviewNotices, reviewReminderAt } from '../domain/accountability/review';
import type { Actor } from '../domain/roles';
import type { ActionRequest } from '../domain/validation';
import { dueAtPublisher, handleCaseActions, patientActivities } from './kernel';

export type { AccountabilityInput } from '../domain/accountability/machine';

/** An action on the case's accountability: the parsed `command` (histories recorded earlier carry the raw `input`). */
export type AccountabilityActionRequest = { actor: Actor } & ActionRequest<AccountabilityAction>;

export const accountabilityActionUpdate = defineUpdate<AccountabilityState, [AccountabilityActionRequest]>('accountabilityAction');
export const accountabilityStateQuery = defineQuery<AccountabilityState>('accountabilityState');

export { accountabilityWorkflowId } from './accountabilityStart';

/** Patch: accountability cases carry search attributes (type, status, number, next deadline). */
export const ACCOUNTABILITY_SEARCH_ATTRIBUTES = 'accountability-search-attributes';

/** The next deadline: the end of the resale window (P8), or the review's (P1) while a proposal or approval is awaited. */
function accountabilityDueAt(state: AccountabilityState): number | null {
  if (state.status === 'resale_window' && state.resaleDueAt) return Date.parse(state.resaleDueAt);
  if ((state.status === 'awaiting_proposal' || state.status === 'awaiting_approval') && state.case.review) return Date.parse(state.case.review.dueAt);
  return null;
}

const activities = patientActivities<AccountabilityActivities>({ startToCloseTimeout: '1 minute' });


export async function accountabilityWorkflow(input: AccountabilityInput): Promise<{ status: AccountabilityStatus; fixedLossFen: number | null }> {
  const state = initialAccountabilityState(input, Date.now());
  const workflowId = workflowInfo().workflowId;

  // Search attributes and the next deadline (CaseDueAt); executions that began before them keep their commands.
  const searchable = patched(ACCOUNTABILITY_SEARCH_ATTRIBUTES);
  const publishDue = searchable ? dueAtPublisher() : null;
  let publishedStatus = '';
  const publish = () => {
    if (!searchable) return;
    if (state.status !== publishedStatus) {
      publishedStatus = state.status;
      upsertSearchAttributes({ CaseType: ['accountability'], CaseStatus: [state.status], ...(state.case.caseNumber ? { CaseNumber: [state.case.caseNumber] } : {}) });
    }
    publishDue!(accountabilityDueAt(state));
  };
  const project = () => {
    publish();
    return activities.projectAccountability({ workflowId, state });
  };
  /** The loss is fixed: compute and book the charges, then record the settlement. */
  const settle = async () => {
    const settlement = await activities.settleAccountability({ state });
    markSettled(state, settlement, Date.now());
    await project();
  };

  setHandler(accountabilityStateQuery, () => state);

  handleCaseActions(accountabilityActionUpdate, {
    noun: 'case',
    check: (req) => {
      const cmd = accountabilityCommandOf(req);
      checkAccountabilityAction(state, req.actor, cmd);
      return cmd;
    },
    apply: async (req, cmd) => {
      applyAccountabilityAction(state, req.actor, cmd, Date.now());
      await project();
      if (state.status === 'settling') await settle();
      return state;
    },
  });

  await project();

  /** The stage whose review is awaited, since when, and how many overdue notices it has had. */
  let overdue = { stage: '', enteredAt: 0, sent: 0 };
  while (!accountabilityFinished(state)) {
    const version = state.history.length;
    const changed = () => state.history.length !== version;
    if (state.status === 'resale_window' && state.resaleDueAt !== null) {
      // P8: the resale window is a durable timer; an outcome recorded meanwhile ends it early.
      const wait = Date.parse(state.resaleDueAt) - Date.now();
      if (wait > 0) await condition(changed, wait);
      if (state.status === 'resale_window' && Date.now() >= Date.parse(state.resaleDueAt)) {
        expireResaleWindow(state, Date.now());
        await project();
        await settle();
      }
    } else if (state.case.review && (state.status === 'awaiting_proposal' || state.status === 'awaiting_approval')) {
      // P1, G3: the proposal and the approval are due before the 10th of the month after closing;
      // past it the awaited role is reminded every interval (durable timers). Cases opened before
      // reviews had a deadline carry no `review` and take the plain wait below, as they did.
      const stage = state.status;
      const round = state.rejections.length;
      if (overdue.stage !== `${stage}:${round}`) overdue = { stage: `${stage}:${round}`, enteredAt: Date.now(), sent: 0 };
      const wait = reviewReminderAt(state.case.review, overdue.enteredAt, overdue.sent) - Date.now();
      if (wait > 0 && (await condition(changed, wait))) continue;
      if (changed()) continue;
      const notices = overdueReviewNotices(state.case, stage, round, state.case.review, overdue.sent, new Date(Date.now()).toISOString());
      overdue.sent += 1;
      await activities.recordAccountabilityNotices({ caseId: state.case.caseId, notices });
    } else {
      await condition(changed);
    }
  }

  await condition(allHandlersFinished);
  return { status: state.status, fixedLossFen: state.fixedLoss?.amountFen ?? null };
}
