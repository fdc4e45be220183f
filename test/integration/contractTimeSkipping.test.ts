// S15 at full length in the time-skipping test server: a contract's expiry notice and renewal work
// item come 30 days (CONTRACT_NOTICE_LEAD) before it ends, not earlier; a renewal re-arms the
// notice for the new end; an unrenewed term expires.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { type Config, loadConfig } from '../../config';
import { type Database, createDatabase } from '../../db/client';
import { addDays, localDateIn } from '../../domain/localTime';
import { zContractFiling } from '../../domain/serviceCall/schemas';
import { newContractInput } from '../../config/caseRules';
import { contractTermTimes } from '../../domain/contract/machine';
import { contractQuery, contractRenewUpdate, contractWorkflow, contractWorkflowId } from '../../workflows/contract';
import { createTestDatabaseUrl } from '../support/database';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { eventually, sleep } from './serviceHelpers';

jest.setTimeout(180_000);

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

let env: TestWorkflowEnvironment;
let db: Database;
let config: Config;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  env = await createTimeSkippingEnv();
  const url = await createTestDatabaseUrl();
  db = createDatabase(url);
  config = loadConfig({ DATABASE_URL: url, TEMPORAL_ADDRESS: 'time-skipping', TIME_ZONE: TZ, LOG_LEVEL: 'silent' });
});
afterAll(async () => {
  await db?.$disconnect();
  await env?.teardown();
});

async function skipTo(targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs > now) await env.sleep(targetMs - now);
}

test('S15: notice and renewal work item one month before the end, not before; a renewal re-arms it; an unrenewed term expires', async () => {
  const taskQueue = `ts-contract-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities: createActivities({ db, timeZone: TZ, accounting: config.accounting, customerMessages: config.customerMessages }),
  });
  await worker.runUntil(
    (async () => {
      expect(config.service.contractNoticeLeadMs).toBe(30 * DAY);
      const today = localDateIn(TZ, new Date(await env.currentTimeMs()));
      const endsOn = addDays(today, 90);
      const id = randomUUID();
      const filing = zContractFiling().parse({ customer: { name: 'Wuxi Dyeing Works', address: '5 Canal Street' }, serialNos: ['SN-TS-1'], startsOn: today, endsOn, amount: '12000' });
      const input = newContractInput(config, { id, number: 'HT2611-901', filing, createdBy: { id: 'dept-1', name: 'Lin' }, at: new Date(await env.currentTimeMs()) });
      const handle = await env.client.workflow.start(contractWorkflow, { taskQueue, workflowId: contractWorkflowId(id), args: [input] });
      const noticeAt = Date.parse(input.term.noticeAt);
      expect(Date.parse(input.term.expiresAt) - noticeAt).toBe(30 * DAY);
      await eventually('contract projected', () => db.serviceContract.findUnique({ where: { id } }), (r) => r !== null);

      await skipTo(noticeAt - DAY); // 31 days before the end: nothing yet
      await sleep(300);
      expect(await db.notice.count({ where: { caseId: id } })).toBe(0);
      expect(await db.workItem.count({ where: { caseId: id } })).toBe(0);

      await skipTo(noticeAt + 60_000);
      await eventually('S15 notice', () => db.workItem.findMany({ where: { caseId: id, kind: 'contract_renewal' } }), (w) => w.length === 1);
      const [notice] = await db.notice.findMany({ where: { caseId: id } });
      expect(notice!.at.getTime()).toBeGreaterThanOrEqual(noticeAt);
      expect(notice!.at.getTime()).toBeLessThan(noticeAt + 5 * 60_000);
      // No gateway here: the letter waits for the service department to send it.
      expect(await db.customerMessage.findMany({ where: { caseId: id } })).toEqual([expect.objectContaining({ kind: 'contract_expiry', channel: 'letter', status: 'to_staff' })]);
      expect(await db.workItem.findFirst({ where: { caseId: id, kind: 'customer_message' } })).toMatchObject({ roles: '["service_dept"]', status: 'open' });
      expect(await db.workItem.findFirst({ where: { caseId: id, kind: 'contract_renewal' } })).toMatchObject({ kind: 'contract_renewal', status: 'open', dueAt: new Date(input.term.expiresAt) });

      // Renewed ten days later for a year: the old item is done, the notice re-armed for the new end.
      await skipTo(noticeAt + 10 * DAY);
      const newEnd = addDays(endsOn, 365);
      const times = contractTermTimes(newEnd, TZ, config.service.contractNoticeLeadMs);
      const renewed = await handle.executeUpdate(contractRenewUpdate, {
        args: [{ actor: { id: 'dept-1', name: 'Lin', roles: ['service_dept'] }, input: { endsOn: newEnd, amount: '13000' }, times }],
      });
      expect(renewed).toMatchObject({ endsOn: newEnd, noticeSent: false, noticeAt: times.noticeAt });
      await eventually('renewal item done', () => db.workItem.findFirst({ where: { caseId: id, kind: 'contract_renewal' } }), (w) => w?.status === 'done');

      // Past the old end: still active, no second notice.
      await skipTo(Date.parse(input.term.expiresAt) + 5 * DAY);
      await sleep(300);
      expect((await handle.query(contractQuery)).status).toBe('active');
      expect(await db.notice.count({ where: { caseId: id } })).toBe(1);

      // Left alone, the new term gets its own notice and then expires.
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'expired', endsOn: newEnd });
      expect(Date.parse(result.expiredAt!)).toBeGreaterThanOrEqual(Date.parse(times.expiresAt));
      const items = await db.workItem.findMany({ where: { caseId: id, kind: 'contract_renewal' }, orderBy: { createdAt: 'asc' } });
      expect(items.map((w) => [w.kind, w.status])).toEqual([
        ['contract_renewal', 'done'],
        ['contract_renewal', 'open'],
      ]);
      expect(await db.notice.count({ where: { caseId: id } })).toBe(2);
      expect((await db.customerMessage.findMany({ where: { caseId: id } })).map((m) => m.kind)).toEqual(['contract_expiry', 'contract_expiry']);
      await eventually('expiry projected', () => db.serviceContract.findUnique({ where: { id } }), (r) => r?.status === 'expired');
    })(),
  );
});
