// serviceCallWorkflow: one service call from registration to its survey (SPEC S2–S9, S13, S14,
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
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { asFailure } from './failures';
import type { ServiceCallActivities } from '../activities/serviceCall';
import { AppError } from '../domain/errors';
import type { Actor } from '../domain/roles';
import {
  type ServiceCallContext,
  type ServiceCallEvent,
  type ServiceCallInput,
  type ServiceCallState,
  type ServiceCallView,
  applyAction,
  checkAction,
  initialServiceCallState,
  nextNoticeAt,
  parseServiceCallAction,
  prioritize,
  recordSurveySent,
  serviceCallView,
  takeDueNotices,
} from '../domain/serviceCall/machine';

export type ServiceCallWorkflowInput = ServiceCallInput;

export interface ServiceCallActionRequest {
  actor: Actor;
  /** The action as the client sent it; the workflow parses it with the same schema as the API. */
  input: unknown;
  /** What the API looked up for the action (the technician for `dispatch`). */
  context?: ServiceCallContext;
}

export const serviceCallActionUpdate = defineUpdate<ServiceCallView, [ServiceCallActionRequest]>('serviceCallAction');
export const serviceCallQuery = defineQuery<ServiceCallView>('serviceCall');
export const serviceCallStateQuery = defineQuery<ServiceCallState>('serviceCallState');
export const serviceCallHistoryQuery = defineQuery<ServiceCallEvent[]>('serviceCallHistory');
/** S13: sent by the daily job to a call not dispatched on its day. */
export const prioritizeSignal = defineSignal<[{ date: string }]>('prioritize');

export const serviceCallWorkflowId = (id: string): string => `service-call-${id}`;

const activities = proxyActivities<ServiceCallActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});


/** Search attributes (registered on the server, see platform/searchAttributes.ts) for finding calls in the Temporal UI. */
function publishSearchAttributes(state: ServiceCallState): void {
  upsertSearchAttributes({ CaseType: ['service_call'], CaseStage: [state.stage], CaseStatus: [state.status] });
}

export async function serviceCallWorkflow(input: ServiceCallWorkflowInput): Promise<ServiceCallView> {
  const state = initialServiceCallState(input);
  publishSearchAttributes(state);
  /** The stage last published, so that an action that keeps the stage does not upsert again. */
  let published = `${state.stage}/${state.status}`;
  const workflowId = workflowInfo().workflowId;
  /** One action at a time: a second one arriving meanwhile is refused as a conflict. */
  let busy = false;
  /** History length the projection has been asked to write. */
  let projected = 0;

  setHandler(serviceCallQuery, () => serviceCallView(state, Date.now()));
  setHandler(serviceCallStateQuery, () => state);
  setHandler(serviceCallHistoryQuery, () => state.history);
  setHandler(prioritizeSignal, ({ date }) => {
    prioritize(state, date, Date.now());
  });

  const validate = (req: ServiceCallActionRequest) => {
    try {
      if (busy) throw new AppError('conflict', 'Another action on this call is being processed; try again.');
      checkAction(state, req.actor, parseServiceCallAction(req.input), req.context ?? {}, Date.now());
    } catch (err) {
      asFailure(err);
    }
  };

  const project = async (notices: Parameters<ServiceCallActivities['projectServiceCall']>[0]['notices'] = []) => {
    projected = state.history.length;
    if (published !== `${state.stage}/${state.status}`) {
      published = `${state.stage}/${state.status}`;
      publishSearchAttributes(state);
    }
    await activities.projectServiceCall({ workflowId, state, notices });
  };

  setHandler(
    serviceCallActionUpdate,
    async (req) => {
      validate(req);
      busy = true;
      try {
        const { notices } = applyAction(state, req.actor, parseServiceCallAction(req.input), Date.now(), req.context ?? {});
        await project(notices);
        return serviceCallView(state, Date.now());
      } finally {
        busy = false;
      }
    },
    { validator: validate },
  );

  await project();

  // S9, S14 (G3): sleep until the next escalation, or until an action or signal changes the call.
  while (state.status === 'open') {
    const version = state.history.length;
    const next = nextNoticeAt(state);
    const wait = next === null ? undefined : next - Date.now();
    const changed = () => state.history.length !== version;
    if (wait === undefined) await condition(changed);
    else if (wait > 0) await condition(changed, wait);
    if (state.status !== 'open') break;
    const due = takeDueNotices(state, Date.now());
    if (due.length > 0) await activities.recordServiceCallNotices({ callId: state.id, notices: due });
    if (projected < state.history.length) await project(); // a signal changed the call
  }

  // S16: every call gets its survey, the configured delay after it ends.
  await condition(allHandlersFinished);
  const survey = state.survey!;
  const wait = Date.parse(survey.dueAt) - Date.now();
  if (wait > 0) await sleep(wait);
  const sentAt = Date.now();
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
  return serviceCallView(state, Date.now());
}
