// The installed base and customer files (O6) through HTTP on the real stack: customer and product
// files and their search (Chinese names, masked phones), a service call registered by serial number
// alone (S1, S2), the machine's service history, follow-up calls after a repair, and imports of
// customers, products and contracts from CSV and XLSX files (dry run, per-row problems, one
// transaction, contract workflows started once).
import ExcelJS from 'exceljs';
import { addDays, localDateIn } from '../../domain/localTime';
import { contractWorkflowId } from '../../workflows/contract';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type ServiceParty, type View, eventually, expectStatus, servicePartyOf, serviceApi } from './serviceHelpers';

jest.setTimeout(120_000);

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;
const run = Math.random().toString(36).slice(2, 8).toUpperCase();

beforeAll(async () => {
  stack = await startTestStack({ SERVICE_CALENDAR_ALWAYS_OPEN: 'true', SURVEY_DELAY: '1s', FOLLOW_UP_DELAY: '3s', FOLLOW_UP_ATTEMPTS: '2', IMPORT_MAX_ROWS: '50' });
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const today = () => localDateIn(stack.config.timeZone, new Date());

async function newCustomer(overrides: Record<string, unknown> = {}): Promise<View> {
  const res = await stack.http
    .post('/api/v1/customers')
    .set(bearer(p.service_dept.token))
    .send({
      code: `KH-${run}-${Math.random().toString(36).slice(2, 8)}`,
      name: `苏州纺织机械有限公司 ${run}`,
      region: '华东',
      sites: [{ name: '一号车间', address: '苏州市人民路88号', area: 'suburban' }],
      contacts: [{ name: '王工', phone: '+86 512 6666 1234', site: '一号车间' }],
      ...overrides,
    });
  expectStatus(res, 201);
  return res.body;
}

async function newProduct(customer: View, overrides: Record<string, unknown> = {}): Promise<View> {
  const res = await stack.http
    .post('/api/v1/products')
    .set(bearer(p.clerk.token))
    .send({
      serialNo: `SN-${run}-${Math.random().toString(36).slice(2, 8)}`,
      model: 'LX-200',
      customerId: customer.id,
      siteId: customer.sites[0].id,
      acceptedOn: '2026-01-10',
      commissionedOn: '2026-01-20',
      warrantyUntil: addDays(today(), 200),
      ...overrides,
    });
  expectStatus(res, 201);
  return res.body;
}

describe('O6: customer and product files', () => {
  test('O6: a customer file is found by a part of its Chinese name and by phone; lists mask phones, the file shows them to those who phone customers', async () => {
    const customer = await newCustomer();
    expect(customer.contacts[0]).toMatchObject({ name: '王工', phone: '+86 512 6666 1234' });

    const byName = await stack.http.get('/api/v1/customers').query({ q: `纺织机械有限公司 ${run}` }).set(bearer(p.clerk.token));
    expectStatus(byName, 200);
    expect(byName.body.items.map((c: View) => c.id)).toContain(customer.id);
    const listed = byName.body.items.find((c: View) => c.id === customer.id);
    expect(listed).toMatchObject({ phone: '+** *** **** 1234', sites: 1, products: 0 });

    const byPhone = await stack.http.get('/api/v1/customers').query({ phone: '0512-6666-1234' }).set(bearer(p.clerk.token));
    expectStatus(byPhone, 200);
    expect(byPhone.body.items.map((c: View) => c.id)).toContain(customer.id);

    // G6: accounting reads files with phones masked and may not search by phone.
    const masked = await stack.http.get(`/api/v1/customers/${customer.id}`).set(bearer(p.accounting.token));
    expectStatus(masked, 200);
    expect(masked.body.contacts[0].phone).toBe('+** *** **** 1234');
    expectStatus(await stack.http.get('/api/v1/customers').query({ phone: '66661234' }).set(bearer(p.accounting.token)), 403);
  });

  test('O6: a product is filed by serial number; full-width search text finds it; a serial number on file twice → 409, dates out of order → 400 naming the field', async () => {
    const customer = await newCustomer();
    const product = await newProduct(customer, { model: 'ＬＸ－３００' });
    expect(product).toMatchObject({ customer: { id: customer.id }, site: { name: '一号车间', address: '苏州市人民路88号', area: 'suburban' }, inWarranty: true, contract: null });

    const found = await stack.http.get('/api/v1/products').query({ q: 'lx-300' }).set(bearer(p.clerk.token));
    expectStatus(found, 200);
    expect(found.body.items.map((x: View) => x.serialNo)).toContain(product.serialNo);

    const twice = await stack.http.post('/api/v1/products').set(bearer(p.clerk.token)).send({ serialNo: product.serialNo, model: 'LX-200', customerId: customer.id });
    expectStatus(twice, 409);
    const dates = await stack.http
      .post('/api/v1/products')
      .set(bearer(p.clerk.token))
      .send({ serialNo: `SN-${run}-bad`, model: 'LX-200', customerId: customer.id, acceptedOn: '2026-02-01', commissionedOn: '2026-01-01' });
    expectStatus(dates, 400);
    expect(dates.body.error.details.map((d: View) => d.field)).toContain('commissionedOn');
    // A technician reads files but does not keep them.
    expectStatus(await stack.http.post('/api/v1/products').set(bearer(p.tech.token)).send({ serialNo: `SN-${run}-t`, model: 'X', customerId: customer.id }), 403);
  });
});

describe('O6: changing the files', () => {
  test('O6, S1: a warranty end corrected on the product file derives the next call\'s category; a renamed customer is found by its new name', async () => {
    const customer = await newCustomer();
    const product = await newProduct(customer);
    const patched = await stack.http.patch(`/api/v1/products/${product.serialNo}`).set(bearer(p.service_dept.token)).send({ warrantyUntil: '2026-01-31' });
    expectStatus(patched, 200);
    expect(patched.body).toMatchObject({ warrantyUntil: '2026-01-31', inWarranty: false });
    const call = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).send({ serialNo: product.serialNo, description: 'x' });
    expectStatus(call, 201);
    expect(call.body.category).toBe('A');

    const badDates = await stack.http.patch(`/api/v1/products/${product.serialNo}`).set(bearer(p.service_dept.token)).send({ warrantyUntil: '2025-01-01' });
    expectStatus(badDates, 400);
    expect(badDates.body.error.details.map((d: View) => d.field)).toEqual(['warrantyUntil']);

    const renamed = await stack.http.patch(`/api/v1/customers/${customer.id}`).set(bearer(p.service_dept.token)).send({ name: `常州精密机械 ${run}` });
    expectStatus(renamed, 200);
    const found = await stack.http.get('/api/v1/products').query({ q: `常州精密机械 ${run}` }).set(bearer(p.clerk.token));
    expect(found.body.items.map((x: View) => x.serialNo)).toEqual([product.serialNo]);
  });
});

describe('O6, S1, S2: a service call registered by serial number', () => {
  test('O6, S1: the serial number alone fills customer, phone, model, area and warranty; the category is derived (C, in warranty); the second call shows the first in its history', async () => {
    const customer = await newCustomer();
    const product = await newProduct(customer);
    const res = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).send({ serialNo: product.serialNo, description: '控制器反复重启' });
    expectStatus(res, 201);
    const call = res.body;
    expect(call).toMatchObject({
      category: 'C',
      area: 'suburban',
      productModel: 'LX-200',
      customer: { name: customer.name, address: '苏州市人民路88号' },
      installedBase: { productId: product.id, customerId: customer.id },
    });
    expect(call.installedBase.filled).toEqual(expect.arrayContaining(['customer.name', 'customer.address', 'customer.phone', 'productModel', 'area', 'warrantyUntil']));
    expect(call.machine.product).toMatchObject({ serialNo: product.serialNo, customer: { id: customer.id } });

    const second = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).send({ serialNo: product.serialNo, description: '又坏了' });
    expectStatus(second, 201);
    expect(second.body.machine.serviceHistory.map((h: View) => h.callId)).toContain(call.id);

    const file = await stack.http.get(`/api/v1/products/${encodeURIComponent(product.serialNo)}`).set(bearer(p.clerk.token));
    expectStatus(file, 200);
    expect(file.body.serviceHistory.map((h: View) => h.callId)).toEqual(expect.arrayContaining([call.id, second.body.id]));
    const owner = await stack.http.get(`/api/v1/customers/${customer.id}`).set(bearer(p.clerk.token));
    expect(owner.body.products.map((x: View) => x.serialNo)).toEqual([product.serialNo]);
    expect(owner.body.serviceHistory).toHaveLength(2);
  });

  test('O6, S1: a typed warranty end that differs from the file is refused naming warrantyUntil, and no call is registered', async () => {
    const customer = await newCustomer();
    const product = await newProduct(customer);
    const before = await stack.db.serviceCall.count();
    const res = await stack.http
      .post('/api/v1/service-calls')
      .set(bearer(p.clerk.token))
      .send({ serialNo: product.serialNo, description: 'x', warrantyUntil: '2020-01-01' });
    expectStatus(res, 400);
    expect(res.body.error.details.map((d: View) => d.field)).toContain('warrantyUntil');
    expect(await stack.db.serviceCall.count()).toBe(before);
  });

  test('S2: a serial number not on file still needs every field, each named', async () => {
    const res = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).send({ serialNo: `SN-${run}-unknown`, description: 'x' });
    expectStatus(res, 400);
    expect(res.body.error.details.map((d: View) => d.field)).toEqual(expect.arrayContaining(['customer', 'productModel', 'area']));
  });
});

