// Captures a history of the notice delivery workflow for the replay gate (test/replay.test.ts):
//   npx tsx test/replay/capture/capture-delivery-histories.ts   writes test/replay/histories/noticeDeliveriesWorkflow-<path>.json
// A notice to QA is fanned out and sent through a chat robot on a local port (one delivery sent,
// one that the robot refuses and is tried again later). Run it when the workflow gains a path;
// never to paper over a replay failure (docs/VERSIONING.md).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordNotices } from '../../../services/notices';
import { noticeDeliveriesWorkflow } from '../../../workflows/noticeDeliveries';
import { captureWith, saveHistory } from './captureHistories';

let calls = 0;
// The robot accepts the first message and answers 503 to the second.
const robot = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    calls += 1;
    res.statusCode = calls === 1 ? 200 : 503;
    res.end(calls === 1 ? '{"errcode":0}' : 'busy');
  });
});

robot.listen(0, '127.0.0.1', () => {
  const port = (robot.address() as AddressInfo).port;
  captureWith({ CHAT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, DELIVERY_ATTEMPTS: '3' }, async (stack) => {
    await stack.user(['qa'], 'Wang QA');
    await stack.user(['qa'], 'Liu QA');
    await recordNotices(stack.db, [{ key: 'capture-notice', type: 'reminder', caseType: 'job', caseId: 'capture', stage: 'analysis', to: ['qa'], message: 'Stage analysis is overdue.', at: new Date().toISOString() }]);
    const run = await stack.client.workflow.start(noticeDeliveriesWorkflow, { taskQueue: stack.config.temporal.taskQueue, workflowId: 'notice-deliveries-capture', args: [{}] });
    const result = await run.result();
    if (result.sent !== 1 || result.retrying !== 1) throw new Error(`unexpected run: ${JSON.stringify(result)}`);
    await saveHistory(stack, run.workflowId, 'noticeDeliveriesWorkflow-sent-and-retrying', false);
    robot.close();
  });
});
