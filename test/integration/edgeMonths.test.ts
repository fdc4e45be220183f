// G5 on every endpoint that takes a month: a month outside 2000–2100 or not a month at all is
// refused at once with a 400 naming the field, and nothing is started; the first and last months
// of the range are answered.
import { type TestStack, startTestStack } from '../support/stack';
import { bearer } from '../support/fixtures';

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = (await stack.user(['gm_office', 'gm', 'accounting', 'hr', 'service_dept', 'auditor'])).token;
});
afterAll(() => stack.stop());

const OUT_OF_RANGE = ['0000-01', '9999-12', '1999-12', '2101-01', '2026-13', '2026-00', '26-11', '2026-1', ''];

const READS = [
  (m: string) => `/api/v1/reports/complaints/monthly?month=${m}`,
  (m: string) => `/api/v1/reports/complaints/monthly?month=${m}&format=csv`,
  (m: string) => `/api/v1/reports/complaints/monthly?month=${m}&format=html`,
  (m: string) => `/api/v1/receivable-holds/summary?month=${m}`,
  (m: string) => `/api/v1/reports/technician-scores?month=${m}`,
  (m: string) => `/api/v1/penalties?month=${m}`,
  (m: string) => `/api/v1/ledger?month=${m}`,
  (m: string) => `/api/v1/bonuses?month=${m}`,
  (m: string) => `/api/v1/accountability?month=${m}`,
  (m: string) => `/api/v1/penalty-notices?month=${m}`,
  (m: string) => `/api/v1/complaints?month=${m}`,
];

async function runningMonthlyReports(): Promise<number> {
  const { count } = await stack.client.workflow.count(`WorkflowType = 'monthlyReportWorkflow' AND ExecutionStatus = 'Running'`);
  return count;
}

test('G5, C12: every month query refuses months outside 2000–2100 with a 400 naming `month`', async () => {
  for (const url of READS) {
    for (const month of OUT_OF_RANGE) {
      const res = await stack.http.get(url(encodeURIComponent(month))).set(bearer(token));
      expect({ url: url(month), status: res.status }).toEqual({ url: url(month), status: 400 });
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['month']);
    }
  }
});

test('G5, C12: compiling a month outside the range or in the future is refused at once and starts no workflow', async () => {
  const before = await runningMonthlyReports();
  for (const month of [...OUT_OF_RANGE, '2100-12']) {
    const started = Date.now();
    const res = await stack.http.post('/api/v1/reports/complaints/monthly').set(bearer(token)).send({ month });
    expect({ month, status: res.status }).toEqual({ month, status: 400 });
    expect(Date.now() - started).toBeLessThan(2_000);
  }
  for (const month of ['0000-01', '2101-01']) {
    const res = await stack.http.post(`/api/v1/ledger/${month}/settle`).set(bearer(token));
    expect({ month, status: res.status }).toEqual({ month, status: 400 });
  }
  expect(await runningMonthlyReports()).toBe(before);
});

test('G5, C12: the first and last months of the range are answered, never a 5xx', async () => {
  for (const url of READS) {
    for (const month of ['2000-01', '2100-12']) {
      const res = await stack.http.get(url(month)).set(bearer(token));
      expect({ url: url(month), status: res.status }).toEqual({ url: url(month), status: 200 });
    }
  }
  const compiled = await stack.http.post('/api/v1/reports/complaints/monthly').set(bearer(token)).send({ month: '2000-01' });
  expect(compiled.status).toBe(200);
  expect(compiled.body.report.month).toBe('2000-01');
});
