// Replays one case's recorded history against the current workflow code (G4) and checks both that
// the code issues the recorded commands (determinism) and that every value it hands Temporal is the
// recorded one (data: activity and child workflow inputs, signals, timer durations, search
// attributes).
//   npx tsx scripts/replay.ts complaint|service-call|contract|accountability <id> [--export file.json]
//   npx tsx scripts/replay.ts --file history.json
// Prints the result as JSON on stdout and a summary on stderr. Exit code 0 when both checks pass,
// 1 when either fails (or the history cannot be read), 2 on a usage error.
import fs from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { ACCOUNTABILITY_WORKFLOW, COMPLAINT_WORKFLOW, CONTRACT_WORKFLOW, SERVICE_CALL_WORKFLOW } from '../temporal/cases';
import { dataConverterFor } from '../temporal/codec';
import { connectClient } from '../temporal/connection';
import { type ReplayResult, historyFromJson, historyToJson, replayHistory } from '../temporal/replay';

const WORKFLOW_ID: Record<string, (id: string) => string> = {
  complaint: COMPLAINT_WORKFLOW.workflowId,
  'service-call': SERVICE_CALL_WORKFLOW.workflowId,
  contract: CONTRACT_WORKFLOW.workflowId,
  accountability: ACCOUNTABILITY_WORKFLOW.workflowId,
};

/** One line per check, for people. */
function summary(r: ReplayResult): string {
  const determinism = r.determinism.ok ? 'determinism: ok' : `determinism: FAILED (${r.determinism.error})`;
  const d = r.data.difference;
  const data = r.data.ok
    ? `data: ok, ${r.data.checked} recorded values follow from the code`
    : d
      ? `data: FAILED at event ${d.eventId} (${d.eventType}${d.activityType ?? d.workflowType ? ` ${d.activityType ?? d.workflowType}` : ''}) ${d.field}: recorded ${d.recorded}, derived ${d.derived}`
      : `data: FAILED (${r.data.error ?? 'not checked'})`;
  return `${r.eventCount} events; ${determinism}; ${data}`;
}

function report(r: ReplayResult): number {
  console.log(JSON.stringify(r));
  console.error(summary(r));
  return r.ok ? 0 : 1;
}

async function main(): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const args = process.argv.slice(2);
  if (args[0] === '--file' && args[1]) {
    // An exported history: encrypted payloads are read with the configured keys.
    const config = loadConfigOrExit();
    return report(await replayHistory(args[1], historyFromJson(fs.readFileSync(args[1], 'utf8')), dataConverterFor(config)));
  }
  const [kind, id] = args;
  const toWorkflowId = kind ? WORKFLOW_ID[kind] : undefined;
  if (!toWorkflowId || !id) {
    console.error(`usage: replay.ts ${Object.keys(WORKFLOW_ID).join('|')} <id> [--export file.json] | --file history.json`);
    return 2;
  }
  const config = loadConfigOrExit();
  const { client, connection } = await connectClient(config);
  try {
    const workflowId = toWorkflowId(id);
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const exportAt = args.indexOf('--export');
    if (exportAt > 0 && args[exportAt + 1]) fs.writeFileSync(args[exportAt + 1]!, historyToJson(history));
    return report(await replayHistory(workflowId, history, dataConverterFor(config)));
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error((err as Error).message);
    process.exit(1);
  },
);
