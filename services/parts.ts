// O4: spare parts on the database side: the published price list, stock per service centre, stock
// receipts, and part requests from repairs through approval, stock reservation, issue, parts
// replaced and unused parts returned.
//
// Stock is changed only by conditional UPDATEs (reserve: on hand − reserved ≥ n; issue: reserved ≥ n),
// so concurrent approvals never take more than is there and nothing goes negative, on SQLite and
// PostgreSQL alike. An approved request that cannot be met waits (`waiting_stock`, with the reason);
// when stock arrives (a receipt, unused parts returned, a reservation released) the waiting requests
// of that centre are served first-come, in the order they began waiting: one that cannot be met in
// full keeps its place and holds back the parts it needs from the requests behind it. Every status
// change is a version-guarded write, so two people acting on one request at once are applied one
// after the other (the second is checked against the first's result).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { fenToYuan } from '../domain/money';
import type { CostSource } from '../domain/operations/budget';
import { PARTS_CATEGORY } from '../domain/operations/budget';
import {
  COVERAGES,
  type Coverage,
  PART_REQUEST_STATUSES,
  type PartLineInput,
  type PartLineState,
  type PartRequestAction,
  type PartRequestFiling,
  type PartRequestState,
  type PartRequestStatus,
  type StockReceipt,
  applyLines,
  bearerOf,
  checkPartRequestAction,
  coverageOf,
  settled,
} from '../domain/operations/partRequest';
import { PART_KINDS, type PartKind, type SparePartInput, type SparePartPatch } from '../domain/operations/schemas';
import type { Actor } from '../domain/roles';
import type { CallCategory } from '../domain/serviceCall/stages';
import { instant, yuan, zPerson } from '../domain/viewFields';
import { pageArgs, pageOf } from './pagination';
import { type CostPostingInput, costMonthOf, postCosts } from './serviceCosts';
import { completeWorkItems, upsertWorkItem } from './workItems';

type Tx = Parameters<Parameters<Database['$transaction']>[0]>[0];

const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 };
const ATTEMPTS = 4;

/** A write lost to a concurrent one (a version guard, a PostgreSQL deadlock or serialization failure): worth trying again. */
class Contended extends Error {}

function isContended(err: unknown): boolean {
  if (err instanceof Contended) return true;
  const e = err as { code?: string; message?: string; meta?: unknown };
  const text = `${e.message ?? ''} ${JSON.stringify(e.meta ?? '')}`;
  return e.code === 'P2034' || /40P01|40001|deadlock detected|could not serialize/i.test(text);
}

/** Runs `work` in a transaction, again (a bounded number of times) when it lost to a concurrent write. */
async function transact<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, TX_OPTIONS);
    } catch (err) {
      if (attempt >= ATTEMPTS || !isContended(err)) {
        if (err instanceof Contended) throw new AppError('conflict', 'The request kept changing while this was applied; read it again and retry.');
        throw err;
      }
    }
  }
}

// ---- the price list ----

export const zSparePartView = z
  .object({
    partNo: z.string(),
    name: z.string(),
    kind: z.enum(PART_KINDS),
    unit: z.string(),
    cost: yuan('what one costs the company'),
    price: yuan('the published list price'),
    active: z.boolean(),
    createdAt: instant(),
    updatedAt: instant(),
  })
  .strict()
  .meta({ id: 'SparePart', description: 'An entry of the published price list: a part or a maintenance item (O4)' });
export type SparePartView = z.infer<typeof zSparePartView>;

