// A client generated from /openapi.json (openapi-typescript + openapi-fetch) files, registers and
// reads a complaint on the real platform; the generated types are those of the served document.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import openapiTS, { astToString } from 'openapi-typescript';
import { REPO_ROOT } from '../../config';
import { fileRegisterRead } from '../client/complaintJourney';
import { type TestStack, startTestStack } from '../support/stack';

let stack: TestStack;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  stack = await startTestStack();
  server = stack.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stack.stop();
});

test('G5: the generated client types are those of the document the API serves', async () => {
  const served = (await stack.http.get('/openapi.json').expect(200)).body as Parameters<typeof openapiTS>[0];
  const generated = fs.readFileSync(path.join(REPO_ROOT, 'generated', 'api-types.d.ts'), 'utf8');
  const fresh = astToString(await openapiTS(served));
  // The servers entry differs with the configured public URL; the types do not.
  expect(generated).toContain(fresh);
});

test('C2, C3, C6: a typed client files a complaint, the GM office registers it, and it reads back numbered in analysis', async () => {
  const sales = await stack.user(['sales']);
  const gmOffice = await stack.user(['gm_office']);
  const result = await fileRegisterRead(baseUrl, { sales: sales.token, gmOffice: gmOffice.token });
  expect(result.number).toMatch(/^\d{4}-\d{2,}$/);
  expect(result.stage).toBe('analysis');
  expect(result.awaitingAction).toBe('analyze');
  expect(result.dueAt).not.toBeNull();
});