describe('O6: follow-up calls after a repair', () => {
  test('O6: a closed call gets a follow-up, due FOLLOW_UP_DELAY later as a task for the service department; not reached then reached and satisfied completes it', async () => {
    const customer = await newCustomer();
    const product = await newProduct(customer);
    const call = await api.onSite(p, { serialNo: product.serialNo });
    const closed = await api.act(p.tech, call.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 20 });
    expect(closed.status).toBe('closed');
    expect(closed.followUp).toMatchObject({ id: null, openedAt: null });

    const scheduled = await stack.http.get('/api/v1/follow-ups').query({ callId: call.id }).set(bearer(p.service_dept.token));
    expectStatus(scheduled, 200);
    const [followUp] = scheduled.body.items;
    expect(followUp).toMatchObject({ status: 'scheduled', callId: call.id, serialNo: product.serialNo, customer: { phone: '+** *** **** 1234' } });
    // Not before its day.
    expectStatus(await stack.http.post(`/api/v1/follow-ups/${followUp.id}/attempts`).set(bearer(p.service_dept.token)).send({ reached: false }), 409);

    await eventually('the follow-up falls due', async () => (await stack.http.get(`/api/v1/follow-ups/${followUp.id}`).set(bearer(p.service_dept.token))).body, (f) => f.status === 'due');
    const tasks = await api.tasks(p.service_dept);
    expect(tasks.some((t) => t.caseId === followUp.id && t.action === 'follow_up')).toBe(true);
    expect((await api.get(p.clerk, call.id)).followUp).toMatchObject({ id: followUp.id });

    const reachedWithout = await stack.http.post(`/api/v1/follow-ups/${followUp.id}/attempts`).set(bearer(p.service_dept.token)).send({ reached: true });
    expectStatus(reachedWithout, 400);
    expect(reachedWithout.body.error.details.map((d: View) => d.field)).toContain('satisfied');
    expectStatus(await stack.http.post(`/api/v1/follow-ups/${followUp.id}/attempts`).set(bearer(p.clerk.token)).send({ reached: false }), 403);

    const first = await stack.http.post(`/api/v1/follow-ups/${followUp.id}/attempts`).set(bearer(p.service_dept.token)).send({ reached: false, remarks: '无人接听' });
    expectStatus(first, 200);
    expect(first.body).toMatchObject({ status: 'due', attempts: [{ reached: false, remarks: '无人接听' }] });
    const second = await stack.http.post(`/api/v1/follow-ups/${followUp.id}/attempts`).set(bearer(p.service_dept.token)).send({ reached: true, satisfied: true });
    expectStatus(second, 200);
    expect(second.body).toMatchObject({ status: 'done', satisfied: true, customer: { phone: '+86 512 6666 1234' } });
    expect((await api.tasks(p.service_dept)).some((t) => t.caseId === followUp.id)).toBe(false);
    expectStatus(await stack.http.post(`/api/v1/follow-ups/${followUp.id}/attempts`).set(bearer(p.service_dept.token)).send({ reached: false }), 409);

    // The machine's service history shows the repair and its follow-up.
    const file = await stack.http.get(`/api/v1/products/${encodeURIComponent(product.serialNo)}`).set(bearer(p.clerk.token));
    expect(file.body.serviceHistory).toEqual([
      expect.objectContaining({ callId: call.id, status: 'closed', path: 'on_site', workMinutes: 20, followUp: { id: followUp.id, status: 'done', satisfied: true } }),
    ]);
  });
});

