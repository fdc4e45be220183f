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
  countermeasure: [
    'manufacturing',
    {
      action: 'countermeasure',
      cause: 'Worn die',
      countermeasure: 'Replace the die; 100% inspection for a month',
      traceability: { productionUnit: 'manufacturing/section-1/group-2', machine: 'P-12', shift: 'A', operators: ['Zhang Wei', 'Li Qiang'], productionDate: '2026-10-20' },
    },
  ],
  review: ['manager_office', { action: 'review', comment: 'Agreed' }],
  rnd: ['rnd', { action: 'rnd_review', opinion: 'Increase the wall thickness' }],
  check: ['gm_office', { action: 'check' }],
  supplier: ['gm_office', { action: 'coordinate_supplier', supplier: 'Ningbo Coatings', outcome: 'Supplier bears 30%', supplierRatio: 0.3 }],
  propose: ['sales', { action: 'propose', handling: { kind: 'return', quantity: 37, unitPrice: '200', compensation: '600' } }],
  proposeBig: ['sales', { action: 'propose', handling: { kind: 'compensation', compensation: '150000.50' } }],
  proposeUndetermined: ['sales', { action: 'propose', handling: { kind: 'exchange', quantity: null, unitPrice: '250' } }],
  stateQuantity: ['sales', { action: 'state_quantity', quantity: 30 }],
  consolidate: ['gm_office', { action: 'consolidate', opinion: 'Accept the return' }],
  consolidateOverride: ['gm_office', { action: 'consolidate', opinion: 'Freight and rework on top', amount: '120000', amountReason: 'Freight and the rework of the customer’s line' }],
  approveSm: ['sales_manager', { action: 'decide', decision: 'approve' }],
  approveGm: ['gm', { action: 'decide', decision: 'approve', comment: 'Approved' }],
  rework: ['gm', { action: 'decide', decision: 'rework', reworkStage: 'proposal' }],
  result: ['sales', { action: 'record_result', customerAccepted: true, result: 'Customer accepted by phone', channel: 'phone' }],
  confirm: ['sales_manager', { action: 'confirm' }],
  close: ['gm_office', { action: 'close', responsibility: [{ department: 'manufacturing', person: 'Zhang Wei', ratio: 0.7 }, { department: 'qa', ratio: 0.3 }], lossAmount: '8000', trackImprovement: true }],
  appeal: ['manufacturing', { action: 'appeal', reason: 'The die was within its service life' }],
  uphold: ['gm', { action: 'rule_appeal', ruling: 'uphold' }],
  reopen: ['gm', { action: 'rule_appeal', ruling: 'reopen', reopenStage: 'analysis' }],
  notEstablished: ['gm_office', { action: 'not_established', reason: 'Damage arose at the customer' }],
  withdraw: ['sales', { action: 'withdraw', reason: 'Customer withdrew the claim' }],
  comment: ['qa', { action: 'comment', comment: 'Samples received' }],
  assign: ['gm', { action: 'assign_inspector', inspectorId: 'qc-7', inspectorName: 'QC Liu' }],
  requestInspection: ['sales', { action: 'request_inspection' }],
  investigate: ['qa', { action: 'record_investigation', investigatedOn: '2026-11-02' }],
  petition: ['sales', { action: 'appeal', reason: 'The customer disputes the finding' }],
  inspect: ['qa', { action: 'report_inspection', findings: 'Burrs on 37 parts', investigatedOn: '2026-11-20' }],
};

const MAIN = ['analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'approveSm', 'result', 'confirm', 'close'];

const SCENARIOS: Record<string, { filing?: Record<string, unknown>; steps: string[]; waitMs?: number; waitAfter?: string }> = {
  'main-path': { steps: ['register', 'comment', ...MAIN] },
  'rnd-supplier-rework-gm': {
    filing: { market: 'foreign', customer: { name: 'Osaka Denki', country: 'JP' } },
    steps: ['register', 'analyzeRnd', 'countermeasure', 'review', 'rnd', 'check', 'supplier', 'proposeBig', 'consolidate', 'rework', 'proposeBig', 'consolidate', 'approveGm', 'result', 'confirm', 'close'],
  },
  'undetermined-quantity-override': {
    steps: ['register', 'analyze', 'countermeasure', 'review', 'check', 'proposeUndetermined', 'stateQuantity', 'consolidateOverride', 'approveGm', 'result', 'confirm', 'close'],
  },
  'appeal-uphold-reopen': {
    steps: ['register', 'analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'approveSm', 'appeal', 'uphold', 'appeal', 'reopen', ...MAIN],
  },
  'not-established': { steps: ['register', 'analyze', 'notEstablished'] },
  'not-established-petition-upheld': { steps: ['register', 'analyze', 'notEstablished', 'petition', 'uphold'] },
  'inspection-requested-later': { steps: ['register', 'analyze', 'requestInspection', 'investigate', 'inspect', ...MAIN.slice(1)] },
  withdrawn: { filing: { request: { kind: 'exchange', quantity: null } }, steps: ['withdraw'] },
  'joint-inspection-reminders': { filing: { jointInspection: true }, steps: ['register', 'assign', 'investigate', 'inspect', ...MAIN.slice(0, 2)], waitMs: 3500, waitAfter: 'investigate' },
};

async function runComplaint(stack: TestStack, tokens: Record<string, string>, scenario: (typeof SCENARIOS)[string]): Promise<string> {
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(tokens.sales!)).send(complaintFiling(scenario.filing)).expect(201);
  const id = filed.body.id as string;
  for (const [i, name] of scenario.steps.entries()) {
    const [role, body] = ROUTE[name]!;
    const res = await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(tokens[role]!)).send(body);
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
    // Let deadline timers fire in between, so that the history holds reminders too.
    if (scenario.waitMs && (scenario.waitAfter ? name === scenario.waitAfter : i === 0)) await new Promise((r) => setTimeout(r, scenario.waitMs));
  }
  return id;
}

captureWith({ COMPLAINT_STAGE_DEADLINES: 'analysis=1s,registration=1s', COMPLAINT_REMINDER_INTERVAL: '1s', JOINT_INSPECTION_REPORT_DEADLINE: '1s', COMPLAINT_STAGE_ESCALATION_AFTER: '2s', COMPLAINT_PETITION_WINDOW: '3s' }, async (stack) => {
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