type PartRow = Awaited<ReturnType<Database['sparePart']['findUniqueOrThrow']>>;
const partView = (r: PartRow): SparePartView => ({
  partNo: r.partNo,
  name: r.name,
  kind: r.kind as PartKind,
  unit: r.unit,
  cost: fenToYuan(Number(r.costFen)),
  price: fenToYuan(Number(r.priceFen)),
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function listParts(db: Database, f: { kind?: string; active?: boolean; limit: number; cursor?: string }) {
  const rows = await db.sparePart.findMany({
    where: { ...(f.kind ? { kind: f.kind } : {}), ...(f.active !== undefined ? { active: f.active } : {}) },
    orderBy: { partNo: 'asc' },
    ...pageArgs(f, 'partNo'),
  });
  return pageOf(rows, f, partView, (r) => r.partNo);
}

export async function createPart(db: Database, input: SparePartInput, by: { name: string }, now: Date): Promise<SparePartView> {
  return db.$transaction(async (tx) => {
    if (await tx.sparePart.findUnique({ where: { partNo: input.partNo } })) {
      throw new AppError('conflict', `Part ${input.partNo} is already on the price list; change it with PATCH.`);
    }
    const row = await tx.sparePart.create({
      data: { partNo: input.partNo, name: input.name, kind: input.kind, unit: input.unit, costFen: input.cost, priceFen: input.price, createdAt: now, updatedAt: now },
    });
    await tx.sparePartPrice.create({ data: { id: randomUUID(), partNo: row.partNo, costFen: row.costFen, priceFen: row.priceFen, at: now, by: by.name } });
    return partView(row);
  });
}

/** A new price or cost applies to parts issued from now on; parts already issued keep theirs. */
export async function patchPart(db: Database, partNo: string, patch: SparePartPatch, by: { name: string }, now: Date): Promise<SparePartView> {
  return db.$transaction(async (tx) => {
    const current = await tx.sparePart.findUnique({ where: { partNo } });
    if (!current) throw new AppError('not_found', `No part ${partNo} on the price list.`);
    const row = await tx.sparePart.update({
      where: { partNo },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.cost !== undefined ? { costFen: patch.cost } : {}),
        ...(patch.price !== undefined ? { priceFen: patch.price } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        updatedAt: now,
      },
    });
    if (row.costFen !== current.costFen || row.priceFen !== current.priceFen) {
      await tx.sparePartPrice.create({ data: { id: randomUUID(), partNo, costFen: row.costFen, priceFen: row.priceFen, at: now, by: by.name } });
    }
    return partView(row);
  });
}

// ---- stock ----

async function reserve(tx: Tx, centre: string, partNo: string, quantity: number): Promise<boolean> {
  const n = await tx.$executeRaw`UPDATE "StockLevel" SET "reserved" = "reserved" + ${quantity}
    WHERE "centre" = ${centre} AND "partNo" = ${partNo} AND "onHand" - "reserved" >= ${quantity}`;
  return n === 1;
}

async function release(tx: Tx, centre: string, partNo: string, quantity: number): Promise<void> {
  const n = await tx.$executeRaw`UPDATE "StockLevel" SET "reserved" = "reserved" - ${quantity}
    WHERE "centre" = ${centre} AND "partNo" = ${partNo} AND "reserved" >= ${quantity}`;
  if (n !== 1) throw new AppError('internal', `Stock of ${partNo} at ${centre} holds less in reserve than a request reserved.`);
}

async function takeReserved(tx: Tx, centre: string, partNo: string, quantity: number): Promise<void> {
  const n = await tx.$executeRaw`UPDATE "StockLevel" SET "onHand" = "onHand" - ${quantity}, "reserved" = "reserved" - ${quantity}
    WHERE "centre" = ${centre} AND "partNo" = ${partNo} AND "reserved" >= ${quantity} AND "onHand" >= ${quantity}`;
  if (n !== 1) throw new AppError('internal', `Stock of ${partNo} at ${centre} holds less in reserve than the request being issued.`);
}

async function addOnHand(tx: Tx, centre: string, partNo: string, quantity: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO "StockLevel" ("centre", "partNo", "onHand", "reserved") VALUES (${centre}, ${partNo}, ${quantity}, 0)
    ON CONFLICT ("centre", "partNo") DO UPDATE SET "onHand" = "StockLevel"."onHand" + ${quantity}`;
}

/**
 * Takes the stock rows of `partNos` at `centre` for this transaction (creating empty ones), in part
 * number order, before the waiting requests are read: approvals, receipts, returns and cancellations
 * of the same parts then follow one another, so none decides on a queue another is changing.
 */
async function lockStock(tx: Tx, centre: string, partNos: readonly string[]): Promise<void> {
  for (const partNo of [...new Set(partNos)].sort()) {
    await tx.$executeRaw`INSERT INTO "StockLevel" ("centre", "partNo", "onHand", "reserved") VALUES (${centre}, ${partNo}, 0, 0)
      ON CONFLICT ("centre", "partNo") DO UPDATE SET "onHand" = "StockLevel"."onHand"`;
  }
}

const byPartNo = <T extends { partNo: string }>(lines: readonly T[]): T[] => [...lines].sort((a, b) => (a.partNo < b.partNo ? -1 : a.partNo > b.partNo ? 1 : 0));

/** Reserves every line or none; on a shortfall names the first part short and what is available. */
async function reserveAll(
  tx: Tx,
  centre: string,
  lines: readonly { partNo: string; quantity: number }[],
): Promise<{ ok: true } | { ok: false; partNo: string; needed: number; available: number }> {
  const done: { partNo: string; quantity: number }[] = [];
  for (const l of byPartNo(lines)) {
    if (await reserve(tx, centre, l.partNo, l.quantity)) {
      done.push(l);
      continue;
    }
    for (const d of done) await release(tx, centre, d.partNo, d.quantity);
    const level = await tx.stockLevel.findUnique({ where: { centre_partNo: { centre, partNo: l.partNo } } });
    return { ok: false, partNo: l.partNo, needed: l.quantity, available: level ? level.onHand - level.reserved : 0 };
  }
  return { ok: true };
}

export const zStockLevelView = z
  .object({
    centre: z.string(),
    partNo: z.string(),
    name: z.string().nullable().describe('the price list name; null when the part is no longer listed'),
    onHand: z.number().int().describe('in the store'),
    reserved: z.number().int().describe('of those, reserved for approved requests not yet issued'),
    available: z.number().int().describe('onHand − reserved: what a new request can have'),
    waiting: z.number().int().describe('pieces asked for by requests of this centre waiting for stock'),
  })
  .strict()
  .meta({ id: 'StockLevel', description: "A part in a service centre's store (O4)" });
export type StockLevelView = z.infer<typeof zStockLevelView>;

export async function stockLevels(db: Pick<Database, 'stockLevel' | 'sparePart' | 'partRequest' | 'partRequestLine'>, centre?: string): Promise<StockLevelView[]> {
  const rows = await db.stockLevel.findMany({ where: centre ? { centre } : {}, orderBy: [{ centre: 'asc' }, { partNo: 'asc' }] });
  const names = new Map((await db.sparePart.findMany({ where: { partNo: { in: [...new Set(rows.map((r) => r.partNo))] } }, select: { partNo: true, name: true } })).map((p) => [p.partNo, p.name]));
  const waitingReqs = await db.partRequest.findMany({ where: { status: 'waiting_stock', ...(centre ? { serviceCentre: centre } : {}) }, select: { id: true, serviceCentre: true } });
  const centreOf = new Map(waitingReqs.map((r) => [r.id, r.serviceCentre]));
  const waiting = new Map<string, number>();
  if (waitingReqs.length) {
    for (const l of await db.partRequestLine.findMany({ where: { requestId: { in: waitingReqs.map((r) => r.id) } } })) {
      const key = `${centreOf.get(l.requestId)}\u0000${l.partNo}`;
      waiting.set(key, (waiting.get(key) ?? 0) + l.quantity);
    }
  }
  return rows.map((r) => ({
    centre: r.centre,
    partNo: r.partNo,
    name: names.get(r.partNo) ?? null,
    onHand: r.onHand,
    reserved: r.reserved,
    available: r.onHand - r.reserved,
    waiting: waiting.get(`${r.centre}\u0000${r.partNo}`) ?? 0,
  }));
}

/** Parts named in `lines` that the price list has as stockable parts; invalid_input naming each that is not. */
async function stockableParts(tx: Pick<Database, 'sparePart'>, lines: readonly PartLineInput[], field = 'lines'): Promise<Map<string, PartRow>> {
  const parts = new Map((await tx.sparePart.findMany({ where: { partNo: { in: lines.map((l) => l.partNo) } } })).map((p) => [p.partNo, p]));
  const details = lines.flatMap((l, i) => {
    const p = parts.get(l.partNo);
    if (!p) return [{ field: `${field}.${i}.partNo`, message: 'is not on the price list' }];
    if (p.kind !== 'part') return [{ field: `${field}.${i}.partNo`, message: 'is a maintenance item, not a stocked part' }];
    if (!p.active) return [{ field: `${field}.${i}.partNo`, message: 'is no longer on the published list' }];
    return [];
  });
  if (details.length) throw new AppError('invalid_input', 'The request body is invalid.', details);
  return parts;
}

export const zStockReceiptResult = z
  .object({
    centre: z.string(),
    lines: z.array(z.object({ partNo: z.string(), quantity: z.number().int() }).strict()),
    served: z.array(z.string()).describe('the waiting part requests this receipt served, first-come'),
    stock: z.array(zStockLevelView).describe("the centre's stock of the parts received, after the receipt"),
  })
  .strict()
  .meta({ id: 'StockReceiptResult', description: 'A stock receipt and the waiting requests it served (O4)' });
export type StockReceiptResult = z.infer<typeof zStockReceiptResult>;

/** O4: parts received into a centre's store; the centre's waiting requests are served first-come. */
export async function receiveStock(db: Database, receipt: StockReceipt, by: { name: string }, now: Date): Promise<StockReceiptResult> {
  const served = await transact(db, async (tx) => {
    await stockableParts(tx, receipt.lines);
    await lockStock(tx, receipt.centre, receipt.lines.map((l) => l.partNo));
    for (const l of byPartNo(receipt.lines)) {
      await addOnHand(tx, receipt.centre, l.partNo, l.quantity);
      await tx.stockMovement.create({
        data: { id: randomUUID(), centre: receipt.centre, partNo: l.partNo, kind: 'receipt', quantity: l.quantity, requestId: null, at: now, by: by.name, note: receipt.note ?? null },
      });
    }
    return serveWaiting(tx, receipt.centre, new Set(receipt.lines.map((l) => l.partNo)), now);
  });
  const received = new Set(receipt.lines.map((l) => l.partNo));
  return {
    centre: receipt.centre,
    lines: receipt.lines.map((l) => ({ partNo: l.partNo, quantity: l.quantity })),
    served,
    stock: (await stockLevels(db, receipt.centre)).filter((s) => received.has(s.partNo)),
  };
}

// ---- part requests ----

const zLineView = z
  .object({
    partNo: z.string(),
    quantity: z.number().int().describe('asked for'),
    issued: z.number().int(),
    replaced: z.number().int().describe('fitted on the product'),
    returned: z.number().int().describe('returned to the store unused'),
    unitCost: yuan('the cost when issued').nullable(),
    unitPrice: yuan('the list price when issued').nullable(),
  })
  .strict();

const zHistoryEntry = z
  .object({
    seq: z.number().int(),
    at: instant(),
    actor: zPerson,
    action: z.enum(['request', 'approve', 'reject', 'wait_for_stock', 'serve', 'issue', 'record_replaced', 'return_unused', 'close', 'cancel']),
    status: z.enum(PART_REQUEST_STATUSES).describe('the status after it'),
    note: z.string().nullable(),
    lines: z.array(z.object({ partNo: z.string(), quantity: z.number().int() }).strict()).nullable(),
  })
  .strict();
type HistoryEntry = z.infer<typeof zHistoryEntry>;

export const zPartRequestView = z
  .object({
    id: z.string(),
    callId: z.string(),
    callNumber: z.string().nullable(),
    serviceCentre: z.string(),
    serialNo: z.string().nullable(),
    category: z.enum(['A', 'B', 'C']).describe("the call's category (S1)"),
    coverage: z.enum(COVERAGES).describe('warranty (C), contract (B) or paid (A)'),
    waived: z.boolean().describe('outside warranty, the charge was waived: the company bears the parts'),
    bearer: z.enum(['company', 'customer']).describe('who bears the parts: the company in warranty, under contract or waived; else the customer at list price'),
    status: z.enum(PART_REQUEST_STATUSES),
    waitingReason: z.string().nullable().describe('why an approved request waits for stock'),
    technician: zPerson,
    reason: z.string(),
    requestedAt: instant(),
    decision: z.enum(['approved', 'rejected']).nullable(),
    decidedAt: instant().nullable(),
    decidedBy: z.string().nullable(),
    issuedAt: instant().nullable(),
    issuedBy: z.string().nullable(),
    closedAt: instant().nullable(),
    lines: z.array(zLineView),
    history: z.array(zHistoryEntry),
  })
  .strict()
  .meta({ id: 'PartRequest', description: 'A spare-part request from a repair (配件申请单, O4)' });
export type PartRequestView = z.infer<typeof zPartRequestView>;

type RequestRow = Awaited<ReturnType<Database['partRequest']['findUniqueOrThrow']>>;
type LineRow = Awaited<ReturnType<Database['partRequestLine']['findUniqueOrThrow']>>;

function requestView(r: RequestRow, lines: readonly LineRow[]): PartRequestView {
  return {
    id: r.id,
    callId: r.callId,
    callNumber: r.callNumber,
    serviceCentre: r.serviceCentre,
    serialNo: r.serialNo,
    category: r.category as CallCategory,
    coverage: r.coverage as Coverage,
    waived: r.waived,
    bearer: bearerOf(r.coverage as Coverage, r.waived),
    status: r.status as PartRequestStatus,
    waitingReason: r.waitingReason,
    technician: { id: r.technicianId, name: r.technicianName },
    reason: r.reason,
    requestedAt: r.requestedAt.toISOString(),
    decision: r.decision as 'approved' | 'rejected' | null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedBy: r.decidedBy,
    issuedAt: r.issuedAt?.toISOString() ?? null,
    issuedBy: r.issuedBy,
    closedAt: r.closedAt?.toISOString() ?? null,
    lines: byPartNo(lines).map((l) => ({
      partNo: l.partNo,
      quantity: l.quantity,
      issued: l.issued,
      replaced: l.replaced,
      returned: l.returned,
      unitCost: l.unitCostFen === null ? null : fenToYuan(Number(l.unitCostFen)),
      unitPrice: l.unitPriceFen === null ? null : fenToYuan(Number(l.unitPriceFen)),
    })),
    history: JSON.parse(r.history) as HistoryEntry[],
  };
}

const stateOf = (r: RequestRow, lines: readonly LineRow[]): PartRequestState => ({
  id: r.id,
  status: r.status as PartRequestStatus,
  technicianId: r.technicianId,
  coverage: r.coverage as Coverage,
  lines: lines.map((l) => ({ partNo: l.partNo, quantity: l.quantity, issued: l.issued, replaced: l.replaced, returned: l.returned })),
});

const SYSTEM = { id: 'system', name: 'Parts store' };

function withEntry(r: RequestRow, entry: Omit<HistoryEntry, 'seq'>): string {
  const history = JSON.parse(r.history) as HistoryEntry[];
  history.push({ seq: history.length + 1, ...entry });
  return JSON.stringify(history);
}

/** The version-guarded write of a request's new status; a lost race is retried by `transact`. */
async function updateRequest(tx: Tx, r: RequestRow, data: Omit<Parameters<Tx['partRequest']['updateMany']>[0]['data'], 'version'>): Promise<void> {
  const n = await tx.partRequest.updateMany({ where: { id: r.id, version: r.version }, data: { ...data, version: r.version + 1 } });
  if (n.count !== 1) throw new Contended();
}

const describeLines = (lines: readonly { partNo: string; quantity: number }[]) => lines.map((l) => `${l.quantity} × ${l.partNo}`).join(', ');

async function issueTask(tx: Tx, r: RequestRow, lines: readonly { partNo: string; quantity: number }[], now: Date): Promise<void> {
  await upsertWorkItem(tx, {
    dedupeKey: `part-request:${r.id}:task:issue`,
    kind: 'part_issue',
    caseType: 'part_request',
    caseId: r.id,
    roles: ['warehouse'],
    title: `Issue ${describeLines(lines)} at ${r.serviceCentre} to ${r.technicianName} for call ${r.callNumber ?? r.callId} (O4).`,
    at: now,
  });
}

/**
 * Serves the centre's waiting requests that need any of `parts`, first-come (by when they began
 * waiting). A request that cannot be met in full keeps its place, and the parts it needs are held
 * back from the requests behind it. Returns the ids served.
 */
async function serveWaiting(tx: Tx, centre: string, parts: ReadonlySet<string>, now: Date): Promise<string[]> {
  const waiting = await tx.partRequest.findMany({
    where: { status: 'waiting_stock', serviceCentre: centre },
    orderBy: [{ waitingSince: 'asc' }, { requestedAt: 'asc' }, { id: 'asc' }],
  });
  if (waiting.length === 0) return [];
  const lines = await tx.partRequestLine.findMany({ where: { requestId: { in: waiting.map((w) => w.id) } } });
  const blocked = new Set<string>();
  const served: string[] = [];
  for (const r of waiting) {
    const own = lines.filter((l) => l.requestId === r.id);
    if (!own.some((l) => parts.has(l.partNo) || blocked.has(l.partNo))) continue;
    if (own.some((l) => blocked.has(l.partNo))) {
      own.forEach((l) => blocked.add(l.partNo));
      continue;
    }
    const reserved = await reserveAll(tx, centre, own);
    if (!reserved.ok) {
      own.forEach((l) => blocked.add(l.partNo));
      continue;
    }
    await updateRequest(tx, r, {
      status: 'approved',
      waitingReason: null,
      reservedAt: now,
      history: withEntry(r, { at: now.toISOString(), actor: SYSTEM, action: 'serve', status: 'approved', note: 'stock arrived: reserved for this request, first-come', lines: null }),
    });
    await issueTask(tx, r, own, now);
    served.push(r.id);
  }
  return served;
}

/** O4: the assigned technician requests parts for a repair on an open call. `id` is the new request's id. */
export async function filePartRequest(db: Database, id: string, technician: { id: string; name: string }, filing: PartRequestFiling, now: Date): Promise<PartRequestView> {
  return transact(db, async (tx) => {
    const existing = await tx.partRequest.findUnique({ where: { id } });
    if (existing) return requestView(existing, await tx.partRequestLine.findMany({ where: { requestId: id } }));
    const call = await tx.serviceCall.findUnique({
      where: { id: filing.callId },
      select: { id: true, number: true, status: true, technicianId: true, serviceCentre: true, serialNo: true, category: true },
    });
    if (!call) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'callId', message: 'no service call has this id' }]);
    if (call.technicianId !== technician.id) throw new AppError('forbidden', 'Only the technician assigned to the call requests parts for it.');
    if (call.status !== 'open') throw new AppError('wrong_stage', 'The call is closed; parts are requested while the repair is open.');
    await stockableParts(tx, filing.lines);
    const category = call.category as CallCategory;
    const row = await tx.partRequest.create({
      data: {
        id,
        callId: call.id,
        callNumber: call.number,
        serviceCentre: call.serviceCentre,
        serialNo: call.serialNo,
        category,
        coverage: coverageOf(category),
        status: 'requested',
        technicianId: technician.id,
        technicianName: technician.name,
        reason: filing.reason,
        requestedAt: now,
        history: JSON.stringify([
          { seq: 1, at: now.toISOString(), actor: { id: technician.id, name: technician.name }, action: 'request', status: 'requested', note: filing.reason, lines: filing.lines } satisfies HistoryEntry,
        ]),
        version: 1,
      },
    });
    await tx.partRequestLine.createMany({ data: filing.lines.map((l) => ({ requestId: id, partNo: l.partNo, quantity: l.quantity })) });
    await upsertWorkItem(tx, {
      dedupeKey: `part-request:${id}:task:decide`,
      kind: 'part_request_decision',
      caseType: 'part_request',
      caseId: id,
      roles: ['service_supervisor'],
      title: `Approve or reject ${technician.name}'s request for ${describeLines(filing.lines)} (call ${call.number ?? call.id}, ${coverageOf(category)}) (O4).`,
      at: now,
    });
    return requestView(row, await tx.partRequestLine.findMany({ where: { requestId: id } }));
  });
}

