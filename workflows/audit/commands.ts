// G4: what the workflow code hands Temporal, as the audit replay compares it with a recorded
// history. Each activation's commands are reduced to the values the history records for them:
// activity and child workflow inputs, signals sent, timer durations and search attributes. Payloads
// are as the payload converter made them (before the payload codec), so they are compared after
// the recorded ones are decoded.
import type { Payload, Sinks } from '@temporalio/workflow';

/**
 * The audit replay runs its worker under this name. The SDK names a replay worker's task queue
 * `<replayName>-<n>`, and a workflow sees that queue in workflowInfo(): only there does the
 * workflow code report its commands, so workers that run cases never report anything.
 */
export const AUDIT_REPLAY_NAME = 'audit-replay';

/** Whether a workflow on `taskQueue` runs on the audit replay worker. */
export const isAuditReplayQueue = (taskQueue: string): boolean => taskQueue.startsWith(`${AUDIT_REPLAY_NAME}-`);

/** One value the code derived, keyed the way the history records it. */
export type DerivedCommand =
  /** An activity scheduled: its id (the command's sequence number unless the code names one), type and arguments. */
  | { kind: 'activity'; id: string; name: string; args: Payload[] }
  /** A durable timer: its id (sequence number) and how long it runs, in milliseconds. */
  | { kind: 'timer'; id: string; ms: number }
  /** A child workflow started: type, id and input. */
  | { kind: 'child'; name: string; workflowId: string; args: Payload[] }
  /** A signal sent to another workflow. */
  | { kind: 'signal'; name: string; args: Payload[] }
  /** Search attributes upserted. */
  | { kind: 'searchAttributes'; fields: Record<string, Payload> }
  /** The run continued as new: the next run's input. */
  | { kind: 'continueAsNew'; name: string; args: Payload[] };

export interface AuditSinks extends Sinks {
  audit: {
    /** The commands of one activation, in the order the workflow issued them. */
    commands(commands: DerivedCommand[]): void;
  };
}

/** Milliseconds of a protobuf duration (seconds may be a number, a Long or a decimal string). */
export function durationMs(d: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!d) return 0;
  return Number(String(d.seconds ?? 0)) * 1000 + Math.floor((d.nanos ?? 0) / 1_000_000);
}
