// complaintWorkflow: one customer complaint from filing to closing (rules C1–C19, G1–G3).
// The state machine lives in domain/complaint/machine.ts; this file wires it to Temporal:
// every action is an Update whose validator refuses the wrong role, stage or data before
// anything enters history; every deadline is a durable timer.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities/complaint';
import { type HistoryEventView, historyView } from '../domain/caseHistory';
import {
  type ComplaintContext,
  type ComplaintRules,
  type ComplaintState,
  type ComplaintView,
  type HistoryEvent,
  type NoticeDraft,
  applyAction,
  checkAction,
  complaintCommandOf,
  complaintNotices,
  complaintView,
  currentVisit,
  filingNotices,
  initialComplaintState,
  petitionOpenUntil,
} from '../domain/complaint/machine';
import type { ComplaintAction, ComplaintFiling } from '../domain/complaint/schemas';
import type { Actor } from '../domain/roles';
import type { ActionRequest } from '../domain/validation';
import { accountabilityWorkflow, accountabilityWorkflowId } from './accountability';
import { CASE_DUE_AT, LEAN_PROJECTION, type ProjectedAnswer, deltaProjector, dueAtPublisher, handleCaseActions, patientActivities, patientLocalActivities, runDeadlines } from './kernel';

export interface ComplaintWorkflowInput {
  id: string;
  filing: ComplaintFiling;
  filedBy: { id: string; name: string };
  filedAt: string;
  rules: ComplaintRules;
}

/** An action on the case: the parsed `command` (histories recorded earlier carry the raw `input`). */
export type ComplaintActionRequest = {
  actor: Actor;
  /** What the API looked up for the action: a stand-in's delegation (G7). */
  context?: ComplaintContext;
  /** `projected`: answer nothing but that the projection is current (the API reads the case there), not the view. */
  answer?: 'projected';
} & ActionRequest<ComplaintAction>;

export const complaintActionUpdate = defineUpdate<ComplaintView | ProjectedAnswer, [ComplaintActionRequest]>('complaintAction');
export const complaintQuery = defineQuery<ComplaintView>('complaint');
export const complaintStateQuery = defineQuery<ComplaintState>('complaintState');
export const complaintHistoryQuery = defineQuery<HistoryEventView<HistoryEvent>[]>('complaintHistory');

export const complaintWorkflowId = (id: string): string => `complaint-${id}`;

/** Patch: the closed case starts its accountability workflow as a child (before: the closing activity started it). */
export const ACCOUNTABILITY_AS_CHILD = 'accountability-as-child';

const activities = patientActivities<ComplaintActivities>({ startToCloseTimeout: '30 seconds' });
const localActivities = patientLocalActivities<ComplaintActivities>({ startToCloseTimeout: '30 seconds' });

/** The case's next deadline as published in CaseDueAt: the current stage's. */
const dueAtOf = (state: ComplaintState): number | null => {
  const visit = currentVisit(state);
  return visit ? Date.parse(visit.dueAt) : null;
};

/** Search attributes (registered on the server, see temporal/searchAttributes.ts) for finding cases in the Temporal UI. */
function publishSearchAttributes(state: ComplaintState): void {
  upsertSearchAttributes({
    CaseType: ['complaint'],
    CaseStage: [state.stage],
    CaseStatus: [state.status],
    ...(state.number ? { CaseNumber: [state.number] } : {}),
  });
}

/** The search attributes a state publishes, to upsert them only when they change. */
const searchAttributesOf = (state: ComplaintState): string => `${state.stage}/${state.status}/${state.number ?? ''}`;

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<ComplaintView> {
  // Cases filed before it send their projection the whole state, as an activity, after each action.
  const lean = patched(LEAN_PROJECTION);
  const state = initialComplaintState(input);
  publishSearchAttributes(state);
  let published = searchAttributesOf(state);
  // Lean cases publish a changed stage and the deadline that comes with it in one upsert.
  const dueAt = dueAtPublisher();
  const workflowId = workflowInfo().workflowId;
  const projectChanges = deltaProjector<ComplaintState, NoticeDraft[]>((delta, notices) =>
    localActivities.projectComplaintChanges({ workflowId, caseId: state.id, delta, notices }),
  );
  const project = (notices: NoticeDraft[]): Promise<void> => (lean ? projectChanges(state, notices) : activities.projectComplaint({ workflowId, state, notices }));

  setHandler(complaintQuery, () => complaintView(state, Date.now()));
  setHandler(complaintStateQuery, () => state);
  setHandler(complaintHistoryQuery, () => historyView(state.history));

  handleCaseActions(complaintActionUpdate, {
    noun: 'case',
    check: (req) => {
      const cmd = complaintCommandOf(req);
      checkAction(state, req.actor, cmd, req.context ?? {}, Date.now());
      return cmd;
    },
    apply: async (req, cmd) => {
      const number =
        cmd.action === 'register' ? await activities.assignComplaintNumber({ caseId: state.id, at: new Date(Date.now()).toISOString() }) : undefined;
      const { notices } = applyAction(state, req.actor, cmd, Date.now(), { number, ...(req.context ?? {}) });
      if (!lean) publishSearchAttributes(state);
      else if (published !== searchAttributesOf(state)) {
        published = searchAttributesOf(state);
        upsertSearchAttributes({
          CaseStage: [state.stage],
          CaseStatus: [state.status],
          ...(state.number ? { CaseNumber: [state.number] } : {}),
          ...(patched(CASE_DUE_AT) ? dueAt.fields(state.status === 'open' ? dueAtOf(state) : null) : {}),
        });
      }
      await project(notices);
      return lean && req.answer === 'projected' ? null : complaintView(state, Date.now());
    },
  });

  await project(filingNotices(state));

  for (;;) {
    // Deadlines (C17–C19, G3): reminders and escalations on durable timers.
    await runDeadlines({
      open: () => state.status === 'open',
      version: () => state.history.length,
      nextAt: () => complaintNotices.nextAt(state),
      dueAt: () => dueAtOf(state),
      ...(lean ? { dueAtPublisher: dueAt } : {}),
      onWake: async (nowMs) => {
        const due = complaintNotices.takeDue(state, nowMs);
        if (due.length > 0) await activities.recordComplaintNotices({ caseId: state.id, notices: due });
      },
    });
    // C16, C14: a case found not established under the controls waits for a petition until its window closes.
    const until = petitionOpenUntil(state);
    if (until === null || !(await condition(() => state.status === 'open', Math.max(until - Date.now(), 1)))) break;
  }

  await condition(allHandlersFinished);
  if (state.status === 'closed') {
    if (patched(ACCOUNTABILITY_AS_CHILD)) {
      // C9, P: timeliness and follow-ups recorded, then the accountability workflow (allocation,
      // penalties, resale window) started once; it outlives this workflow.
      // The projection holds the closed case: the closing activity reads it there.
      const handOff = lean
        ? await activities.recordClosedComplaint({ caseId: state.id, version: state.history.length })
        : await activities.recordComplaintClosing({ state, handOff: 'workflow' });
      if (handOff) {
        await startChild(accountabilityWorkflow, {
          workflowId: accountabilityWorkflowId(state.id),
          args: [handOff],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      }
    } else {
      await activities.recordComplaintClosing({ state });
    }
  }
  return complaintView(state, Date.now());
}
