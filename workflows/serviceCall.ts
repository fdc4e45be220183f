// serviceCallWorkflow: one service call from registration to its survey (rules S2–S9, S13, S14,
// S16; G1–G3). The state machine lives in domain/serviceCall/machine.ts; this file wires it to
// Temporal: every action is an Update whose validator refuses the wrong role, stage, technician or
// data before anything enters history; the arrival SLA, the repair promise and the survey are
// durable timers.
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { InstalledBaseActivities } from '../activities/installedBase';
import type { ServiceCallActivities } from '../activities/serviceCall';
import { type HistoryEventView, historyView } from '../domain/caseHistory';
import type { Actor } from '../domain/roles';
import {
  type ServiceCallContext,
  type ServiceCallEvent,
  type ServiceCallInput,
  type ServiceNoticeDraft,
  type ServiceCallState,
  type ServiceCallView,
  applyAction,
  checkAction,
  currentDueAt,
  initialServiceCallState,
  prioritize,
  recordFollowUpDue,
  recordSurveySent,
  serviceCallCommandOf,
  serviceCallNotices,
  serviceCallView,
} from '../domain/serviceCall/machine';
import type { ServiceCallAction } from '../domain/serviceCall/schemas';
import type { ActionRequest } from '../domain/validation';
import { LEAN_PROJECTION, type ProjectedAnswer, deltaProjector, handleCaseActions, patientActivities, patientLocalActivities, runDeadlines } from './kernel';

export type ServiceCallWorkflowInput = ServiceCallInput;

/** An action on the call: the parsed `command` (histories recorded earlier carry the raw `input`). */
export type ServiceCallActionRequest = {
  actor: Actor;
  /** What the API looked up for the action (the technician for `dispatch`). */
  context?: ServiceCallContext;
  /** `projected`: answer nothing but that the projection is current (the API reads the call there), not the view. */
  answer?: 'projected';
} & ActionRequest<ServiceCallAction>;

export const serviceCallActionUpdate = defineUpdate<ServiceCallView | ProjectedAnswer, [ServiceCallActionRequest]>('serviceCallAction');
export const serviceCallQuery = defineQuery<ServiceCallView>('serviceCall');
export const serviceCallStateQuery = defineQuery<ServiceCallState>('serviceCallState');
export const serviceCallHistoryQuery = defineQuery<HistoryEventView<ServiceCallEvent>[]>('serviceCallHistory');
/** S13: sent by the daily job to a call not dispatched on its day. */
export const prioritizeSignal = defineSignal<[{ date: string }]>('prioritize');

export const serviceCallWorkflowId = (id: string): string => `service-call-${id}`;

const activities = patientActivities<ServiceCallActivities>({ startToCloseTimeout: '30 seconds' });
const localActivities = patientLocalActivities<ServiceCallActivities>({ startToCloseTimeout: '30 seconds' });
const installedBase = patientActivities<InstalledBaseActivities>({ startToCloseTimeout: '30 seconds' });


/** Search attributes (registered on the server, see temporal/searchAttributes.ts) for finding calls in the Temporal UI. */
function publishSearchAttributes(state: ServiceCallState): void {
  upsertSearchAttributes({
    CaseType: ['service_call'],
    CaseStage: [state.stage],
    CaseStatus: [state.status],
    ...(state.number ? { CaseNumber: [state.number] } : {}),
  });
}

export async function serviceCallWorkflow(input: ServiceCallWorkflowInput): Promise<ServiceCallView> {
  // Calls registered before it send their projection the whole state, as an activity.
  const lean = patched(LEAN_PROJECTION);
  const state = initialServiceCallState(input);
  publishSearchAttributes(state);
  /** The stage last published, so that an action that keeps the stage does not upsert again. */
  let published = `${state.stage}/${state.status}`;
  const workflowId = workflowInfo().workflowId;
  /** History length the projection has been asked to write. */
  let projected = 0;

  setHandler(serviceCallQuery, () => serviceCallView(state, Date.now()));
  setHandler(serviceCallStateQuery, () => state);
  setHandler(serviceCallHistoryQuery, () => historyView(state.history));
  setHandler(prioritizeSignal, ({ date }) => {
    prioritize(state, date, Date.now());
  });

  const projectChanges = deltaProjector<ServiceCallState, ServiceNoticeDraft[]>((delta, notices) =>
    localActivities.projectServiceCallChanges({ workflowId, callId: state.id, delta, notices }),
  );
  const project = async (notices: ServiceNoticeDraft[] = []) => {
    projected = state.history.length;
    if (published !== `${state.stage}/${state.status}`) {
      published = `${state.stage}/${state.status}`;
      publishSearchAttributes(state);
    }
    if (lean) await projectChanges(state, notices);
    else await activities.projectServiceCall({ workflowId, state, notices });
  };

  handleCaseActions(serviceCallActionUpdate, {
    noun: 'call',
    check: (req) => {
      const cmd = serviceCallCommandOf(req);
      checkAction(state, req.actor, cmd, req.context ?? {}, Date.now());
      return cmd;
    },
    apply: async (req, cmd) => {
      const { notices } = applyAction(state, req.actor, cmd, Date.now(), req.context ?? {});
      await project(notices);
      return lean && req.answer === 'projected' ? null : serviceCallView(state, Date.now());
    },
  });

  await project();

  // S9, S14 (G3): escalations and reminders on durable timers; a signal that changed the call is projected.
  await runDeadlines({
    open: () => state.status === 'open',
    version: () => state.history.length,
    nextAt: () => serviceCallNotices.nextAt(state),
    dueAt: () => {
      const due = currentDueAt(state);
      return due ? Date.parse(due) : null;
    },
    onWake: async (nowMs) => {
      const due = serviceCallNotices.takeDue(state, nowMs);
      if (due.length > 0) await activities.recordServiceCallNotices({ callId: state.id, notices: due });
      if (projected < state.history.length) await project();
    },
  });

  // S16: every call gets its survey, the configured delay after it ends. Workflow time read after a
  // local activity (the last action's projection) reads differently in a replay: lean calls take it before.
  const endedAt = Date.now();
  await condition(allHandlersFinished);
  const survey = state.survey!;
  const wait = Date.parse(survey.dueAt) - (lean ? endedAt : Date.now());
  if (wait > 0) await sleep(wait);
  const sentAt = lean && wait <= 0 ? endedAt : Date.now();
  const { surveyId } = await activities.sendServiceCallSurvey({
    callId: state.id,
    technicianId: state.technician?.id ?? null,
    category: state.category,
    customer: { name: state.registration.customer.name, phone: state.registration.customer.phone },
    at: new Date(sentAt).toISOString(),
  });
  recordSurveySent(state, surveyId, sentAt);
  await project();
  await condition(allHandlersFinished);

  // O6: the follow-up call falls due FOLLOW_UP_DELAY after the call ended: a work item for the
  // service department (calls registered before follow-ups have none).
  if (state.followUp && patched('follow-up-call')) {
    const followUpWait = Date.parse(state.followUp.dueAt) - Date.now();
    if (followUpWait > 0) await sleep(followUpWait);
    const { followUpId } = await installedBase.openFollowUp({ callId: state.id, at: new Date(Date.now()).toISOString() });
    recordFollowUpDue(state, followUpId, Date.now());
    await project();
    await condition(allHandlersFinished);
  }
  return serviceCallView(state, Date.now());
}
