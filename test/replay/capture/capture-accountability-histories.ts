// Captures workflow histories from real runs of every accountability path (what follows a closed
// complaint) and of the monthly report, for the replay gate (test/replay.test.ts), like
// test/replay/capture/capture-histories.ts does for complaints.
//   npx tsx test/replay/capture/capture-accountability-histories.ts   writes test/replay/histories/<workflow>-<path>.json
// Run it when one of these workflows gains a path; never to paper over a replay failure (docs/VERSIONING.md).
import { randomUUID } from 'node:crypto';
import { DEFAULT_ACCOUNTING_RULES } from '../../../domain/accountability/allocation';
import { monthOf } from '../../../domain/accountability/ledger';
import { accountabilityActionSchemas } from '../../../domain/accountability/schemas';
import { COMPLAINT_INPUT, type Party, type PartyRole, type View, eventually, partyOf } from '../../integration/accountabilityHelpers';
import { bearer, complaintFiling } from '../../support/fixtures';
import type { TestStack } from '../../support/stack';
import { captureWith, saveHistory } from './captureHistories';
import { accountabilityActionUpdate, accountabilityWorkflow, accountabilityWorkflowId } from '../../../workflows/accountability';
import { monthlyReportWorkflow } from '../../../workflows/monthlyReport';

const GROUP = 'manufacturing/section-2/group-3';
// P8's window, short enough to let one expire here. The closing activity reads the accounting
// rules from the worker's environment (the test stack builds its activities without them).
const RESALE_WINDOW = '6s';

type Step = [role: PartyRole, body: Record<string, unknown>];

interface Scenario {
  /** The complaint's closing (C9) and any overridden complaint action bodies. */
  close: { responsibility: unknown[]; lossAmount: string };
  over?: Record<string, Record<string, unknown>>;
  /** Accountability actions, in order, once the case's accountability is open. */
  steps: Step[];
}

const SCENARIOS: Record<string, Scenario> = {
  // Joint fault, no goods to resell: the approval fixes the loss; the warning goes to HR (P1).
  'approved-published': {
    close: { responsibility: [{ department: GROUP, ratio: 0.6 }, { department: 'sales', person: 'p-li', ratio: 0.4 }], lossAmount: '4321.50' },
    steps: [
      ['gm_office', { action: 'propose', resale: false, lines: [{ entry: 0, ground: 'materials_not_per_spec', level: 'none' }, { entry: 1, ground: 'order_entry_error', level: 'warning' }] }],
      ['gm', { action: 'approve', comment: 'Agreed' }],
      ['hr', { action: 'publish', reference: 'Bulletin 2026-47' }],
    ],
  },
  // The GM rejects the first proposal; the GM office proposes again and the GM approves.
  'rejected-reproposed': {
    close: { responsibility: [{ department: 'manufacturing', person: 'p-b', ratio: 1 }], lossAmount: '1500' },
    steps: [
      ['gm_office', { action: 'propose', resale: false, lines: [{ entry: 0, ground: 'inspection_data_mismatch', level: 'minor_demerit' }] }],
      ['gm', { action: 'reject', comment: 'Too harsh for a first fault' }],
      ['gm_office', { action: 'propose', resale: false, lines: [{ entry: 0, ground: 'inspection_data_mismatch', level: 'none' }], comment: 'Deduction only' }],
      ['gm', { action: 'approve' }],
    ],
  },
  // A return (goods to resell by default): sold inside the window, the shortfall is the loss; HR publishes.
  'resale-sold': {
    close: { responsibility: [{ department: 'manufacturing', person: 'p-a', ratio: 1 }], lossAmount: '10000' },
    steps: [
      ['gm_office', { action: 'propose', lines: [{ entry: 0, ground: 'inspection_data_mismatch', level: 'minor_demerit' }] }],
      ['gm', { action: 'approve' }],
      ['sales', { action: 'record_resale', outcome: 'sold', saleAmount: '7000', aGradeAmount: '9000' }],
      ['hr', { action: 'publish' }],
    ],
  },
  // Not resold: accounting records the actual loss inside the window.
  'resale-not-sold': {
    close: { responsibility: [{ department: GROUP, ratio: 1 }], lossAmount: '3000' },
    steps: [
      ['gm_office', { action: 'propose', lines: [{ entry: 0, ground: 'materials_not_per_spec', level: 'none' }] }],
      ['gm', { action: 'approve' }],
      ['accounting', { action: 'record_resale', outcome: 'not_sold', actualLoss: '2500' }],
    ],
  },
  // Nothing recorded: the window's durable timer ends it and the closing's loss stands.
  'resale-expired': {
    close: { responsibility: [{ department: GROUP, ratio: 1 }], lossAmount: '2000' },
    steps: [
      ['gm_office', { action: 'propose', lines: [{ entry: 0, ground: 'materials_not_per_spec', level: 'none' }] }],
      ['gm', { action: 'approve' }],
    ],
  },
  // C9: QA found the fault is not ours: the allocation is kept, nobody is charged.
  'not-our-fault': {
    close: { responsibility: [{ department: 'manufacturing', ratio: 1 }], lossAmount: '800' },
    over: { analyze: { ourFault: false } },
    steps: [],
  },
};

