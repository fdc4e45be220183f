// The service side end to end on the platform as the README starts it (platform/run.ts), through
// the HTTP API alone, at demonstration speed: both repair paths from registration to the archived
// voucher (S2–S8); then, on their own, the survey links (S16), the contract expiry letter and
// renewal work (S15), the daily job's priority dispatch and overdue digest (S13, S20) and the daily
// reports (S10, S11).
import { addDays, endOfLocalDate, localDateIn } from '../../domain/localTime';
import { killStartedPlatforms, platformEnv, platformHttp, startPlatform, stopPlatform } from '../support/platform';
import { callRegistration, contractFiling, eventually } from './serviceHelpers';

jest.setTimeout(240_000);

afterAll(killStartedPlatforms); // a failed assertion must not leave a platform running

const TIME_ZONE = 'Asia/Shanghai';

test('S2–S8, S10–S16, S20: both paths through the API alone; surveys, contract letters, the daily job and reports appear on their own', async () => {
  // The contract below ends tomorrow; its notice falls due 40 s after the platform is asked to start.
  const tomorrow = addDays(localDateIn(TIME_ZONE, new Date()), 1);
  const noticeDueMs = Date.now() + 40_000;
  const env = await platformEnv({
    TIME_ZONE,
    SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
    ARRIVAL_SLA_URBAN: '3s',
    SURVEY_DELAY: '2s',
    CONTRACT_NOTICE_LEAD: `${endOfLocalDate(tomorrow, TIME_ZONE).getTime() - noticeDueMs}ms`,
    DAILY_JOB_EVERY: '5s',
  });
  const base = `http://127.0.0.1:${env.PORT}`;
  const http = platformHttp(base);
  const running = await startPlatform(env);
  try {
    const user = async (name: string, roles: string[]) => {
      const res = await http('POST', '/api/v1/users', env.BOOTSTRAP_ADMIN_TOKEN, { name, roles });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, token: res.body.token as string };
    };
    const clerk = await user('Xu Clerk', ['clerk']);
    const supervisor = await user('He Supervisor', ['service_supervisor']);
    const tech = await user('Tang Technician', ['technician']);
    const dept = await user('Lin Service-Dept', ['service_dept']);
    const act = async (who: { token: string }, id: string, body: object) => {
      const res = await http('POST', `/api/v1/service-calls/${id}/actions`, who.token, body);
      expect([res.status, res.body.error]).toEqual([200, undefined]);
      return res.body;
    };
    const register = async () => {
      const res = await http('POST', '/api/v1/service-calls', clerk.token, callRegistration());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ category: 'A', stage: 'dispatch' });
      return res.body.id as string;
    };

    const contract = await http('POST', '/api/v1/contracts', dept.token, contractFiling({ startsOn: addDays(tomorrow, -365), endsOn: tomorrow }));
    expect(contract.status).toBe(201);

    // On site (S3–S5).
    const onSite = await register();
    await act(supervisor, onSite, { action: 'dispatch', technicianId: tech.id });
    await act(tech, onSite, { action: 'arrive' });
    const fixed = await act(tech, onSite, { action: 'resolve_on_site', customerSigned: true, workMinutes: 40, fee: { amount: '80.00', collectedOnSite: true } });
    expect(fixed).toMatchObject({ status: 'closed', voucher: expect.objectContaining({ status: 'archived' }) });

    // Carry-in (S6–S8).
    const carried = await register();
    await act(supervisor, carried, { action: 'dispatch', technicianId: tech.id });
    await act(tech, carried, { action: 'arrive' });
    await act(tech, carried, { action: 'carry_in', receiptNo: 'RC-PLATFORM-1', customerSigned: true });
    await act(tech, carried, { action: 'record_repair', workMinutes: 90, parts: [{ partNo: 'PCB-7', quantity: 1, cost: '120.00' }] });
    await act(supervisor, carried, { action: 'inspect', passed: true });
    const returned = await act(clerk, carried, { action: 'return', customerSigned: true, fee: { amount: '150.00', collectedOnSite: false } });
    expect(returned).toMatchObject({ status: 'closed', voucher: expect.objectContaining({ status: 'archived' }) });

    // A call left undispatched past its arrival deadline, for the daily job.
    const waiting = await register();

    // S16: a survey link for each closed call waits for staff (no gateway configured).
    const outbox = await eventually(
      'both survey links in the outbox',
      () => http('GET', '/api/v1/customer-messages?kind=survey_link&status=to_staff', clerk.token),
      (r) => r.status === 200 && [onSite, carried].every((id) => r.body.items.some((m: { caseId: string }) => m.caseId === id)),
    );
    const message = outbox.body.items.find((m: { caseId: string }) => m.caseId === onSite);
    const sent = await http('POST', `/api/v1/customer-messages/${message.id}/send`, clerk.token, { channel: 'sms' });
    expect(sent.status).toBe(200);
    const link = new URL(sent.body.link.url);
    expect(link.origin).toBe(base);
    const page = await http('GET', link.pathname, null);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const answered = await http('POST', `/api/v1/surveys/${sent.body.link.token}`, null, { attitude: 4, skill: 4, arrival: 3, promise: 4 });
    expect(answered.status).toBe(201);

    // S13, S20: the daily job gives the waiting call priority tomorrow and chases it in a digest.
    const today = localDateIn(TIME_ZONE, new Date());
    const prioritized = await eventually(
      'priority dispatch',
      () => http('GET', `/api/v1/service-calls/${waiting}`, supervisor.token),
      (r) => r.body.priority !== null && r.body.priority !== undefined,
      60_000,
    );
    expect(prioritized.body.priority).toMatchObject({ date: addDays(today, 1) });
    const digest = await eventually(
      'overdue digest',
      () => http('GET', `/api/v1/notices?caseId=digest-${today}-main`, dept.token),
      (r) => r.status === 200 && r.body.items.length === 1,
      60_000,
    );
    expect(digest.body.items[0].message).toContain(waiting.slice(0, 8));

    // S15: the expiry letter and the renewal work appear when the notice falls due.
    const letter = await eventually(
      'contract expiry letter',
      () => http('GET', `/api/v1/customer-messages?caseId=${contract.body.id}`, dept.token),
      (r) => r.status === 200 && r.body.items.length === 1,
      90_000,
    );
    expect(letter.body.items[0]).toMatchObject({ kind: 'contract_expiry', channel: 'letter', status: 'to_staff' });
    const deptTasks = await http('GET', '/api/v1/tasks', dept.token);
    expect(deptTasks.body.items.filter((t: { caseId: string }) => t.caseId === contract.body.id).map((t: { action: string }) => t.action).sort()).toEqual([
      'contract_renewal',
      'customer_message',
    ]);

    // S10, S11: the day's reports from the work done.
    const techReport = await http('GET', `/api/v1/reports/technician-daily?date=${today}&technicianId=${tech.id}`, supervisor.token);
    expect(techReport.body.totals).toMatchObject({ A: 130, total: 130 });
    const supReport = await http('GET', `/api/v1/reports/supervisor-daily?date=${today}`, supervisor.token);
    expect(supReport.body.totals).toMatchObject({ A: 130 });
  } finally {
    expect(await stopPlatform(running)).toBe(0);
  }
});