describe('O6: imports from CSV and XLSX', () => {
  const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n'), 'utf8');
  const upload = (kind: string, body: Buffer, type = 'text/csv', dryRun = false) =>
    stack.http
      .post('/api/v1/imports')
      .query(dryRun ? { kind, dryRun: 'true' } : { kind })
      .set(bearer(p.service_dept.token))
      .set('Content-Type', type)
      .send(body);
  const code = (n: number) => `IMP-${run}-${n}`;

  test('O6: a dry run lists every problem by row and column and writes nothing; the corrected file is imported in one go, and a re-run changes nothing', async () => {
    const header = ['客户编号', '客户名称', '地点', '地址', '市区郊区', '联系人', '电话'];
    const bad = csv([
      header,
      [code(1), '无锡印染厂', '总厂', '无锡市运河路5号', '市区', '李经理', '0510-8888-1234'],
      [code(2), '', '', '', '乡下', '', 'abc'],
    ]);
    const dry = await upload('customers', bad, 'text/csv', true);
    expectStatus(dry, 200);
    expect(dry.body).toMatchObject({ dryRun: true, status: 'checked', rows: { total: 2 } });
    const at = dry.body.problems.map((x: View) => [x.row, x.column, x.severity]);
    expect(at).toEqual(expect.arrayContaining([[3, '客户名称', 'error'], [3, '市区郊区', 'error'], [3, '电话', 'error']]));
    expect(await stack.db.customer.count({ where: { code: { in: [code(1), code(2)] } } })).toBe(0);

    // The same errors refuse the import itself: nothing written, the job failed with its problems.
    const refused = await upload('customers', bad);
    expect([201, 202]).toContain(refused.status);
    const failed = await eventually('the import fails', async () => (await stack.http.get(refused.headers.location!).set(bearer(p.service_dept.token))).body, (j) => j.status === 'failed');
    expect(failed.errorCount).toBeGreaterThanOrEqual(3);
    expect(await stack.db.customer.count({ where: { code: code(1) } })).toBe(0);

    const good = csv([
      header,
      [code(1), '无锡印染厂', '总厂', '无锡市运河路5号', '市区', '李经理', '0510-8888-1234'],
      [code(1), '无锡印染厂', '二厂', '无锡市新区10号', '郊区', '赵工', '13900001111'],
      [code(2), '常州机械', '', '常州市中山路1号', '', '', ''],
    ]);
    const imported = await upload('customers', good);
    expect([201, 202]).toContain(imported.status);
    const done = await eventually('the import is written', async () => (await stack.http.get(`/api/v1/imports/${imported.body.id}`).set(bearer(p.service_dept.token))).body, (j) => j.status === 'done');
    expect(done).toMatchObject({ counts: { created: 2, updated: 0, unchanged: 0 }, rows: { total: 3, written: 3 }, errorCount: 0 });
    const wuxi = await stack.db.customer.findUniqueOrThrow({ where: { code: code(1) } });
    expect(await stack.db.customerSite.count({ where: { customerId: wuxi.id } })).toBe(2);

    const again = await upload('customers', good);
    const rerun = await eventually('the re-run', async () => (await stack.http.get(`/api/v1/imports/${again.body.id}`).set(bearer(p.service_dept.token))).body, (j) => j.status === 'done');
    expect(rerun.counts).toMatchObject({ created: 0, unchanged: 2 });
    expect(await stack.db.customerSite.count({ where: { customerId: wuxi.id } })).toBe(2);
  });

  test('O6: products come in from an XLSX sheet (date cells included); a call on an imported serial number is filled from it', async () => {
    const customer = await newCustomer();
    const serial = `XL-${run}-1`;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('产品');
    sheet.addRow(['序列号', '型号', '客户编号', '安装地点', '验收日期', '保修截止']);
    sheet.addRow([serial, 'LX-500', customer.code, '一号车间', new Date(Date.UTC(2026, 0, 5)), addDays(today(), 30)]);
    sheet.addRow([`XL-${run}-2`, 'LX-500', 'NO-SUCH-CUSTOMER', '', '2026/1/5', '']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

    const dry = await upload('products', bytes, type, true);
    expectStatus(dry, 200);
    expect(dry.body.fileType).toBe('xlsx');
    expect(dry.body.problems).toEqual([expect.objectContaining({ row: 3, column: '客户编号', severity: 'error' })]);

    sheet.spliceRows(3, 1);
    const fixed = Buffer.from(await workbook.xlsx.writeBuffer());
    const imported = await upload('products', fixed, type);
    const done = await eventually('the import is written', async () => (await stack.http.get(`/api/v1/imports/${imported.body.id}`).set(bearer(p.service_dept.token))).body, (j) => j.status === 'done');
    expect(done.counts).toMatchObject({ created: 1 });

    const file = await stack.http.get(`/api/v1/products/${serial}`).set(bearer(p.clerk.token));
    expectStatus(file, 200);
    expect(file.body).toMatchObject({ model: 'LX-500', acceptedOn: '2026-01-05', warrantyUntil: addDays(today(), 30), site: { name: '一号车间' } });
    const call = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).send({ serialNo: serial, description: '漏油' });
    expectStatus(call, 201);
    expect(call.body).toMatchObject({ category: 'C', productModel: 'LX-500', customer: { name: customer.name } });
  });

  test('O6: a file of more rows than IMPORT_MAX_ROWS → 413, a body that is not CSV or XLSX → 415, a broken workbook → 400; nothing is filed', async () => {
    const before = await stack.db.importJob.count();
    const big = csv([['code', 'name'], ...Array.from({ length: 51 }, (_, i) => [code(100 + i), `客户${i}`])]);
    expectStatus(await upload('customers', big, 'text/csv', true), 413);
    expectStatus(await stack.http.post('/api/v1/imports').query({ kind: 'customers' }).set(bearer(p.service_dept.token)).send({ code: 'x' }), 415);
    const broken = await upload('products', Buffer.from('not a workbook'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', true);
    expectStatus(broken, 400);
    expect(await stack.db.importJob.count()).toBe(before);
  });

  test('O6, S15: imported contracts start their workflows once; a re-run of the file starts none; a clerk may not import contracts', async () => {
    const customer = await newCustomer();
    const product = await newProduct(customer, { warrantyUntil: '2026-01-31' });
    const number = `HT-${run}-1`;
    const file = csv([
      ['合同编号', '客户编号', '序列号', '开始日期', '结束日期', '合同金额'],
      [number, customer.code, product.serialNo, '2026-01-01', '2099-12-31', '¥12,000.00'],
    ]);
    expectStatus(await stack.http.post('/api/v1/imports').query({ kind: 'contracts' }).set(bearer(p.clerk.token)).set('Content-Type', 'text/csv').send(file), 403);

    const first = await upload('contracts', file);
    const done = await eventually('the contracts are started', async () => (await stack.http.get(`/api/v1/imports/${first.body.id}`).set(bearer(p.service_dept.token))).body, (j) => j.status === 'done');
    expect(done.contracts).toEqual({ toStart: 1, started: 1 });
    const contract = await stack.db.serviceContract.findFirstOrThrow({ where: { number } });
    const description = await stack.client.workflow.getHandle(contractWorkflowId(contract.id)).describe();
    expect(description.status.name).toBe('RUNNING');

    const again = await upload('contracts', file);
    const rerun = await eventually('the re-run', async () => (await stack.http.get(`/api/v1/imports/${again.body.id}`).set(bearer(p.service_dept.token))).body, (j) => j.status === 'done');
    expect(rerun).toMatchObject({ counts: { created: 0 }, contracts: { toStart: 0, started: 0 } });
    expect(await stack.db.serviceContract.count({ where: { number } })).toBe(1);

    // S1: the product, out of warranty, is covered by the imported contract: a call on it is category B.
    const call = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).send({ serialNo: product.serialNo, description: 'x' });
    expectStatus(call, 201);
    expect(call.body.category).toBe('B');
  });
});