async function closedComplaint(stack: TestStack, who: Party, scenario: Scenario): Promise<string> {
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(who.sales.token)).send(complaintFiling());
  if (filed.status !== 201) throw new Error(`file: ${filed.status} ${JSON.stringify(filed.body)}`);
  let view = filed.body as View;
  const over: Record<string, Record<string, unknown>> = { ...scenario.over, close: { ...COMPLAINT_INPUT.close, ...scenario.close } };
  for (let i = 0; view.stage !== 'closed'; i++) {
    if (i > 20 || !view.awaiting) throw new Error(`case ${view.id} never closed (at ${view.stage})`);
    const { action, roles } = view.awaiting;
    const res = await stack.http
      .post(`/api/v1/complaints/${view.id}/actions`)
      .set(bearer(who[roles[0] as PartyRole].token))
      .send({ ...COMPLAINT_INPUT[action], ...over[action] });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    view = res.body as View;
  }
  return view.id;
}


captureWith({ RESALE_WINDOW, MONTHLY_REPORT_ENABLED: 'false' }, async (stack) => {
  const who = await partyOf(stack);
  const month = monthOf(new Date(), stack.config.timeZone);
  // Master data (P12, P13, P14): the people charged and their bonuses this month.
  const people: [string, Record<string, unknown>][] = [
    ['p-a', { name: 'An Ping', unit: GROUP, basePoints: '1.20' }],
    ['p-b', { name: 'Bai Lu', unit: GROUP, basePoints: 1 }],
    ['p-c', { name: 'Cao Yu', unit: GROUP, basePoints: '0.8' }],
    ['p-li', { name: 'Li Sales', unit: 'sales/east', basePoints: '1.00', userId: who.sales.id }],
  ];
  for (const [id, body] of people) {
    const res = await stack.http.put(`/api/v1/people/${id}`).set(bearer(who.hr.token)).send(body);
    if (res.status !== 201) throw new Error(`person ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    const bonus = await stack.http.put(`/api/v1/bonuses/${month}/${id}`).set(bearer(who.accounting.token)).send({ efficiencyBonus: '1000', performanceBonus: '600' });
    if (bonus.status !== 201) throw new Error(`bonus ${id}: ${bonus.status} ${JSON.stringify(bonus.body)}`);
  }

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    const caseId = await closedComplaint(stack, who, scenario);
    await eventually(
      `the accountability of ${name}`,
      async () => (await stack.http.get(`/api/v1/accountability/${caseId}`).set(bearer(who.gm_office.token))).body,
      (b) => b.caseId === caseId,
    );
    for (const [role, body] of scenario.steps) {
      const res = await stack.http.post(`/api/v1/accountability/${caseId}/actions`).set(bearer(who[role].token)).send(body);
      if (res.status !== 200) throw new Error(`${name} ${String(body.action)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    // Every path ends: settled (and published where a penalty is administrative), or not ours.
    await saveHistory(stack, accountabilityWorkflowId(caseId), `accountabilityWorkflow-${name}`, true);
  }

  // P1, G3: a review past its deadline: reminded (and escalated) before the proposal, then the
  // late proposal's approval reminded a reminder interval later.
  {
    const caseId = randomUUID();
    const now = Date.now();
    const handle = await stack.client.workflow.start(accountabilityWorkflow, {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: accountabilityWorkflowId(caseId),
      args: [
        {
          caseId, caseNumber: null, closedAt: new Date(now).toISOString(), customer: 'Ningbo Motors', market: 'domestic',
          responsibility: [{ department: 'qa', ratio: 1 }], lossFen: 100_000, ourFault: true, humanNegligence: false,
          cause: 'Gauge out of calibration', countermeasure: null, trackImprovement: false, handlingKind: 'allowance', rules: DEFAULT_ACCOUNTING_RULES,
          review: { dueAt: new Date(now + 1500).toISOString(), reminderIntervalMs: 1500 },
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 4000)); // the deadline and one more reminder
    const act = (role: PartyRole, body: Record<string, unknown>) =>
      handle.executeUpdate(accountabilityActionUpdate, { args: [{ actor: { id: who[role].id, name: role, roles: [role] }, command: accountabilityActionSchemas.union().parse(body) }] });
    await act('gm_office', { action: 'propose', lines: [{ entry: 0, ground: 'materials_not_per_spec', level: 'none' }] });
    await new Promise((r) => setTimeout(r, 2500)); // the approval's first reminder
    await act('gm', { action: 'approve' });
    await saveHistory(stack, handle.workflowId, 'accountabilityWorkflow-review-reminders', true);
  }

  // The GM office compiles this month's statistics through the API (the month is not over: the
  // ledger stays provisional).
  const compiled = await stack.http.post('/api/v1/reports/complaints/monthly').set(bearer(who.gm_office.token)).send({ month });
  if (compiled.status !== 200) throw new Error(`compile: ${compiled.status} ${JSON.stringify(compiled.body)}`);
  const listed = await eventually(
    'the compile run in visibility',
    async () => {
      const ids: string[] = [];
      for await (const w of stack.client.workflow.list({ query: `WorkflowType = 'monthlyReportWorkflow'` })) ids.push(w.workflowId);
      return ids;
    },
    (ids) => ids.length > 0,
  );
  await saveHistory(stack, listed[0]!, 'monthlyReportWorkflow-compile-endpoint', true);

  // The schedule's run: no month given, so last month (settled, as it is over).
  const scheduled = await stack.client.workflow.start(monthlyReportWorkflow, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: `monthly-report-capture-${randomUUID()}`,
    args: [{}],
  });
  await saveHistory(stack, scheduled.workflowId, 'monthlyReportWorkflow-scheduled', true);
});
