// Observing it (README): the API's GET /metrics read the way Prometheus reads it, with figures that
// follow from what the test did; the worker's Temporal SDK metrics on WORKER_METRICS_ADDRESS.
import request from 'supertest';
import { loadConfig } from '../../config';
import { createApp } from '../../api/app';
import { createLogger } from '../../observability/logger';
import { IdempotencyService } from '../../services/idempotency';
import { UserService } from '../../services/users';
import { freePort } from '../../platform/ports';
import { createTestDatabaseUrl } from '../support/database';
import { ProcessReaper, eventually, spawnWorker, startFaultPlatform } from '../support/faults';
import { COMPLAINT_ACTION_BODIES, bearer, complaintFiling } from '../support/fixtures';
import { type Family, parsePrometheusText, sampleValue } from '../support/prometheus';
import { type TestStack, startTestStack } from '../support/stack';
import { TEST_PAYLOAD_KEYS } from '../support/payloadKeys';
import { type ServiceParty, serviceApi, servicePartyOf } from './serviceHelpers';

jest.setTimeout(180_000);

const TOKEN = 'metrics-scraper-token-0123456789';

describe('GET /metrics on the API', () => {
  let stack: TestStack;
  let people: ServiceParty;
  let sales: { token: string };
  let office: { token: string };

  beforeAll(async () => {
    stack = await startTestStack({
      METRICS_TOKEN: TOKEN,
      // Counted at every scrape, so each scrape shows what the test just did.
      METRICS_CACHE: '0s',
      COMPLAINT_STAGE_DEADLINES: 'analysis=2s',
      COMPLAINT_REMINDER_INTERVAL: '1h',
      SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
      ARRIVAL_SLA_URBAN: '2s',
      ARRIVAL_SLA_SUBURBAN: '1h',
      SURVEY_DELAY: '1s',
    });
    people = await servicePartyOf(stack);
    sales = await stack.user(['sales'], 'Metrics Sales');
    office = await stack.user(['gm_office'], 'Metrics Office');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function scrape(): Promise<Map<string, Family>> {
    const res = await stack.http.get('/metrics').set(bearer(TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(res.text);
  }
  const gauge = async (name: string, labels: Record<string, string> = {}) => sampleValue(await scrape(), name, labels);

  test('only the holder of METRICS_TOKEN may scrape; without a METRICS_TOKEN there is no /metrics', async () => {
    const none = await stack.http.get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await stack.http.get('/metrics').set(bearer('not-the-metrics-token-at-all'))).status).toBe(401);
    // A person's token is no scraping credential.
    expect((await stack.http.get('/metrics').set(bearer(stack.adminToken))).status).toBe(401);

    const config = loadConfig({ DATABASE_URL: stack.config.databaseUrl, PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, LOG_LEVEL: 'silent' });
    const deps = { config, db: stack.db, temporal: stack.client, logger: createLogger('silent', 'api'), users: new UserService(stack.db), idempotency: new IdempotencyService(stack.db), now: () => new Date() };
    const off = await request(createApp(deps)).get('/metrics').set(bearer(TOKEN));
    expect(off.status).toBe(404);
  });

  test('C6, C18: a complaint filed is open in registration; registered it moves to analysis, and past its 2 s stage deadline it counts as overdue', async () => {
    const before = await scrape();
    expect(sampleValue(before, 'aftersales_business_figures_up')).toBe(1);
    expect(sampleValue(before, 'aftersales_open_cases', { type: 'complaint', stage: 'registration' })).toBe(0);
    expect(sampleValue(before, 'aftersales_open_cases', { type: 'complaint', stage: 'analysis' })).toBe(0);

    const filed = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling());
    expect(filed.status).toBe(201);
    const afterFiling = await scrape();
    expect(sampleValue(afterFiling, 'aftersales_open_cases', { type: 'complaint', stage: 'registration' })).toBe(1);
    expect(sampleValue(afterFiling, 'aftersales_overdue_cases', { type: 'complaint', stage: 'registration' })).toBe(0);

    const registered = await stack.http.post(`/api/v1/complaints/${filed.body.id}/actions`).set(bearer(office.token)).send(COMPLAINT_ACTION_BODIES.register!);
    expect(registered.status).toBe(200);
    const afterRegistration = await scrape();
    expect(sampleValue(afterRegistration, 'aftersales_open_cases', { type: 'complaint', stage: 'registration' })).toBe(0);
    expect(sampleValue(afterRegistration, 'aftersales_open_cases', { type: 'complaint', stage: 'analysis' })).toBe(1);

    await eventually('the analysis deadline to pass', () => gauge('aftersales_overdue_cases', { type: 'complaint', stage: 'analysis' }), (v) => v === 1);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(registered.body.stageDueAt));
  });

  test('S14, S16: a call nobody reaches in its 2 s SLA is an arrival breach today and overdue; a closed call’s survey link waits for staff in the outbox', async () => {
    const api = serviceApi(stack);
    const late = await api.register(people.clerk, { area: 'urban' });
    expect(await gauge('aftersales_open_cases', { type: 'service_call', stage: 'dispatch' })).toBe(1);
    const figures = await eventually(
      'the S14 escalation',
      scrape,
      (f) => sampleValue(f, 'aftersales_arrival_sla_breaches_today') === 1,
    );
    expect(sampleValue(figures, 'aftersales_overdue_cases', { type: 'service_call', stage: 'dispatch' })).toBe(1);
    expect(await stack.db.notice.count({ where: { caseId: late.id, dedupeKey: `${late.id}:escalation:arrival` } })).toBe(1);

    expect(await gauge('aftersales_customer_messages_waiting', { status: 'to_staff' })).toBe(0);
    const onSite = await api.onSite({ ...people }, { area: 'suburban' });
    await api.act(people.tech, onSite.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 30 });
    const outbox = await eventually('the survey link in the outbox', scrape, (f) => sampleValue(f, 'aftersales_customer_messages_waiting', { status: 'to_staff' }) === 1);
    expect(sampleValue(outbox, 'aftersales_customer_messages_waiting', { status: 'sending' })).toBe(0);
    // The breach stays counted for the day; the closed call is no longer open.
    expect(sampleValue(outbox, 'aftersales_arrival_sla_breaches_today')).toBe(1);
    expect(sampleValue(outbox, 'aftersales_open_cases', { type: 'service_call', stage: 'dispatch' })).toBe(1);
    expect(sampleValue(outbox, 'aftersales_open_cases', { type: 'service_call', stage: 'on_site' })).toBe(0);
  });

  test('request durations are counted per declared route and status, never per raw URL', async () => {
    const unknown = await stack.http.get('/api/v1/no-such-thing/12345').set(bearer(sales.token));
    expect(unknown.status).toBe(404);
    const families = await scrape();
    const family = families.get('http_request_duration_seconds')!;
    expect(family.type).toBe('histogram');
    const count = (labels: Record<string, string>) => sampleValue(families, 'http_request_duration_seconds_count', labels);
    // Exactly the requests the tests above made.
    expect(count({ method: 'POST', route: '/api/v1/complaints', status: '201' })).toBe(1);
    expect(count({ method: 'POST', route: '/api/v1/complaints/{id}/actions', status: '200' })).toBe(1);
    expect(count({ method: 'POST', route: '/api/v1/service-calls', status: '201' })).toBe(2);
    expect(count({ method: 'POST', route: '/api/v1/service-calls/{id}/actions', status: '200' })).toBe(3);
    expect(count({ method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(count({ method: 'GET', route: '/metrics', status: '401' })).toBe(3);
    const routes = new Set(family.samples.map((s) => s.labels.route));
    for (const route of routes) expect(route).toMatch(/^(\(unmatched\)|\/[a-z0-9/{}_.-]*)$/i);
    expect([...routes].some((r) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(r!) || r!.includes('12345'))).toBe(false);
  });
});

describe('the worker’s Temporal SDK metrics (WORKER_METRICS_ADDRESS)', () => {
  const reaper = new ProcessReaper();
  afterAll(async () => {
    await reaper.killAll();
  });

  test('a worker process serves them for Prometheus; the workflow and activity it ran are counted', async () => {
    const p = await startFaultPlatform({ temporalAddress: process.env.TEST_TEMPORAL_ADDRESS!, databaseUrl: await createTestDatabaseUrl() });
    const address = `127.0.0.1:${await freePort()}`;
    const worker = await spawnWorker(reaper, p.workerEnv({ WORKER_METRICS_ADDRESS: address }));
    try {
      const sales = await p.user(['sales'], 'Worker Metrics Sales');
      const filed = await p.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling());
      expect(filed.status).toBe(201);
      await eventually('the projection', () => p.db.complaintCase.count({ where: { id: filed.body.id } }), (n) => n === 1);

      const families = await eventually(
        'the projection (a local activity) in the worker metrics',
        async () => parsePrometheusText(await (await fetch(`http://${address}/metrics`)).text()),
        (f) => (sampleValue(f, 'temporal_local_activity_execution_latency_count', { activity_type: 'projectComplaintChanges' }) ?? 0) >= 1,
      );
      const names = [...families.keys()];
      expect(names).toEqual(expect.arrayContaining(['temporal_worker_task_slots_available', 'temporal_workflow_task_schedule_to_start_latency', 'temporal_local_activity_execution_latency']));
      expect(sampleValue(families, 'temporal_local_activity_execution_latency_count', { activity_type: 'projectComplaintChanges', task_queue: p.config.temporal.taskQueue })).toBe(1);
    } finally {
      await worker.kill9();
      await p.stop();
    }
  });
});