export interface PartActionContext {
  now: Date;
  timeZone: string;
  budgetWarningShareBp: number;
}

/** The cost source of parts the company bears; null when the customer pays for them. */
function costSourceOf(coverage: Coverage, waived: boolean): CostSource | null {
  if (coverage === 'warranty') return 'parts_warranty';
  if (coverage === 'contract') return 'parts_contract';
  return waived ? 'parts_waived' : null;
}

/** O4: takes an action on a request (403 wrong role or person, 409 wrong status, 400 bad data; a refusal changes nothing). */
export async function actOnPartRequest(db: Database, id: string, actor: Actor, cmd: PartRequestAction, ctx: PartActionContext): Promise<PartRequestView> {
  const { now } = ctx;
  const at = now.toISOString();
  const who = { id: actor.id, name: actor.name };
  await transact(db, async (tx) => {
    const r = await tx.partRequest.findUnique({ where: { id } });
    if (!r) throw new AppError('not_found', `No part request ${id}.`);
    const lines = await tx.partRequestLine.findMany({ where: { requestId: id } });
    const state = stateOf(r, lines);
    checkPartRequestAction(state, actor, cmd);
    const centre = r.serviceCentre;
    if (cmd.action !== 'reject' && !(cmd.action === 'cancel' && r.status === 'requested')) {
      await lockStock(tx, centre, lines.map((l) => l.partNo));
    }
    switch (cmd.action) {
      case 'approve': {
        const waived = Boolean(cmd.waiveCharge);
        const decided = { decision: 'approved', decidedAt: now, decidedBy: actor.name, waived };
        const approveEntry = { at, actor: who, action: 'approve' as const, note: cmd.comment ?? (waived ? 'charge waived' : null), lines: null };
        // First-come: a request may not take parts that earlier requests of the centre are waiting for.
        const ahead = await waitingAhead(tx, centre, lines.map((l) => l.partNo));
        const reserved = ahead.length ? null : await reserveAll(tx, centre, lines);
        if (reserved?.ok) {
          await updateRequest(tx, r, { ...decided, status: 'approved', reservedAt: now, history: withEntry(r, { ...approveEntry, status: 'approved' }) });
          await issueTask(tx, r, lines, now);
        } else {
          const reason = reserved
            ? `${reserved.available} of ${reserved.partNo} available at ${centre}, ${reserved.needed} needed`
            : `behind ${ahead.length} earlier request(s) at ${centre} waiting for ${[...new Set(ahead.map((a) => a.partNo))].sort().join(', ')}`;
          const approved: RequestRow = { ...r, history: withEntry(r, { ...approveEntry, status: 'approved' }) };
          await updateRequest(tx, r, {
            ...decided,
            status: 'waiting_stock',
            waitingReason: reason,
            waitingSince: now,
            history: withEntry(approved, { at, actor: SYSTEM, action: 'wait_for_stock', status: 'waiting_stock', note: reason, lines: null }),
          });
        }
        await completeWorkItems(tx, { dedupeKeys: [`part-request:${id}:task:decide`] }, actor.name, now);
        return;
      }
      case 'reject': {
        await updateRequest(tx, r, {
          status: 'rejected',
          decision: 'rejected',
          decidedAt: now,
          decidedBy: actor.name,
          closedAt: now,
          history: withEntry(r, { at, actor: who, action: 'reject', status: 'rejected', note: cmd.reason, lines: null }),
        });
        await completeWorkItems(tx, { dedupeKeys: [`part-request:${id}:task:decide`] }, actor.name, now);
        return;
      }
      case 'issue': {
        const parts = new Map((await tx.sparePart.findMany({ where: { partNo: { in: lines.map((l) => l.partNo) } } })).map((p) => [p.partNo, p]));
        const postings: CostPostingInput[] = [];
        const source = costSourceOf(r.coverage as Coverage, r.waived);
        for (const l of byPartNo(lines)) {
          const part = parts.get(l.partNo);
          if (!part) throw new AppError('internal', `Part ${l.partNo} left the price list while reserved.`);
          await takeReserved(tx, centre, l.partNo, l.quantity);
          await tx.partRequestLine.update({
            where: { requestId_partNo: { requestId: id, partNo: l.partNo } },
            data: { issued: l.quantity, unitCostFen: part.costFen, unitPriceFen: part.priceFen },
          });
          await tx.stockMovement.create({ data: { id: randomUUID(), centre, partNo: l.partNo, kind: 'issue', quantity: l.quantity, requestId: id, at: now, by: actor.name, note: null } });
          if (source) {
            postings.push({
              id: `part_issue:${id}:${l.partNo}`,
              month: costMonthOf(now, ctx.timeZone),
              category: PARTS_CATEGORY,
              source,
              amountFen: Number(part.costFen) * l.quantity,
              refType: 'part_request',
              refId: id,
              at: now,
              description: `${l.quantity} × ${l.partNo} issued for call ${r.callNumber ?? r.callId} (${r.coverage}${r.waived ? ', charge waived' : ''})`,
            });
          }
        }
        await updateRequest(tx, r, { status: 'issued', issuedAt: now, issuedBy: actor.name, history: withEntry(r, { at, actor: who, action: 'issue', status: 'issued', note: cmd.comment ?? null, lines: lines.map((l) => ({ partNo: l.partNo, quantity: l.quantity })) }) });
        await postCosts(tx, postings, ctx.budgetWarningShareBp, now);
        await completeWorkItems(tx, { dedupeKeys: [`part-request:${id}:task:issue`] }, actor.name, now);
        return;
      }
      case 'record_replaced':
      case 'return_unused': {
        const kind = cmd.action === 'record_replaced' ? 'replaced' : 'returned';
        const after: PartLineState[] = applyLines(state, kind, cmd.lines);
        const seq = (JSON.parse(r.history) as HistoryEntry[]).length + 1;
        const postings: CostPostingInput[] = [];
        const source = costSourceOf(r.coverage as Coverage, r.waived);
        const bearer = bearerOf(r.coverage as Coverage, r.waived);
        for (const given of byPartNo(cmd.lines)) {
          const line = lines.find((l) => l.partNo === given.partNo)!;
          await tx.partRequestLine.update({ where: { requestId_partNo: { requestId: id, partNo: given.partNo } }, data: { [kind]: line[kind] + given.quantity } });
          const unitCostFen = Number(line.unitCostFen ?? 0);
          const unitPriceFen = Number(line.unitPriceFen ?? 0);
          if (kind === 'replaced') {
            await tx.partReplacement.create({
              data: {
                id: `${id}:${seq}:${given.partNo}`,
                requestId: id,
                callId: r.callId,
                serviceCentre: centre,
                partNo: given.partNo,
                quantity: given.quantity,
                coverage: r.coverage,
                bearer,
                unitCostFen,
                unitPriceFen,
                chargeFen: bearer === 'customer' ? unitPriceFen * given.quantity : 0,
                at: now,
              },
            });
          } else {
            await addOnHand(tx, centre, given.partNo, given.quantity);
            await tx.stockMovement.create({ data: { id: randomUUID(), centre, partNo: given.partNo, kind: 'return', quantity: given.quantity, requestId: id, at: now, by: actor.name, note: cmd.comment ?? null } });
            if (source) {
              postings.push({
                id: `part_return:${id}:${seq}:${given.partNo}`,
                month: costMonthOf(now, ctx.timeZone),
                category: PARTS_CATEGORY,
                source,
                amountFen: -unitCostFen * given.quantity,
                refType: 'part_request',
                refId: id,
                at: now,
                description: `${given.quantity} × ${given.partNo} returned unused from call ${r.callNumber ?? r.callId}`,
              });
            }
          }
        }
        const done = settled(after);
        const entry = { at, actor: who, action: cmd.action, note: cmd.comment ?? null, lines: cmd.lines.map((l) => ({ partNo: l.partNo, quantity: l.quantity })) };
        const history = done
          ? withEntry({ ...r, history: withEntry(r, { ...entry, status: 'issued' }) }, { at, actor: SYSTEM, action: 'close', status: 'closed', note: 'every part issued is fitted or returned', lines: null })
          : withEntry(r, { ...entry, status: 'issued' });
        await updateRequest(tx, r, { ...(done ? { status: 'closed', closedAt: now } : {}), history });
        await postCosts(tx, postings, ctx.budgetWarningShareBp, now);
        if (kind === 'returned') await serveWaiting(tx, centre, new Set(cmd.lines.map((l) => l.partNo)), now);
        return;
      }
      case 'cancel': {
        if (r.status === 'approved') for (const l of byPartNo(lines)) await release(tx, centre, l.partNo, l.quantity);
        await updateRequest(tx, r, { status: 'cancelled', closedAt: now, waitingReason: null, history: withEntry(r, { at, actor: who, action: 'cancel', status: 'cancelled', note: cmd.reason, lines: null }) });
        await completeWorkItems(tx, { caseId: id }, actor.name, now);
        if (r.status !== 'requested') await serveWaiting(tx, centre, new Set(lines.map((l) => l.partNo)), now);
        return;
      }
    }
  });
  return (await getPartRequest(db, id))!;
}

