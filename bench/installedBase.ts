// Benchmark (run on demand, not a test) of the installed base (O6):
//   npx tsx bench/installedBase.ts [products=100000] [import rows=10000]
// 1. Fills a fresh database with `products` products of 10,000 customers (Chinese names), then
//    times customer and product searches (a part of a Chinese name, a model, a serial number, a
//    phone) as the API runs them; prints p50/p95 per kind of search (goal: p95 < 100 ms).
// 2. Imports a products file of `import rows` rows: checked and written in one transaction as the
//    import job does; prints the time (goal: < 60 s).
// A fresh SQLite file, or with DATABASE_URL=postgresql://… a fresh database on that server.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../db/client';
import { customerSearchText, phoneDigits, productSearchText } from '../domain/installedBase/search';
import { createScratchDatabase } from '../platform/database';
import { listCustomers } from '../services/customers';
import { fileImport, runImportJob } from '../services/imports';
import { listProducts } from '../services/products';

const PRODUCTS = Number(process.argv[2] ?? 100_000);
const IMPORT_ROWS = Number(process.argv[3] ?? 10_000);
const CUSTOMERS = Math.min(10_000, PRODUCTS);
const SAMPLES = 50;
// A smaller fill for a quick look: npx tsx bench/installedBase.ts 20000 2000
const CITIES = ['苏州', '无锡', '常州', '南通', '杭州', '宁波', '绍兴', '嘉兴', '湖州', '合肥'];
const TRADES = ['纺织机械', '印染', '化纤', '服装', '家纺'];
const MODELS = ['LX-200', 'LX-300', 'LX-500', 'JW-80', 'JW-120'];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function timed(label: string, run: (i: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-bench-ib-'));
  const url = await createScratchDatabase({ base: process.env.DATABASE_URL, dir, prefix: 'aftersales_bench_' });
  console.log(`database: ${url.startsWith('file:') ? 'SQLite file' : 'PostgreSQL'}; ${PRODUCTS} products of ${CUSTOMERS} customers`);
  const db = createDatabase(url);
  const now = new Date();
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => {
    const name = `${CITIES[i % CITIES.length]}${TRADES[i % TRADES.length]}有限公司${i}`;
    const code = `KH${String(i).padStart(6, '0')}`;
    return { id: randomUUID(), code, name, region: null, notes: null, searchText: customerSearchText({ code, name }), createdAt: now, createdBy: 'bench', updatedAt: now, updatedBy: 'bench' };
  });
  const t0 = performance.now();
  for (let i = 0; i < customers.length; i += 1000) await db.customer.createMany({ data: customers.slice(i, i + 1000) });
  for (let i = 0; i < customers.length; i += 1000) {
    await db.customerContact.createMany({
      data: customers.slice(i, i + 1000).map((c, j) => {
        const phone = `138${String(i + j).padStart(8, '0')}`;
        return { id: randomUUID(), customerId: c.id, siteId: null, name: '联系人', title: null, phone, phoneDigits: phoneDigits(phone), createdAt: now, updatedAt: now };
      }),
    });
  }
  for (let i = 0; i < PRODUCTS; i += 1000) {
    await db.product.createMany({
      data: Array.from({ length: Math.min(1000, PRODUCTS - i) }, (_, j) => {
        const n = i + j;
        const c = customers[n % CUSTOMERS]!;
        const serialNo = `SN${String(n).padStart(8, '0')}`;
        const model = MODELS[n % MODELS.length]!;
        return { id: randomUUID(), serialNo, model, customerId: c.id, siteId: null, warrantyUntil: '2027-12-31', searchText: productSearchText({ serialNo, model }, c), createdAt: now, createdBy: 'bench', updatedAt: now, updatedBy: 'bench' };
      }),
    });
  }
  console.log(`filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const today = '2026-11-30';
  await timed('customers by a part of a Chinese name', (i) => listCustomers(db, { q: `${TRADES[i % TRADES.length]}有限公司${i * 37}`, limit: 50 }));
  await timed('customers by a common Chinese word', (i) => listCustomers(db, { q: CITIES[i % CITIES.length]!, limit: 50 }));
  await timed('customers by phone digits', (i) => listCustomers(db, { phone: `138${String(i * 97).padStart(8, '0')}`, limit: 50 }));
  await timed('products by a part of a serial number', (i) => listProducts(db, { q: `SN${String(i * 1999).padStart(8, '0')}`.slice(0, 9), limit: 50 }, today));
  await timed('products by model', (i) => listProducts(db, { model: MODELS[i % MODELS.length]!, limit: 50 }, today));
  await timed("products by a part of the customer's name", (i) => listProducts(db, { q: `${CITIES[i % CITIES.length]}${TRADES[i % TRADES.length]}`, limit: 50 }, today));

  // An import of IMPORT_ROWS new products, checked and written as the job does.
  const header = ['序列号', '型号', '客户编号', '验收日期', '保修截止'];
  const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => ({
    row: i + 2,
    cells: [`IMP${String(i).padStart(8, '0')}`, MODELS[i % MODELS.length]!, customers[i % CUSTOMERS]!.code, '2026-01-05', '2027-01-04'],
  }));
  const id = randomUUID();
  const t1 = performance.now();
  await fileImport(db, { id, kind: 'products', dryRun: false, fileType: 'csv', table: { header, rows }, rules: { timeZone: 'Asia/Shanghai', contractNoticeLeadMs: 0 }, by: { id: 'bench', name: 'bench' }, now });
  const result = await runImportJob(db, id, new Date());
  console.log(`import of ${IMPORT_ROWS} product rows: ${result.status} in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
