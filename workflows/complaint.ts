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
import type { AccountabilityInput } from '../domain/accountability/machine';
import type { accountabilityWorkflow } from './accountability';
import { ACCOUNTABILITY_WORKFLOW_TYPE, accountabilityWorkflowId } from './accountabilityStart';
import { CASE_DUE_AT, LEAN_HISTORY, LEAN_PROJECTION, type ProjectedAnswer, deltaProjector, dueAtPublisher, handleCaseActions, patientActivities, patientLocalActivities, runDeadlines } from './kernel';

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

/**
 * Upserts only the search attributes whose value changed since the last upsert, the deadline
 * (CaseDueAt) with them: one upsert, naming only what changed, per action.
 */
function changedSearchAttributes(): (state: ComplaintState, dueAt: number | null) => void {
  const published = new Map<string, string>();
  return (state, dueAt) => {
    const now: Record<string, string[] | Date[]> = {
      CaseType: ['complaint'],
      CaseStage: [state.stage],
      CaseStatus: [state.status],
      ...(state.number ? { CaseNumber: [state.number] } : {}),
      CaseDueAt: dueAt === null ? [] : [new Date(dueAt)],
    };
    const changed: Record<string, string[] | Date[]> = {};
    for (const [key, value] of Object.entries(now)) {
      const json = JSON.stringify(value);
      if (published.get(key) === json) continue;
      published.set(key, json);
      changed[key] = value;
    }
    if (Object.keys(changed).length > 0) upsertSearchAttributes(changed);
  };
}

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<ComplaintView | undefined> {
  // Cases filed before it record more: several patch markers, activities for the case number and
  // the closing, every search attribute at each change, an answer to every action.
  const leanHistory = patched(LEAN_HISTORY);
  // Cases filed before it send their projection the whole state, as an activity, after each action.
  const lean = leanHistory || patched(LEAN_PROJECTION);
  const state = initialComplaintState(input);
  const publishChanged = changedSearchAttributes();
  const openDueAt = (): number | null => (state.status === 'open' ? dueAtOf(state) : null);
  if (leanHistory) publishChanged(state, openDueAt());
  else publishSearchAttributes(state);
  let published = searchAttributesOf(state);
  // Lean cases publish a changed stage and the deadline that comes with it in one upsert.
  const dueAt = dueAtPublisher();
  // With lean histories the case number and the closing's records are looked up in the action's own workflow task.
  const shortLookups = leanHistory ? localActivities : activities;
  const workflowId = workflowInfo().workflowId;
  const projectChanges = deltaProjector<ComplaintState, { notices: NoticeDraft[]; closing?: true }, AccountabilityInput | null | undefined>((delta, { notices, closing }) =>
    localActivities.projectComplaintChanges({ workflowId, caseId: state.id, delta, notices, ...(closing ? { closing } : {}) }),
  );
  // With lean histories the projection that closes the case records its closing too (C9, P) and
  // answers the accountability hand-off: no further lookup when the workflow ends.
  let closed = null as { handOff: AccountabilityInput | null } | null;
  const projectClosing = async (notices: NoticeDraft[]): Promise<void> => {
    const closing = state.status === 'closed' && closed === null;
    const handOff = await projectChanges(state, { notices, ...(closing ? { closing: true as const } : {}) });
    if (closing) closed = { handOff: handOff ?? null };
  };
  // Earlier cases await their projection exactly as they did (the order of their commands depends on it).
  const project = (notices: NoticeDraft[]): Promise<unknown> =>
    leanHistory ? projectClosing(notices) : lean ? projectChanges(state, { notices }) : activities.projectComplaint({ workflowId, state, notices });

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
        cmd.action === 'register' ? await shortLookups.assignComplaintNumber({ caseId: state.id, at: new Date(Date.now()).toISOString() }) : undefined;
      const { notices } = applyAction(state, req.actor, cmd, Date.now(), { number, ...(req.context ?? {}) });
      if (leanHistory) publishChanged(state, openDueAt());
      else if (!lean) publishSearchAttributes(state);
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
      if (lean && req.answer === 'projected') return leanHistory ? undefined : null;
      return complaintView(state, Date.now());
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
      // Lean histories publish CaseDueAt with the other search attributes: the loop's own publisher sees it current.
      ...(leanHistory ? { publishesDueAt: true, keepsTimer: true, dueAtPublisher: Object.assign((at: number | null) => publishChanged(state, at), { fields: () => ({}) }) } : {}),
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
    if (leanHistory || patched(ACCOUNTABILITY_AS_CHILD)) {
      // C9, P: timeliness and follow-ups recorded, then the accountability workflow (allocation,
      // penalties, resale window) started once; it outlives this workflow.
      // The projection holds the closed case: the closing activity reads it there.
      const handOff = closed
        ? closed.handOff
        : lean
        ? await shortLookups.recordClosedComplaint({ caseId: state.id, version: state.history.length })
        : await activities.recordComplaintClosing({ state, handOff: 'workflow' });
      if (handOff) {
        await startChild<typeof accountabilityWorkflow>(ACCOUNTABILITY_WORKFLOW_TYPE, {
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
  // Lean histories record no result: the closed case is read from its projection.
  if (leanHistory) return undefined;
  return complaintView(state, Date.now());
}
