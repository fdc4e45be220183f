// O4: stock never goes negative under concurrent requests. Twenty part requests for the last units of
// a part are approved at once: exactly as many are served as there are units, the rest wait for stock
// with the reason, and a receipt serves the waiting ones first-come. Runs on the database of the test
// run: SQLite by default, PostgreSQL when DATABASE_URL names one (CI runs both).
import { randomUUID } from 'node:crypto';
import { type Database, createDatabase } from '../../db/client';
import type { Actor } from '../../domain/roles';
import { actOnPartRequest, createPart, filePartRequest, getPartRequest, receiveStock } from '../../services/parts';
import { createTestDatabaseUrl } from '../support/database';

jest.setTimeout(180_000);

let db: Database;
const supervisor: Actor = { id: randomUUID(), name: 'He Supervisor', roles: ['service_supervisor'] };
const store: Actor = { id: randomUUID(), name: 'Zhou Store', roles: ['warehouse'] };
const ctx = () => ({ now: new Date(), timeZone: 'Asia/Shanghai', budgetWarningShareBp: 8000 });

beforeAll(async () => {
  db = createDatabase(await createTestDatabaseUrl());
  const now = new Date();
  for (const partNo of ['P-LAST', 'P-MIX', 'P-PAIR']) {
    await createPart(db, { partNo, name: `Part ${partNo}`, kind: 'part', unit: 'piece', cost: 12_050, price: 18_000 }, store, now);
  }
});
afterAll(async () => {
  await db?.$disconnect();
});

/** An open call assigned to a new technician at `centre`, as its projection holds it. */
async function openCall(centre: string): Promise<{ callId: string; tech: Actor }> {
  const callId = randomUUID();
  const tech: Actor = { id: randomUUID(), name: `Tech ${callId.slice(0, 4)}`, roles: ['technician'] };
  const now = new Date();
  await db.serviceCall.create({
    data: {
      id: callId,
      workflowId: `service-call-${callId}`,
      status: 'open',
      stage: 'on_site',
      category: 'C',
      area: 'urban',
      serviceCentre: centre,
      customerName: 'Test Customer',
      customerPhone: '+86 21 0000 0000',
      productModel: 'LX-200',
      serialNo: `SN-${callId.slice(0, 8)}`,
      technicianId: tech.id,
      arrivalDueAt: now,
      registeredOn: '2026-11-30',
      state: '{}',
      version: 1,
      createdAt: now,
    },
  });
  return { callId, tech };
}

async function requestsFor(centre: string, partNo: string, quantity: number, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { callId, tech } = await openCall(centre);
    const id = randomUUID();
    await filePartRequest(db, id, tech, { callId, lines: [{ partNo, quantity }], reason: 'controller board burnt' }, new Date());
    ids.push(id);
  }
  return ids;
}

const level = (centre: string, partNo: string) => db.stockLevel.findUniqueOrThrow({ where: { centre_partNo: { centre, partNo } } });
const statusesOf = async (ids: string[]) => (await db.partRequest.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, waitingReason: true, waitingSince: true, requestedAt: true } }));

test('O4: 20 concurrent approvals for the last 5 units: 5 reserved, 15 wait for stock with the reason, nothing negative', async () => {
  await receiveStock(db, { centre: 'shanghai', lines: [{ partNo: 'P-LAST', quantity: 5 }] }, store, new Date());
  const ids = await requestsFor('shanghai', 'P-LAST', 1, 20);

  const results = await Promise.allSettled(ids.map((id) => actOnPartRequest(db, id, supervisor, { action: 'approve' }, ctx())));
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  const rows = await statusesOf(ids);
  expect(rows.filter((r) => r.status === 'approved')).toHaveLength(5);
  const waiting = rows.filter((r) => r.status === 'waiting_stock');
  expect(waiting).toHaveLength(15);
  for (const w of waiting) expect(w.waitingReason).toMatch(/^(0 of P-LAST available at shanghai, 1 needed|behind \d+ earlier request\(s\) at shanghai waiting for P-LAST)$/);
  expect(await level('shanghai', 'P-LAST')).toMatchObject({ onHand: 5, reserved: 5 });

  // The store issues the five at once: the shelf is empty, never below.
  const approved = rows.filter((r) => r.status === 'approved').map((r) => r.id);
  await Promise.all(approved.map((id) => actOnPartRequest(db, id, store, { action: 'issue' }, ctx())));
  expect(await level('shanghai', 'P-LAST')).toMatchObject({ onHand: 0, reserved: 0 });
  expect(await db.stockMovement.count({ where: { partNo: 'P-LAST', kind: 'issue' } })).toBe(5);

  // Three arrive: the three that began waiting first are served, the rest keep waiting.
  const queue = [...waiting].sort((a, b) => a.waitingSince!.getTime() - b.waitingSince!.getTime() || a.requestedAt.getTime() - b.requestedAt.getTime() || (a.id < b.id ? -1 : 1));
  const receipt = await receiveStock(db, { centre: 'shanghai', lines: [{ partNo: 'P-LAST', quantity: 3 }] }, store, new Date());
  expect(receipt.served).toEqual(queue.slice(0, 3).map((w) => w.id));
  expect(receipt.stock).toEqual([expect.objectContaining({ partNo: 'P-LAST', onHand: 3, reserved: 3, available: 0, waiting: 12 })]);
  const served = await getPartRequest(db, queue[0]!.id);
  expect(served).toMatchObject({ status: 'approved', waitingReason: null, decision: 'approved' });
  expect(served!.history.map((h) => h.action)).toEqual(['request', 'approve', 'wait_for_stock', 'serve']);
  expect((await statusesOf(ids)).filter((r) => r.status === 'waiting_stock')).toHaveLength(12);
});

