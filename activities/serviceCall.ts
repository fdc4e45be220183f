// Activities of the service-call workflow: thin, idempotent adapters over the services.
import type { CustomerMessagesConfig } from '../config';
import type { Database } from '../db/client';
import type { ServiceCallState, ServiceNoticeDraft } from '../domain/serviceCall/machine';
import type { StateDelta } from '../domain/stateDelta';
import { projectDelta } from '../services/projectionDeltas';
import { projectionGap } from './failures';
import { projectServiceCall, recordServiceNotices } from '../services/serviceCalls';
import { sendSurvey } from '../services/surveys';

export function createServiceCallActivities(deps: { db: Database; timeZone: string; customerMessages: CustomerMessagesConfig }) {
  const { db } = deps;
  return {
    /** Projects the call (and the notices its last action produced) into the read model. */
    async projectServiceCall(input: { workflowId: string; state: ServiceCallState; notices: ServiceNoticeDraft[] }): Promise<void> {
      await projectServiceCall(db, input.workflowId, input.state, deps.timeZone);
      await recordServiceNotices(db, input.state.id, input.notices);
    },
    /** Projects what changed since the projection last wrote; ProjectionGap when it holds no copy the change applies to. */
    async projectServiceCallChanges(input: { workflowId: string; callId: string; delta: StateDelta; notices: ServiceNoticeDraft[] }): Promise<void> {
      const outcome = await projectDelta<ServiceCallState>(
        input.delta,
        () => db.serviceCall.findUnique({ where: { id: input.callId }, select: { state: true, version: true } }),
        (state) => projectServiceCall(db, input.workflowId, state, deps.timeZone),
      );
      if (outcome === 'gap') throw projectionGap(input.callId);
      await recordServiceNotices(db, input.callId, input.notices);
    },
    /** S9, S14: escalations that fell due. */
    async recordServiceCallNotices(input: { callId: string; notices: ServiceNoticeDraft[] }): Promise<void> {
      await recordServiceNotices(db, input.callId, input.notices);
    },
    /** S16: the call's survey, created once and its link sent through the gateway or handed to staff. */
    async sendServiceCallSurvey(input: {
      callId: string;
      technicianId: string | null;
      category: string;
      customer: { name: string; phone: string };
      at: string;
    }): Promise<{ surveyId: string }> {
      const { at, ...survey } = input;
      return sendSurvey(db, deps.customerMessages, survey, new Date(at));
    },
  };
}

export type ServiceCallActivities = ReturnType<typeof createServiceCallActivities>;