/** Lines of the centre's waiting requests that name any of `partNos`. */
async function waitingAhead(tx: Tx, centre: string, partNos: string[]): Promise<{ requestId: string; partNo: string }[]> {
  const waiting = await tx.partRequest.findMany({ where: { status: 'waiting_stock', serviceCentre: centre }, select: { id: true } });
  if (waiting.length === 0) return [];
  return tx.partRequestLine.findMany({ where: { requestId: { in: waiting.map((w) => w.id) }, partNo: { in: partNos } }, select: { requestId: true, partNo: true } });
}

export async function getPartRequest(db: Pick<Database, 'partRequest' | 'partRequestLine'>, id: string): Promise<PartRequestView | null> {
  const r = await db.partRequest.findUnique({ where: { id } });
  return r ? requestView(r, await db.partRequestLine.findMany({ where: { requestId: id } })) : null;
}

export async function listPartRequests(
  db: Database,
  f: { status?: string; centre?: string; callId?: string; technicianId?: string; limit: number; cursor?: string },
) {
  const rows = await db.partRequest.findMany({
    where: {
      ...(f.status ? { status: f.status } : {}),
      ...(f.centre ? { serviceCentre: f.centre } : {}),
      ...(f.callId ? { callId: f.callId } : {}),
      ...(f.technicianId ? { technicianId: f.technicianId } : {}),
    },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(f),
  });
  const page = rows.slice(0, f.limit);
  const lines = page.length ? await db.partRequestLine.findMany({ where: { requestId: { in: page.map((r) => r.id) } } }) : [];
  return pageOf(rows, f, (r) => requestView(r, lines.filter((l) => l.requestId === r.id)));
}
