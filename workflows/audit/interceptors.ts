// G4: the workflow interceptor of the audit replay. Bundled with every workflow, it reports the
// commands of each activation through the `audit` sink, and only on the audit replay worker (see
// AUDIT_REPLAY_NAME): on the workers that run cases it does nothing and changes no command.
import { type WorkflowInterceptorsFactory, proxySinks, workflowInfo } from '@temporalio/workflow';
import type { coresdk } from '@temporalio/proto';
import { type AuditSinks, type DerivedCommand, durationMs, isAuditReplayQueue } from './commands';

const { audit } = proxySinks<AuditSinks>();

type Command = coresdk.workflow_commands.IWorkflowCommand;

/** The value a command hands Temporal, or null for commands that carry none the history records. */
function derived(c: Command): DerivedCommand | null {
  if (c.scheduleActivity) {
    const a = c.scheduleActivity;
    return { kind: 'activity', id: a.activityId ?? String(a.seq), name: a.activityType ?? '', args: a.arguments ?? [] };
  }
  if (c.startTimer) return { kind: 'timer', id: String(c.startTimer.seq), ms: durationMs(c.startTimer.startToFireTimeout) };
  if (c.startChildWorkflowExecution) {
    const s = c.startChildWorkflowExecution;
    return { kind: 'child', name: s.workflowType ?? '', workflowId: s.workflowId ?? '', args: s.input ?? [] };
  }
  if (c.signalExternalWorkflowExecution) {
    const s = c.signalExternalWorkflowExecution;
    return { kind: 'signal', name: s.signalName ?? '', args: s.args ?? [] };
  }
  if (c.continueAsNewWorkflowExecution) {
    const s = c.continueAsNewWorkflowExecution;
    return { kind: 'continueAsNew', name: s.workflowType ?? '', args: s.arguments ?? [] };
  }
  if (c.upsertWorkflowSearchAttributes) return { kind: 'searchAttributes', fields: c.upsertWorkflowSearchAttributes.searchAttributes?.indexedFields ?? {} };
  // Update results and the workflow's result are views of the case, which may change freely
  // (docs/VERSIONING.md); the decisions they show reach the projections, which are checked.
  return null;
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      concludeActivation(input, next) {
        const output = next(input);
        if (isAuditReplayQueue(workflowInfo().taskQueue)) {
          const commands = output.commands.map(derived).filter((c): c is DerivedCommand => c !== null);
          if (commands.length > 0) audit.commands(commands);
        }
        return output;
      },
    },
  ],
});
