// complaintWorkflow: one customer complaint from filing to closing (SPEC C1–C19, G1–G3).
// The state machine lives in domain/complaint/machine.ts; this file wires it to Temporal:
// every action is an Update whose validator refuses the wrong role, stage or data before
// anything enters history; every deadline is a durable timer.
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { asFailure } from './failures';
import type { ComplaintActivities } from '../activities/complaint';
import {
  type ComplaintRules,
  type ComplaintState,
  type ComplaintView,
  type HistoryEvent,
  applyAction,
  checkAction,
  complaintView,
  initialComplaintState,
  nextNoticeAt,
  parseComplaintAction,
  takeDueNotices,
} from '../domain/complaint/machine';
import type { ComplaintFiling } from '../domain/complaint/schemas';
import { AppError } from '../domain/errors';
import type { Actor } from '../domain/roles';

export interface ComplaintWorkflowInput {
  id: string;
  filing: ComplaintFiling;
  filedBy: { id: string; name: string };
  filedAt: string;
  rules: ComplaintRules;
}

export interface ComplaintActionRequest {
  actor: Actor;
  /** The action as the client sent it; the workflow parses it with the same schema as the API. */
  input: unknown;
}

export const complaintActionUpdate = defineUpdate<ComplaintView, [ComplaintActionRequest]>('complaintAction');
export const complaintQuery = defineQuery<ComplaintView>('complaint');
export const complaintStateQuery = defineQuery<ComplaintState>('complaintState');
export const complaintHistoryQuery = defineQuery<HistoryEvent[]>('complaintHistory');

export const complaintWorkflowId = (id: string): string => `complaint-${id}`;

const activities = proxyActivities<ComplaintActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Business refusals cross to the client as non-retryable failures typed by the error code. */

/** Search attributes (registered on the server, see platform/searchAttributes.ts) for finding cases in the Temporal UI. */
function publishSearchAttributes(state: ComplaintState): void {
  upsertSearchAttributes({
    CaseType: ['complaint'],
    CaseStage: [state.stage],
    CaseStatus: [state.status],
    ...(state.number ? { CaseNumber: [state.number] } : {}),
  });
}

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<ComplaintView> {
  const state = initialComplaintState(input);
  publishSearchAttributes(state);
  const workflowId = workflowInfo().workflowId;
  /** One action at a time: a second one arriving meanwhile is refused as a conflict. */
  let busy = false;

  setHandler(complaintQuery, () => complaintView(state, Date.now()));
  setHandler(complaintStateQuery, () => state);
  setHandler(complaintHistoryQuery, () => state.history);

  const validate = (req: ComplaintActionRequest) => {
    try {
      if (busy) throw new AppError('conflict', 'Another action on this case is being processed; try again.');
      checkAction(state, req.actor, parseComplaintAction(req.input));
    } catch (err) {
      asFailure(err);
    }
  };

  setHandler(
    complaintActionUpdate,
    async (req) => {
      validate(req);
      busy = true;
      try {
        const cmd = parseComplaintAction(req.input);
        const number =
          cmd.action === 'register'
            ? await activities.assignComplaintNumber({ caseId: state.id, at: new Date(Date.now()).toISOString() })
            : undefined;
        const { notices } = applyAction(state, req.actor, cmd, Date.now(), { number });
        publishSearchAttributes(state);
        await activities.projectComplaint({ workflowId, state, notices });
        return complaintView(state, Date.now());
      } finally {
        busy = false;
      }
    },
    { validator: validate },
  );

  await activities.projectComplaint({ workflowId, state, notices: [] });

  // Deadlines (C17–C19, G3): sleep until the next reminder or escalation, or until an action
  // changes the case, whichever comes first.
  while (state.status === 'open') {
    const version = state.history.length;
    const next = nextNoticeAt(state);
    const wait = next === null ? undefined : next - Date.now();
    const changed = () => state.history.length !== version || state.status !== 'open';
    if (wait === undefined) await condition(changed);
    else if (wait > 0) await condition(changed, wait);
    if (state.status !== 'open') break;
    const due = takeDueNotices(state, Date.now());
    if (due.length > 0) await activities.recordComplaintNotices({ caseId: state.id, notices: due });
  }

  await condition(allHandlersFinished);
  if (state.status === 'closed') await activities.recordComplaintClosing({ state });
  return complaintView(state, Date.now());
}
