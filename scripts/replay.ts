// Replays one case's recorded history against the current workflow code (G4).
//   npx tsx scripts/replay.ts complaint|service-call|contract|accountability <id> [--export file.json]
//   npx tsx scripts/replay.ts --file history.json
// Exit code 0 when the replay succeeds, 1 when it does not.
import fs from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from '../config';
import { ACCOUNTABILITY_WORKFLOW, COMPLAINT_WORKFLOW, CONTRACT_WORKFLOW, SERVICE_CALL_WORKFLOW } from '../temporal/cases';
import { dataConverterFor } from '../temporal/codec';
import { connectClient } from '../temporal/connection';
import { historyFromJson, historyToJson, replayHistory } from '../temporal/replay';

const WORKFLOW_ID: Record<string, (id: string) => string> = {
  complaint: COMPLAINT_WORKFLOW.workflowId,
  'service-call': SERVICE_CALL_WORKFLOW.workflowId,
  contract: CONTRACT_WORKFLOW.workflowId,
  accountability: ACCOUNTABILITY_WORKFLOW.workflowId,
};

async function main(): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const args = process.argv.slice(2);
  if (args[0] === '--file' && args[1]) {
    // An exported history: encrypted payloads are read with the configured keys.
    const config = loadConfigOrExit();
    const result = await replayHistory(args[1], historyFromJson(fs.readFileSync(args[1], 'utf8')), dataConverterFor(config));
    console.log(JSON.stringify(result));
    return result.ok ? 0 : 1;
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
    const result = await replayHistory(workflowId, history, dataConverterFor(config));
    console.log(JSON.stringify(result));
    return result.ok ? 0 : 1;
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
