// Captures workflow histories from real runs of the installed-base paths (O6) for the replay gate
// (test/replay.test.ts): a service call registered by serial number that closes and whose follow-up
// call falls due, and an import job that writes contracts and starts their workflows.
//   npx tsx test/replay/capture/capture-installed-base-histories.ts   writes test/replay/histories/<workflow>-<path>.json
// Run it when one of these workflows gains a path; never to paper over a replay failure (docs/VERSIONING.md).
import { bearer } from '../../support/fixtures';
import { captureWith, saveHistory } from './captureHistories';
import { importWorkflowId } from '../../../workflows/imports';
import { serviceCallWorkflowId } from '../../../workflows/serviceCall';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

captureWith({ SERVICE_CALENDAR_ALWAYS_OPEN: 'true', SURVEY_DELAY: '1s', FOLLOW_UP_DELAY: '2s' }, async (stack) => {
  const clerk = await stack.user(['clerk']);
  const supervisor = await stack.user(['service_supervisor']);
  const tech = await stack.user(['technician']);
  const dept = await stack.user(['service_dept']);
  const post = async (who: { token: string }, path: string, body: unknown, ok = [200, 201]) => {
    const r = await stack.http.post(path).set(bearer(who.token)).send(body as object);
    if (!ok.includes(r.status)) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  const customer = await post(dept, '/api/v1/customers', {
    code: 'KH-CAPTURE',
    name: '苏州纺织机械有限公司',
    sites: [{ name: '一号车间', address: '苏州市人民路88号', area: 'urban' }],
    contacts: [{ name: '王工', phone: '13800001234', site: '一号车间' }],
  });
  await post(clerk, '/api/v1/products', { serialNo: 'SN-CAPTURE-1', model: 'LX-200', customerId: customer.id, siteId: customer.sites[0].id, warrantyUntil: '2099-12-31' });

  // A call by serial number alone, resolved on site; the survey, then the follow-up call falls due.
  const call = await post(clerk, '/api/v1/service-calls', { serialNo: 'SN-CAPTURE-1', description: '控制器反复重启' });
  await post(supervisor, `/api/v1/service-calls/${call.id}/actions`, { action: 'dispatch', technicianId: tech.id });
  await post(tech, `/api/v1/service-calls/${call.id}/actions`, { action: 'arrive' });
  await post(tech, `/api/v1/service-calls/${call.id}/actions`, { action: 'resolve_on_site', customerSigned: true, workMinutes: 30 });
  await saveHistory(stack, serviceCallWorkflowId(call.id), 'serviceCallWorkflow-follow-up', true);

  // An import of two contracts: written in one transaction, each contract's workflow started once.
  const file = ['contract_no,customer_code,serial_nos,starts_on,ends_on,amount', 'HT-CAPTURE-1,KH-CAPTURE,SN-CAPTURE-1,2026-01-01,2099-12-31,12000', 'HT-CAPTURE-2,KH-CAPTURE,SN-CAPTURE-2,2026-01-01,2099-12-31,8000'].join('\n');
  const r = await stack.http.post('/api/v1/imports').query({ kind: 'contracts' }).set(bearer(dept.token)).set('Content-Type', 'text/csv').send(Buffer.from(file));
  if (r.status !== 201 && r.status !== 202) throw new Error(`import: ${r.status} ${JSON.stringify(r.body)}`);
  await sleep(500);
  await saveHistory(stack, importWorkflowId(r.body.id), 'importWorkflow-contracts', true);
});
