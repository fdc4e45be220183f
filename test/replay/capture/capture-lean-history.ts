// Captures complaints whose histories record as little as they can (the lean-history patch: one
// patch marker, the case number and the closing's records looked up by local activities, search
// attributes upserted only when they change, no answer recorded for actions answered through the
// projection), for the replay gate (test/replay.test.ts).
//   npx tsx test/replay/capture/capture-lean-history.ts   writes test/replay/histories/complaintWorkflow-<path>-lean-history.json
// `npx tsx scripts/history-size.ts <file>` prints their sizes (the main path's is the figure the
// README quotes). Run it when one of these paths changes; never to paper over a replay failure (docs/VERSIONING.md).
import { complaintWorkflowId } from '../../../workflows/complaint';
import { bearer, complaintFiling } from '../../support/fixtures';
import { captureWith, saveHistory } from './captureHistories';

/** The complaint's main path, as test/replay/capture/capture-histories.ts drives it. */
const MAIN_PATH: [string, Record<string, unknown>][] = [
  ['gm_office', { action: 'register' }],
  ['qa', { action: 'comment', comment: 'Samples received' }],
  ['qa', { action: 'analyze', cause: 'Die wear', responsibleDepartments: ['manufacturing'], ourFault: true, needsRnd: false }],
  [
    'manufacturing',
    {
      action: 'countermeasure',
      cause: 'Worn die',
      countermeasure: 'Replace the die; 100% inspection for a month',
      traceability: { productionUnit: 'manufacturing/section-1/group-2', machine: 'P-12', shift: 'A', operators: ['Zhang Wei', 'Li Qiang'], productionDate: '2026-10-20' },
    },
  ],
  ['manager_office', { action: 'review', comment: 'Agreed' }],
  ['gm_office', { action: 'check' }],
  ['sales', { action: 'propose', handling: { kind: 'return', quantity: 37, unitPrice: '200', compensation: '600' } }],
  ['gm_office', { action: 'consolidate', opinion: 'Accept the return' }],
  ['sales_manager', { action: 'decide', decision: 'approve' }],
  ['sales', { action: 'record_result', customerAccepted: true, result: 'Customer accepted by phone', channel: 'phone' }],
  ['sales_manager', { action: 'confirm' }],
  ['gm_office', { action: 'close', responsibility: [{ department: 'manufacturing', person: 'Zhang Wei', ratio: 0.7 }, { department: 'qa', ratio: 0.3 }], lossAmount: '8000', trackImprovement: true }],
];

const WITHDRAWN: [string, Record<string, unknown>][] = [
  ['gm_office', { action: 'register' }],
  ['sales', { action: 'withdraw', reason: 'Customer withdrew the claim' }],
];

captureWith(
  {
    COMPLAINT_STAGE_DEADLINES: 'analysis=1s,registration=1s',
    COMPLAINT_REMINDER_INTERVAL: '1s',
    COMPLAINT_STAGE_ESCALATION_AFTER: '2s',
    TIME_ZONE: 'Asia/Shanghai',
  },
  async (stack) => {
    const tokens: Record<string, string> = {};
    for (const role of ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'sales_manager'] as const) tokens[role] = (await stack.user([role])).token;
    for (const [name, path] of [
      ['main-path', MAIN_PATH],
      ['withdrawn', WITHDRAWN],
    ] as const) {
      const filed = await stack.http.post('/api/v1/complaints').set(bearer(tokens.sales!)).send(complaintFiling());
      if (filed.status !== 201) throw new Error(`file: ${filed.status} ${JSON.stringify(filed.body)}`);
      for (const [role, body] of path) {
        const res = await stack.http.post(`/api/v1/complaints/${filed.body.id}/actions`).set(bearer(tokens[role]!)).send(body);
        if (res.status !== 200) throw new Error(`${String(body.action)}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      await saveHistory(stack, complaintWorkflowId(filed.body.id), `complaintWorkflow-${name}-lean-history`, true);
    }
  },
);
