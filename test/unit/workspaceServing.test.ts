// The workspace in the browser is served at `/` by the API process: its page for every client
// route, its files, the company's time zone written into the page, and never in place of the API,
// the OpenAPI document, the health checks or survey links.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { workspaceRoutes } from '../../api/web';

function appWith(dist: string) {
  const app = express();
  app.use(workspaceRoutes({ timeZone: 'Asia/Shanghai', dist }));
  app.use((req, res) => res.status(404).json({ error: { code: 'not_found', message: `No route ${req.method} ${req.path}.` } }));
  return app;
}

describe('the workspace at /', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-'));
  beforeAll(() => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<meta name="company-time-zone" content="%COMPANY_TIME_ZONE%"><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

  test('the page answers at / and at every client route, with the company time zone', async () => {
    for (const url of ['/', '/inbox', '/complaints/6f1c2e7a-0000-4000-8000-000000000000', '/reports/monthly']) {
      const res = await request(appWith(dist)).get(url).set('Accept', 'text/html');
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('content="Asia/Shanghai"');
    }
  });

  test('its files are served with long caching', async () => {
    const res = await request(appWith(dist)).get('/assets/index-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('max-age=31536000');
  });

  test('the API, the OpenAPI document, health checks and survey links are never answered by the workspace', async () => {
    for (const url of ['/api/v1/nothing-here', '/api', '/openapi.json', '/healthz', '/readyz', '/metrics', '/survey/abc', '/assets/missing.js', '/favicon.ico']) {
      const res = await request(appWith(dist)).get(url).set('Accept', 'text/html');
      expect({ url, status: res.status, type: res.type }).toEqual({ url, status: 404, type: 'application/json' });
    }
  });

  test('a request that does not take a page (JSON clients) is not given one', async () => {
    const res = await request(appWith(dist)).get('/inbox').set('Accept', 'application/json');
    expect(res.status).toBe(404);
  });

  test('before the workspace is built, the page says how to build it', async () => {
    const res = await request(appWith(path.join(dist, 'nowhere'))).get('/inbox').set('Accept', 'text/html');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build:web');
  });
});
