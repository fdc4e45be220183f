// A client generated from /openapi.json (openapi-typescript + openapi-fetch) files, registers and
// reads a complaint on the real platform; the generated types are those of the served document.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
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

test('the generated client types are those of the document the API serves', async () => {
  const served = (await stack.http.get('/openapi.json').expect(200)).body as object;
  const generated = fs.readFileSync(path.join(REPO_ROOT, 'generated', 'api-types.d.ts'), 'utf8');
  // openapi-typescript's own command line, on the document as served.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-types-'));
  fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(served));
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), path.join(dir, 'openapi.json'), '-o', path.join(dir, 'api.d.ts')], { stdio: 'ignore' });
  const fresh = fs.readFileSync(path.join(dir, 'api.d.ts'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  const types = (text: string) => text.slice(text.indexOf('export interface paths'));
  expect(types(fresh).length).toBeGreaterThan(1000);
  expect(types(generated)).toBe(types(fresh));
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