test('O4: approvals, receipts and cancellations racing each other never reserve more than is on hand', async () => {
  await receiveStock(db, { centre: 'beijing', lines: [{ partNo: 'P-MIX', quantity: 4 }] }, store, new Date());
  const ids = await requestsFor('beijing', 'P-MIX', 2, 20);
  const work: Promise<unknown>[] = [];
  ids.forEach((id, i) => {
    work.push(actOnPartRequest(db, id, supervisor, { action: 'approve' }, ctx()));
    if (i % 5 === 0) work.push(receiveStock(db, { centre: 'beijing', lines: [{ partNo: 'P-MIX', quantity: 3 }] }, store, new Date()));
  });
  const settledAll = await Promise.allSettled(work);
  expect(settledAll.filter((r) => r.status === 'rejected')).toEqual([]);
  // 4 + 4 × 3 = 16 pieces on hand; requests of 2: at most 8 can be reserved.
  const after = await level('beijing', 'P-MIX');
  expect(after.onHand).toBe(16);
  const rows = await statusesOf(ids);
  const approved = rows.filter((r) => r.status === 'approved').length;
  expect(after.reserved).toBe(approved * 2);
  expect(after.reserved).toBeLessThanOrEqual(after.onHand);
  expect(approved).toBe(8);
  expect(rows.filter((r) => r.status === 'waiting_stock')).toHaveLength(12);
  // Cancelling approved requests at the same time as more approvals: the released pieces go to the queue.
  const toCancel = rows.filter((r) => r.status === 'approved').slice(0, 3).map((r) => r.id);
  await Promise.all(toCancel.map((id) => actOnPartRequest(db, id, supervisor, { action: 'cancel', reason: 'fixed without it' }, ctx())));
  const final = await level('beijing', 'P-MIX');
  const finalRows = await statusesOf(ids);
  expect(finalRows.filter((r) => r.status === 'cancelled')).toHaveLength(3);
  expect(finalRows.filter((r) => r.status === 'approved')).toHaveLength(8);
  expect(final).toMatchObject({ onHand: 16, reserved: 16 });
});

test('O4: a request for several parts is reserved whole or waits whole', async () => {
  await receiveStock(db, { centre: 'hangzhou', lines: [{ partNo: 'P-PAIR', quantity: 1 }, { partNo: 'P-LAST', quantity: 1 }] }, store, new Date());
  const { callId, tech } = await openCall('hangzhou');
  const id = randomUUID();
  await filePartRequest(db, id, tech, { callId, lines: [{ partNo: 'P-PAIR', quantity: 1 }, { partNo: 'P-LAST', quantity: 2 }], reason: 'two boards' }, new Date());
  const view = await actOnPartRequest(db, id, supervisor, { action: 'approve' }, ctx());
  expect(view).toMatchObject({ status: 'waiting_stock', waitingReason: '1 of P-LAST available at hangzhou, 2 needed' });
  expect(await level('hangzhou', 'P-PAIR')).toMatchObject({ onHand: 1, reserved: 0 });
  const receipt = await receiveStock(db, { centre: 'hangzhou', lines: [{ partNo: 'P-LAST', quantity: 1 }] }, store, new Date());
  expect(receipt.served).toEqual([id]);
  expect(await level('hangzhou', 'P-PAIR')).toMatchObject({ onHand: 1, reserved: 1 });
  expect(await level('hangzhou', 'P-LAST')).toMatchObject({ onHand: 2, reserved: 2 });
});
