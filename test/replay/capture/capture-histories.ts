// Captures workflow histories from real runs of every complaint path, for the replay gate
// (test/replay.test.ts replays them against the current code on every change).
//   npx tsx test/replay/capture/capture-histories.ts      writes test/replay/histories/<workflow>-<path>.json
// Run it when a workflow gains a path; never to paper over a replay failure (see docs/VERSIONING.md).
import { bearer, complaintFiling } from '../../support/fixtures';
import type { TestStack } from '../../support/stack';
import { captureWith, saveHistory } from './captureHistories';
import { complaintWorkflowId } from '../../../workflows/complaint';


type Step = [role: string, body: Record<string, unknown>];

const ROUTE: Record<string, Step> = {
  register: ['gm_office', { action: 'register' }],
  analyze: ['qa', { action: 'analyze', cause: 'Die wear', responsibleDepartments: ['manufacturing'], ourFault: true, needsRnd: false }],
  analyzeRnd: ['qa', { action: 'analyze', cause: 'Design margin', responsibleDepartments: ['manufacturing', 'rnd'], ourFault: true, needsRnd: true, supplier: 'Ningbo Coatings' }],
  countermeasure: ['manufacturing', { action: 'countermeasure', cause: 'Worn die', countermeasure: 'Replace the die; 100% inspection for a month' }],
  review: ['manager_office', { action: 'review', comment: 'Agreed' }],
  rnd: ['rnd', { action: 'rnd_review', opinion: 'Increase the wall thickness' }],
  check: ['gm_office', { action: 'check' }],
  supplier: ['gm_office', { action: 'coordinate_supplier', supplier: 'Ningbo Coatings', outcome: 'Supplier bears 30%', supplierRatio: 0.3 }],
  propose: ['sales', { action: 'propose', handling: { kind: 'return', quantity: 37, amount: '8000' } }],
  consolidate: ['gm_office', { action: 'consolidate', opinion: 'Accept the return', amount: '8000' }],
  consolidateBig: ['gm_office', { action: 'consolidate', opinion: 'Compensate', amount: '150000.50' }],
  approveSm: ['sales_manager', { action: 'decide', decision: 'approve' }],
  approveGm: ['gm', { action: 'decide', decision: 'approve', comment: 'Approved' }],
  rework: ['gm', { action: 'decide', decision: 'rework', reworkStage: 'proposal' }],
  result: ['sales', { action: 'record_result', customerAccepted: true, result: 'Customer accepted by phone' }],
  confirm: ['sales_manager', { action: 'confirm' }],
  close: ['gm_office', { action: 'close', responsibility: [{ department: 'manufacturing', person: 'Zhang Wei', ratio: 0.7 }, { department: 'qa', ratio: 0.3 }], lossAmount: '8000', trackImprovement: true }],
  appeal: ['manufacturing', { action: 'appeal', reason: 'The die was within its service life' }],
  uphold: ['gm', { action: 'rule_appeal', ruling: 'uphold' }],
  reopen: ['gm', { action: 'rule_appeal', ruling: 'reopen', reopenStage: 'analysis' }],
  notEstablished: ['gm_office', { action: 'not_established', reason: 'Damage arose at the customer' }],
  withdraw: ['sales', { action: 'withdraw', reason: 'Customer withdrew the claim' }],
  comment: ['qa', { action: 'comment', comment: 'Samples received' }],
  assign: ['gm', { action: 'assign_inspector', inspectorId: 'qc-7', inspectorName: 'QC Liu' }],
  inspect: ['qa', { action: 'report_inspection', findings: 'Burrs on 37 parts', investigatedOn: '2026-11-20' }],
};

const MAIN = ['analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'approveSm', 'result', 'confirm', 'close'];

const SCENARIOS: Record<string, { filing?: Record<string, unknown>; steps: string[]; waitMs?: number }> = {
  'main-path': { steps: ['register', 'comment', ...MAIN] },
  'rnd-supplier-rework-gm': {
    filing: { market: 'foreign', customer: { name: 'Osaka Denki', country: 'JP' } },
    steps: ['register', 'analyzeRnd', 'countermeasure', 'review', 'rnd', 'check', 'supplier', 'propose', 'consolidateBig', 'rework', 'propose', 'consolidateBig', 'approveGm', 'result', 'confirm', 'close'],
  },
  'appeal-uphold-reopen': {
    steps: ['register', 'analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'approveSm', 'appeal', 'uphold', 'appeal', 'reopen', ...MAIN],
  },
  'not-established': { steps: ['register', 'analyze', 'notEstablished'] },
  withdrawn: { filing: { request: { kind: 'exchange', quantity: null } }, steps: ['withdraw'] },
  'joint-inspection-reminders': { filing: { jointInspection: true }, steps: ['register', 'assign', 'inspect', ...MAIN.slice(0, 2)], waitMs: 3500 },
};

async function runComplaint(stack: TestStack, tokens: Record<string, string>, scenario: (typeof SCENARIOS)[string]): Promise<string> {
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(tokens.sales!)).send(complaintFiling(scenario.filing)).expect(201);
  const id = filed.body.id as string;
  for (const [i, name] of scenario.steps.entries()) {
    const [role, body] = ROUTE[name]!;
    const res = await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(tokens[role]!)).send(body);
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
    // Let deadline timers fire in between, so that the history holds reminders too.
    if (scenario.waitMs && i === 0) await new Promise((r) => setTimeout(r, scenario.waitMs));
  }
  return id;
}

captureWith({ COMPLAINT_STAGE_DEADLINES: 'analysis=1s,registration=1s', COMPLAINT_REMINDER_INTERVAL: '1s', JOINT_INSPECTION_REPORT_DEADLINE: '1s' }, async (stack) => {
  const tokens: Record<string, string> = {};
  for (const role of ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'rnd', 'sales_manager', 'vp', 'gm'] as const) {
    tokens[role] = (await stack.user([role])).token;
  }
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    const id = await runComplaint(stack, tokens, scenario);
    const ends = scenario.steps.includes('close') || scenario.steps.includes('notEstablished') || scenario.steps.includes('withdraw');
    await saveHistory(stack, complaintWorkflowId(id), `complaintWorkflow-${name}`, ends);
  }
});
