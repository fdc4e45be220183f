// Benchmark (run on demand, not a test): the workspace in the browser.
//   npx tsx bench/workspace.ts [open work items, default 1000] [runs, default 5]
// 1. First load: the JavaScript index.html loads before anything is shown (its entry script and the
//    modules it preloads), gzip- and brotli-compressed as a server would send them (goal < 500 KB),
//    and the whole build for comparison (the rest is split into chunks loaded per screen).
// 2. Inbox render: Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) opens /inbox of a
//    person with N open work items (the API answered by a stand-in with fixed data, so that only
//    the browser's work is measured); prints the time from navigation to the inbox table showing its
//    most urgent rows and the count in the header, median and worst of the runs (goal < 1 s).
// Builds web/dist first when its sources changed (scripts/build-web.sh).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'web', 'dist');
const items = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function firstLoad(): void {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gz = 0;
  let br = 0;
  for (const f of files) {
    const data = fs.readFileSync(path.join(DIST, f));
    raw += data.length;
    gz += zlib.gzipSync(data, { level: 9 }).length;
    br += zlib.brotliCompressSync(data).length;
  }
  const all = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const allGz = all.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(DIST, 'assets', f)), { level: 9 }).length, 0);
  console.log(`first load: ${files.length} scripts, ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli (goal < 500 KB compressed)`);
  console.log(`whole build: ${all.length} scripts, ${kb(allGz)} gzip; the rest loads per screen`);
}

function serve(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(DIST, url.pathname);
    if (url.pathname.startsWith('/assets/') && fs.existsSync(file)) {
      res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream' });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(fs.readFileSync(path.join(DIST, 'index.html')));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function tasks(n: number) {
  const now = Date.now();
  const kinds = ['complaint', 'service_call', 'accountability', 'contract'];
  return Array.from({ length: n }, (_, i) => ({
    caseType: kinds[i % kinds.length]!,
    caseId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    number: i % 4 === 0 ? `2611-${String(i + 1).padStart(3, '0')}` : null,
    action: ['analyze', 'dispatch', 'review', 'renewal'][i % 4]!,
    roles: ['sales'],
    dueAt: new Date(now + (i % 7 === 0 ? -1 : 1) * (i + 1) * 60_000).toISOString(),
    overdue: i % 7 === 0,
    ...(i % 4 === 1 ? { title: `服务单 S2611-${i}`, priority: i % 9 === 0 } : {}),
  }));
}

async function inbox(): Promise<void> {
  const server = await serve();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const me = { id: 'u1', name: '王销售', roles: ['sales'], login: 'sales', email: null, chatId: null, language: 'zh-CN', emailOptOut: false, mustChangePassword: false, csrfToken: 'x', sessionExpiresAt: null };
  const body = JSON.stringify({ items: tasks(items) });
  const times: number[] = [];
  const renders: number[] = [];
  try {
    for (let run = 0; run <= runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      let answered = 0;
      await context.route('**/api/v1/**', (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/api/v1/tasks' && !answered) answered = Date.now();
        if (url.pathname === '/api/v1/me') return route.fulfill({ json: me });
        if (url.pathname === '/api/v1/tasks') return route.fulfill({ body, contentType: 'application/json' });
        if (url.pathname === '/api/v1/notices') return route.fulfill({ json: { items: [], nextCursor: null } });
        return route.fulfill({ status: 404, json: { error: { code: 'not_found', message: 'not found' } } });
      });
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${base}/inbox`);
      await page.locator('[data-testid=inbox-table] tbody tr.row-overdue').first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.locator('header .ant-badge').first().waitFor({ state: 'visible' });
      const took = Date.now() - started;
      // The first run fills the browser's caches; it is not counted.
      if (run > 0) {
        times.push(took);
        renders.push(Date.now() - answered);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  times.sort((a, b) => a - b);
  renders.sort((a, b) => a - b);
  console.log(`inbox with ${items} open work items: median ${times[Math.floor(times.length / 2)]} ms, worst ${times[times.length - 1]} ms over ${times.length} runs, from navigation (loading the page and its scripts included) to the most urgent rows shown`);
  console.log(`  of which rendering the list once it is answered: median ${renders[Math.floor(renders.length / 2)]} ms, worst ${renders[renders.length - 1]} ms (goal < 1000 ms)`);
}

async function main(): Promise<void> {
  execFileSync('bash', [path.join(ROOT, 'scripts', 'build-web.sh')], { stdio: 'inherit', cwd: ROOT });
  firstLoad();
  await inbox();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
