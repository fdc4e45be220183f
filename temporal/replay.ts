// G4: replays a case's recorded Temporal history against the current workflow code. A replay
// that completes proves the recorded decisions follow from the code; a determinism error says
// where they do not.
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowCode } from './workflowCode';

type History = temporal.api.history.v1.IHistory;

/** A history as JSON text, e.g. for a committed replay file. */
export function historyToJson(history: History): string {
  return `${JSON.stringify(temporal.api.history.v1.History.fromObject(history).toJSON())}\n`;
}

/** Reads a history written by historyToJson. */
export function historyFromJson(text: string): History {
  return temporal.api.history.v1.History.fromObject(JSON.parse(text));
}

export interface ReplayResult {
  ok: boolean;
  eventCount: number;
  error?: string;
}

/** Replays `history`; `dataConverter` decodes its payloads (the platform's encryption, see codec.ts). */
export async function replayHistory(workflowId: string, history: History, dataConverter: DataConverter = {}): Promise<ReplayResult> {
  const eventCount = history.events?.length ?? 0;
  try {
    await Worker.runReplayHistory({ workflowBundle: await workflowCode(), replayName: workflowId, dataConverter }, history, workflowId);
    return { ok: true, eventCount };
  } catch (err) {
    return { ok: false, eventCount, error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

export async function replayWorkflow(client: Client, workflowId: string): Promise<ReplayResult> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return replayHistory(workflowId, history, { payloadCodecs: client.options.loadedDataConverter.payloadCodecs });
}
