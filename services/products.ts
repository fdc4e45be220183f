// O6: product files, the installed base by serial number: owner and site, acceptance, installation
// and commissioning dates, warranty end, service level, and the maintenance contracts covering it
// (the existing contracts, S15, by their serial numbers). A service call registered with a serial
// number on file takes its customer, model, area and warranty from here (S1, S2).
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import type { ProductFiling, ProductPatch, Reader } from '../domain/installedBase/schemas';
import { normaliseForSearch, productSearchText } from '../domain/installedBase/search';
import type { MachineView, ProductSummary, ProductView } from '../domain/installedBase/views';
import { contractActiveOn } from '../domain/serviceCall/category';
import type { Area } from '../domain/serviceCall/stages';
import type { Product } from '../generated/prisma-sqlite/client';
import { pageArgs, pageOf } from './pagination';
import { historyForSerials, linkedComplaints } from './serviceHistory';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

async function customerAndSite(db: Database, customerId: string, siteId: string | null | undefined) {
  const customer = await db.customer.findUnique({ where: { id: customerId }, select: { id: true, code: true, name: true } });
  if (!customer) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'customerId', message: 'no customer has this id' }]);
  if (siteId) {
    const site = await db.customerSite.findUnique({ where: { id: siteId }, select: { customerId: true } });
    if (site?.customerId !== customerId) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'siteId', message: "is not one of the customer's sites" }]);
  }
  return customer;
}

