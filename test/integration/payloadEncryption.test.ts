// G6: customers' personal data is encrypted in the workflow engine's store. Read straight from the
// Temporal server (no key), a case's history holds no customer name, phone or address; the platform
// (with the key) reads and replays it; an auditor decodes it through the codec endpoint the Temporal
// Web UI and CLI use, and nobody else can.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { callRegistration } from './serviceHelpers';

let stack: TestStack;
let rawClient: Client;
let rawConnection: Connection;

beforeAll(async () => {
  stack = await startTestStack();
  rawConnection = await Connection.connect({ address: stack.config.temporal.address });
  rawClient = new Client({ connection: rawConnection, namespace: stack.config.temporal.namespace });
});
afterAll(async () => {
  await rawConnection.close();
  await stack.stop();
});

const CUSTOMER = { name: 'Qingdao Brewing Machinery Ltd', address: '17 Haier Road, Laoshan District', phone: '+86 532 8888 4321' };

/** The history exactly as the server stores it, as bytes. */
async function rawHistory(workflowId: string): Promise<{ bytes: Buffer; history: temporal.api.history.v1.IHistory }> {
  const history = await rawClient.workflow.getHandle(workflowId).fetchHistory();
  return { bytes: Buffer.from(temporal.api.history.v1.History.encode(history).finish()), history };
}

test('G6: a service call history read from the Temporal server holds no customer name, phone or address', async () => {
  const clerk = await stack.user(['clerk']);
  const filed = await stack.http.post('/api/v1/service-calls').set(bearer(clerk.token)).send(callRegistration({ customer: CUSTOMER })).expect(201);
  const { bytes, history } = await rawHistory(`service-call-${filed.body.id as string}`);
  for (const secret of [CUSTOMER.name, CUSTOMER.phone, CUSTOMER.address, '8888 4321']) expect(bytes.includes(Buffer.from(secret))).toBe(false);
  const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
  // The platform, which holds the key, reads the call as it was registered.
  const read = await stack.http.get(`/api/v1/service-calls/${filed.body.id as string}`).set(bearer(clerk.token)).expect(200);
  expect(read.body.customer.name).toBe(CUSTOMER.name);
});

test('G6: a complaint history read from the Temporal server holds no customer name; the auditor replays it', async () => {
  const sales = await stack.user(['sales']);
  const gmOffice = await stack.user(['gm_office']);
  const auditor = await stack.user(['auditor']);
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling({ customer: { name: CUSTOMER.name } })).expect(201);
  const id = filed.body.id as string;
  await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(gmOffice.token)).send({ action: 'register' }).expect(200);
  const { bytes } = await rawHistory(`complaint-${id}`);
  expect(bytes.includes(Buffer.from(CUSTOMER.name))).toBe(false);
  const replay = await stack.http.get(`/api/v1/complaints/${id}/replay`).set(bearer(auditor.token)).expect(200);
  expect(replay.body.ok).toBe(true);
});

test('G6: an auditor decodes a stored payload through the codec endpoint; other roles and strangers cannot', async () => {
  const clerk = await stack.user(['clerk']);
  const auditor = await stack.user(['auditor']);
  const filed = await stack.http.post('/api/v1/service-calls').set(bearer(clerk.token)).send(callRegistration({ customer: CUSTOMER })).expect(201);
  const { history } = await rawHistory(`service-call-${filed.body.id as string}`);
  const stored = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  const asJson = {
    metadata: Object.fromEntries(Object.entries(stored.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(stored.data!).toString('base64'),
  };
  const decoded = await stack.http.post('/api/v1/codec/decode').set(bearer(auditor.token)).set('X-Namespace', 'default').send({ payloads: [asJson] }).expect(200);
  const payload = decoded.body.payloads[0] as { metadata: Record<string, string>; data: string };
  expect(Buffer.from(payload.metadata.encoding!, 'base64').toString()).toBe('json/plain');
  expect(JSON.parse(Buffer.from(payload.data, 'base64').toString()).registration.customer.phone).toBe(CUSTOMER.phone);

  await stack.http.post('/api/v1/codec/decode').set(bearer(clerk.token)).send({ payloads: [asJson] }).expect(403);
  await stack.http.post('/api/v1/codec/decode').send({ payloads: [asJson] }).expect(401);
  const tampered = { ...asJson, data: Buffer.from('not a sealed payload at all').toString('base64') };
  const refused = await stack.http.post('/api/v1/codec/decode').set(bearer(auditor.token)).send({ payloads: [tampered] }).expect(400);
  expect(refused.body.error.details[0].field).toBe('payloads');
});

test('G6: the Temporal Web UI may call the codec endpoint from its origin with the person’s credentials', async () => {
  const preflight = await stack.http
    .options('/api/v1/codec/decode')
    .set('Origin', 'http://127.0.0.1:8233')
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'content-type,x-namespace');
  expect(preflight.status).toBe(204);
  expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8233');
  expect(preflight.headers['access-control-allow-credentials']).toBe('true');
  const elsewhere = await stack.http.options('/api/v1/codec/decode').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
  expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
});
