// Captures the histories of lean projections (a case's projection receives what changed, through a
// local activity) and of a contract that continued as new, for the replay gate (test/replay.test.ts).
//   npx tsx test/replay/capture/capture-lean-histories.ts   writes test/replay/histories/<workflow>-<path>-lean.json
// and the two runs of the continued contract. `npx tsx scripts/history-size.ts <file>` prints their sizes.
// Run it when one of these paths changes; never to paper over a replay failure (docs/VERSIONING.md).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addDays, endOfLocalDate, localDateIn } from '../../../domain/localTime';
import { historyToJson } from '../../../temporal/replay';
import { complaintWorkflowId } from '../../../workflows/complaint';
import { contractWorkflowId } from '../../../workflows/contract';
import { serviceCallWorkflowId } from '../../../workflows/serviceCall';
import { bearer, complaintFiling } from '../../support/fixtures';
import { HISTORIES_DIR, captureWith, saveHistory } from './captureHistories';

const TZ = 'Asia/Shanghai';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tomorrow = addDays(localDateIn(TZ, new Date()), 1);

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

captureWith(
  () => ({
    COMPLAINT_STAGE_DEADLINES: 'analysis=1s,registration=1s',
    COMPLAINT_REMINDER_INTERVAL: '1s',
    COMPLAINT_STAGE_ESCALATION_AFTER: '2s',
    TIME_ZONE: TZ,
    SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
    SURVEY_DELAY: '1s',
    // A contract ending tomorrow gets its notice a few seconds after start, and its history is
    // long enough by then to continue as new.
    CONTRACT_NOTICE_LEAD: `${endOfLocalDate(tomorrow, TZ).getTime() - (Date.now() + 8000)}ms`,
    WORKFLOW_HISTORY_LIMIT: '10',
  }),
  async (stack) => {
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};
    for (const role of ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'sales_manager', 'clerk', 'service_supervisor', 'technician', 'service_dept'] as const) {
      const user = await stack.user([role]);
      tokens[role] = user.token;
      ids[role] = user.id;
    }

    // A complaint along its main path.
    const filed = await stack.http.post('/api/v1/complaints').set(bearer(tokens.sales!)).send(complaintFiling());
    if (filed.status !== 201) throw new Error(`file: ${filed.status} ${JSON.stringify(filed.body)}`);
    for (const [role, body] of MAIN_PATH) {
      const res = await stack.http.post(`/api/v1/complaints/${filed.body.id}/actions`).set(bearer(tokens[role]!)).send(body);
      if (res.status !== 200) throw new Error(`${String(body.action)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await saveHistory(stack, complaintWorkflowId(filed.body.id), 'complaintWorkflow-main-path-lean', true);

    // A service call resolved on site, to its survey.
    const call = await stack.http
      .post('/api/v1/service-calls')
      .set(bearer(tokens.clerk!))
      .send({ customer: { name: 'Suzhou Textile Co.', address: '88 Renmin Road, Suzhou', phone: '13800001234' }, productModel: 'LX-200', serialNo: `SN-${randomUUID().slice(0, 8)}`, area: 'suburban', description: 'Controller resets' });
    if (call.status !== 201) throw new Error(`register: ${call.status} ${JSON.stringify(call.body)}`);
    for (const [role, body] of [
      ['service_supervisor', { action: 'dispatch', technicianId: ids.technician }],
      ['technician', { action: 'arrive' }],
      ['technician', { action: 'resolve_on_site', customerSigned: true, workMinutes: 45, parts: [{ partNo: 'F1', quantity: 1, cost: '3.50' }], fee: { amount: '80', collectedOnSite: true } }],
    ] as const) {
      const r = await stack.http.post(`/api/v1/service-calls/${call.body.id}/actions`).set(bearer(tokens[role]!)).send(body);
      if (r.status !== 200) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    await saveHistory(stack, serviceCallWorkflowId(call.body.id), 'serviceCallWorkflow-on-site-lean', true);

    // A contract whose notice comes when its history is at the limit: it continues as new, and the
    // renewal is taken by the new run.
    const contract = await stack.http
      .post('/api/v1/contracts')
      .set(bearer(tokens.service_dept!))
      .send({ customer: { name: 'Wuxi Works' }, serialNos: ['SN-K1'], startsOn: addDays(tomorrow, -365), endsOn: tomorrow, amount: '12000' });
    if (contract.status !== 201) throw new Error(`contract: ${contract.status} ${JSON.stringify(contract.body)}`);
    const workflowId = contractWorkflowId(contract.body.id);
    const first = stack.client.workflow.getHandle(workflowId);
    const { runId } = await first.describe();
    for (let i = 0; i < 60 && (await stack.db.workItem.count({ where: { caseId: contract.body.id } })) === 0; i++) await sleep(500);
    for (let i = 0; i < 60 && (await first.describe()).runId === runId; i++) await sleep(500);
    const renewed = await stack.http.post(`/api/v1/contracts/${contract.body.id}/renew`).set(bearer(tokens.service_dept!)).send({ endsOn: addDays(tomorrow, 365), amount: '13000' });
    if (renewed.status !== 200) throw new Error(`renew: ${renewed.status} ${JSON.stringify(renewed.body)}`);
    const firstRun = await stack.client.workflow.getHandle(workflowId, runId).fetchHistory();
    if (!firstRun.events?.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)) throw new Error('the contract did not continue as new');
    fs.writeFileSync(path.join(HISTORIES_DIR, 'contractWorkflow-continued-as-new-first-run.json'), historyToJson(firstRun));
    console.log(`captured contractWorkflow-continued-as-new-first-run (${firstRun.events?.length} events)`);
    await saveHistory(stack, workflowId, 'contractWorkflow-continued-as-new-second-run', false);
  },
);