/** Puts a product into the installed base; 409 when its serial number is on file. */
export async function createProduct(db: Database, f: ProductFiling, by: { id: string }, now: Date): Promise<void> {
  const customer = await customerAndSite(db, f.customerId, f.siteId);
  try {
    await db.product.create({
      data: {
        id: randomUUID(),
        serialNo: f.serialNo,
        model: f.model,
        customerId: f.customerId,
        siteId: f.siteId ?? null,
        acceptedOn: f.acceptedOn ?? null,
        installedOn: f.installedOn ?? null,
        commissionedOn: f.commissionedOn ?? null,
        warrantyUntil: f.warrantyUntil ?? null,
        serviceLevel: f.serviceLevel ?? null,
        searchText: productSearchText(f, customer),
        createdAt: now,
        createdBy: by.id,
        updatedAt: now,
        updatedBy: by.id,
      },
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', `Serial number ${f.serialNo} is already in the installed base.`, [{ field: 'serialNo', message: 'is taken' }]);
    throw err;
  }
}

/** Changes a product file; a change of owner leaves the site unless a new one is given. */
export async function patchProduct(db: Database, serialNo: string, p: ProductPatch, by: { id: string }, now: Date, checkDates: (merged: Product) => void): Promise<void> {
  const current = await db.product.findUnique({ where: { serialNo } });
  if (!current) throw new AppError('not_found', `No product with serial number ${serialNo}.`);
  const customerId = p.customerId ?? current.customerId;
  const siteId = p.siteId !== undefined ? p.siteId : p.customerId && p.customerId !== current.customerId ? null : current.siteId;
  const customer = await customerAndSite(db, customerId, siteId);
  const merged: Product = {
    ...current,
    ...(p.model !== undefined ? { model: p.model } : {}),
    customerId,
    siteId,
    ...(p.acceptedOn !== undefined ? { acceptedOn: p.acceptedOn } : {}),
    ...(p.installedOn !== undefined ? { installedOn: p.installedOn } : {}),
    ...(p.commissionedOn !== undefined ? { commissionedOn: p.commissionedOn } : {}),
    ...(p.warrantyUntil !== undefined ? { warrantyUntil: p.warrantyUntil } : {}),
    ...(p.serviceLevel !== undefined ? { serviceLevel: p.serviceLevel } : {}),
  };
  checkDates(merged);
  const { id: _id, createdAt: _c, createdBy: _b, serialNo: _s, ...data } = merged;
  await db.product.update({
    where: { serialNo },
    data: { ...data, searchText: productSearchText(merged, customer), updatedAt: now, updatedBy: by.id },
  });
}

type ContractRow = { id: string; number: string | null; status: string; startsOn: string; endsOn: string };

/** The contracts covering each of these serial numbers (S15), newest end first. */
async function contractsBySerial(db: Database, serials: string[]): Promise<Map<string, ContractRow[]>> {
  const links = serials.length ? await db.contractSerial.findMany({ where: { serialNo: { in: serials } } }) : [];
  const contracts = links.length
    ? await db.serviceContract.findMany({
        where: { id: { in: [...new Set(links.map((l) => l.contractId))] } },
        select: { id: true, number: true, status: true, startsOn: true, endsOn: true },
      })
    : [];
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const out = new Map<string, ContractRow[]>();
  for (const l of links) {
    const c = byId.get(l.contractId);
    if (!c) continue;
    out.set(l.serialNo, [...(out.get(l.serialNo) ?? []), c]);
  }
  for (const list of out.values()) list.sort((a, b) => b.endsOn.localeCompare(a.endsOn));
  return out;
}

const contractView = (c: ContractRow, today: string) => ({
  id: c.id,
  number: c.number,
  status: c.status as 'active' | 'expired',
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  activeToday: contractActiveOn(c, today),
});

/** The contract a product file shows: the one covering it today, else the one that ended last. */
const currentContract = (list: ContractRow[] | undefined, today: string) => {
  if (!list?.length) return null;
  return contractView(list.find((c) => contractActiveOn(c, today)) ?? list[0]!, today);
};

/** Products as lists show them: with customer, site and the contract of today (S1). */
export async function productSummaries(db: Database, products: Product[], today: string): Promise<ProductSummary[]> {
  if (products.length === 0) return [];
  const [customers, sites, contracts] = await Promise.all([
    db.customer.findMany({ where: { id: { in: [...new Set(products.map((p) => p.customerId))] } }, select: { id: true, code: true, name: true } }),
    db.customerSite.findMany({ where: { id: { in: products.flatMap((p) => (p.siteId ? [p.siteId] : [])) } }, select: { id: true, name: true } }),
    contractsBySerial(db, products.map((p) => p.serialNo)),
  ]);
  const customerOf = new Map(customers.map((c) => [c.id, c]));
  const siteOf = new Map(sites.map((s) => [s.id, s]));
  return products.map((p) => ({
    id: p.id,
    serialNo: p.serialNo,
    model: p.model,
    customer: customerOf.get(p.customerId) ?? { id: p.customerId, code: '', name: '' },
    site: p.siteId ? (siteOf.get(p.siteId) ?? null) : null,
    warrantyUntil: p.warrantyUntil,
    inWarranty: p.warrantyUntil !== null && today <= p.warrantyUntil,
    contract: currentContract(contracts.get(p.serialNo), today),
    serviceLevel: p.serviceLevel,
  }));
}

export async function productRow(db: Database, serialNo: string): Promise<Product | null> {
  return db.product.findUnique({ where: { serialNo } });
}

/** A product file with its contracts, service history and the complaints on its model; 404 when unknown. */
export async function productView(db: Database, serialNo: string, _reader: Reader, today: string): Promise<ProductView> {
  const p = await productRow(db, serialNo);
  if (!p) throw new AppError('not_found', `No product with serial number ${serialNo}.`);
  const [[summary], site, contracts, serviceHistory, complaints] = await Promise.all([
    productSummaries(db, [p], today),
    p.siteId ? db.customerSite.findUnique({ where: { id: p.siteId } }) : null,
    contractsBySerial(db, [p.serialNo]),
    historyForSerials(db, [p.serialNo], { limit: 100 }),
    linkedComplaints(db, p.model),
  ]);
  return {
    ...summary!,
    site: site ? { id: site.id, name: site.name, address: site.address, area: (site.area as Area | null) ?? null } : null,
    acceptedOn: p.acceptedOn,
    installedOn: p.installedOn,
    commissionedOn: p.commissionedOn,
    contracts: (contracts.get(p.serialNo) ?? []).map((c) => contractView(c, today)),
    serviceHistory,
    complaints,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export interface ProductFilter {
  q?: string;
  customerId?: string;
  model?: string;
  limit: number;
  cursor?: string;
}

/** Products by a substring of serial number, model or customer (code or name), by customer, by model; by serial number. */
export async function listProducts(db: Database, f: ProductFilter, today: string) {
  const q = f.q !== undefined ? normaliseForSearch(f.q) : '';
  const rows = await db.product.findMany({
    where: {
      ...(q ? { searchText: { contains: q } } : {}),
      ...(f.customerId ? { customerId: f.customerId } : {}),
      ...(f.model ? { model: f.model } : {}),
    },
    orderBy: { serialNo: 'asc' },
    ...pageArgs(f, 'serialNo'),
  });
  const page = pageOf(rows, f, (r) => r, (r) => r.serialNo);
  return { items: await productSummaries(db, page.items, today), nextCursor: page.nextCursor };
}

/** O6: what the installed base knows of a serial number, for registering a call on it. */
export interface InstalledBaseMatch {
  product: { id: string; serialNo: string; model: string; warrantyUntil: string | null };
  customer: { id: string; code: string; name: string };
  /** The product's site, else the customer's first. */
  site: { address: string; area: Area | null } | null;
  /** A contact at the product's site, else the customer's first contact. */
  phone: string | null;
}

export async function installedBaseMatch(db: Database, serialNo: string): Promise<InstalledBaseMatch | null> {
  const p = await db.product.findUnique({ where: { serialNo } });
  if (!p) return null;
  const [customer, sites, contacts] = await Promise.all([
    db.customer.findUnique({ where: { id: p.customerId }, select: { id: true, code: true, name: true } }),
    db.customerSite.findMany({ where: { customerId: p.customerId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.customerContact.findMany({ where: { customerId: p.customerId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  if (!customer) return null;
  const site = sites.find((s) => s.id === p.siteId) ?? sites[0] ?? null;
  const contact = contacts.find((c) => p.siteId !== null && c.siteId === p.siteId) ?? contacts[0] ?? null;
  return {
    product: { id: p.id, serialNo: p.serialNo, model: p.model, warrantyUntil: p.warrantyUntil },
    customer,
    site: site ? { address: site.address, area: (site.area as Area | null) ?? null } : null,
    phone: contact?.phone ?? null,
  };
}

/** O6: what a service call shows of its machine: the product file of its serial number and the machine's other calls; null when not on file. */
export async function machineOf(db: Database, serialNo: string | null, callId: string, today: string): Promise<MachineView | null> {
  if (!serialNo) return null;
  const p = await productRow(db, serialNo);
  if (!p) return null;
  const [[product], serviceHistory, complaints] = await Promise.all([
    productSummaries(db, [p], today),
    historyForSerials(db, [serialNo], { limit: 50, exceptCallId: callId }),
    linkedComplaints(db, p.model),
  ]);
  return { product: product!, serviceHistory, complaints };
}
