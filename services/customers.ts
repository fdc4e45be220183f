// O6: customer files on the database side: a customer with its sites and contacts, kept by the
// service department and the clerks; read by the service side and sales, phones masked unless the
// reader phones customers (G6). Search: a substring of the code or name (normalised text, see
// domain/installedBase/search.ts) or, for the roles that see phones, digits of a contact's phone.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { AppError, type ErrorDetail } from '../domain/errors';
import { type CustomerFiling, type CustomerPatch, type Reader, phoneFor } from '../domain/installedBase/schemas';
import { customerSearchText, maskPhone, normaliseForSearch, phoneDigits, productSearchText } from '../domain/installedBase/search';
import type { CustomerView } from '../domain/installedBase/views';
import type { Area } from '../domain/serviceCall/stages';
import type { Prisma } from '../generated/prisma-sqlite/client';
import { pageArgs, pageOf } from './pagination';
import { productSummaries } from './products';
import { historyForSerials } from './serviceHistory';

export type Tx = Prisma.TransactionClient;

const invalid = (details: ErrorDetail[]) => new AppError('invalid_input', 'The request body is invalid.', details);
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

/** The next generated customer number, `KH000001`, skipping numbers already on file (imported ones). */
async function nextCustomerCode(db: Database): Promise<string> {
  for (let i = 0; i < 1000; i++) {
    const rows = await db.$queryRaw<{ last: number | bigint }[]>`
      INSERT INTO "CaseNumberCounter" ("period", "last") VALUES ('KH', 1)
      ON CONFLICT ("period") DO UPDATE SET "last" = "CaseNumberCounter"."last" + 1
      RETURNING "last"`;
    const code = `KH${String(Number(rows[0]!.last)).padStart(6, '0')}`;
    if (!(await db.customer.findUnique({ where: { code }, select: { id: true } }))) return code;
  }
  throw new AppError('conflict', 'No free customer number was found; give the customer a code.');
}

type SiteInput = CustomerFiling['sites'][number];
type ContactInput = CustomerFiling['contacts'][number];

/** Writes a customer's sites and contacts as listed: entries with an id are changed, the others added, the rest removed. */
async function writeSitesAndContacts(
  tx: Tx,
  customerId: string,
  sites: SiteInput[] | undefined,
  contacts: ContactInput[] | undefined,
  now: Date,
): Promise<void> {
  const siteIds = new Map<string, string>();
  if (sites !== undefined) {
    const existing = await tx.customerSite.findMany({ where: { customerId } });
    const known = new Set(existing.map((s) => s.id));
    const bad = sites.flatMap((s, i) => (s.id !== undefined && !known.has(s.id) ? [{ field: `sites.${i}.id`, message: "is not one of the customer's sites" }] : []));
    if (bad.length) throw invalid(bad);
    const kept = new Set(sites.map((s) => s.id).filter(Boolean));
    const removed = existing.filter((s) => !kept.has(s.id));
    if (removed.length) {
      const used = await tx.product.findFirst({ where: { siteId: { in: removed.map((s) => s.id) } }, select: { serialNo: true, siteId: true } });
      if (used) {
        const site = removed.find((s) => s.id === used.siteId)!;
        throw new AppError('conflict', `Site "${site.name}" still has products (e.g. ${used.serialNo}); move them to another site first.`);
      }
      await tx.customerContact.updateMany({ where: { siteId: { in: removed.map((s) => s.id) } }, data: { siteId: null } });
      // Free the names first, so that a kept site may take a removed one's name.
      await tx.customerSite.deleteMany({ where: { id: { in: removed.map((s) => s.id) } } });
    }
    // Kept sites first give up their names, so that the list may swap them.
    for (const s of sites) if (s.id) await tx.customerSite.update({ where: { id: s.id }, data: { name: `\u0000${s.id}` } });
    for (const s of sites) {
      const data = { name: s.name ?? s.address, address: s.address, area: s.area ?? null, updatedAt: now };
      if (s.id) {
        await tx.customerSite.update({ where: { id: s.id }, data });
        siteIds.set(data.name, s.id);
      } else {
        const id = randomUUID();
        await tx.customerSite.create({ data: { id, customerId, ...data, createdAt: now } });
        siteIds.set(data.name, id);
      }
    }
  } else {
    for (const s of await tx.customerSite.findMany({ where: { customerId }, select: { id: true, name: true } })) siteIds.set(s.name, s.id);
  }
  if (contacts !== undefined) {
    const existing = await tx.customerContact.findMany({ where: { customerId } });
    const known = new Set(existing.map((c) => c.id));
    const bad = contacts.flatMap((c, i) => [
      ...(c.id !== undefined && !known.has(c.id) ? [{ field: `contacts.${i}.id`, message: "is not one of the customer's contacts" }] : []),
      ...(c.site !== undefined && !siteIds.has(c.site) ? [{ field: `contacts.${i}.site`, message: "must name one of the customer's sites" }] : []),
    ]);
    if (bad.length) throw invalid(bad);
    const kept = new Set(contacts.map((c) => c.id).filter(Boolean));
    await tx.customerContact.deleteMany({ where: { customerId, id: { notIn: [...kept] as string[] } } });
    // Kept contacts first give up their numbers, so that the list may swap them.
    for (const c of contacts) if (c.id) await tx.customerContact.update({ where: { id: c.id }, data: { phoneDigits: `-${c.id}` } });
    for (const c of contacts) {
      const data = {
        name: c.name,
        title: c.title ?? null,
        phone: c.phone,
        phoneDigits: phoneDigits(c.phone),
        siteId: c.site !== undefined ? siteIds.get(c.site)! : null,
        updatedAt: now,
      };
      if (c.id) await tx.customerContact.update({ where: { id: c.id }, data });
      else await tx.customerContact.create({ data: { id: randomUUID(), customerId, ...data, createdAt: now } });
    }
  }
}

/** Opens a customer file; 409 when its code is taken. */
export async function createCustomer(db: Database, filing: CustomerFiling, by: { id: string; name: string }, now: Date): Promise<string> {
  const code = filing.code ?? (await nextCustomerCode(db));
  const id = randomUUID();
  try {
    await db.$transaction(async (tx) => {
      await tx.customer.create({
        data: {
          id,
          code,
          name: filing.name,
          region: filing.region ?? null,
          notes: filing.notes ?? null,
          searchText: customerSearchText({ code, name: filing.name }),
          createdAt: now,
          createdBy: by.id,
          updatedAt: now,
          updatedBy: by.id,
        },
      });
      await writeSitesAndContacts(tx, id, filing.sites, filing.contacts, now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', `A customer with code ${code} is already on file.`, [{ field: 'code', message: 'is taken' }]);
    throw err;
  }
  return id;
}

/** Changes a customer file; a new name or code is carried into its products' search text. */
export async function patchCustomer(db: Database, id: string, patch: CustomerPatch, by: { id: string }, now: Date): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const current = await tx.customer.findUnique({ where: { id } });
      if (!current) throw new AppError('not_found', `No customer ${id}.`);
      const code = patch.code ?? current.code;
      const name = patch.name ?? current.name;
      await tx.customer.update({
        where: { id },
        data: {
          code,
          name,
          ...(patch.region !== undefined ? { region: patch.region } : {}),
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
          searchText: customerSearchText({ code, name }),
          updatedAt: now,
          updatedBy: by.id,
        },
      });
      await writeSitesAndContacts(tx, id, patch.sites, patch.contacts, now);
      if (code !== current.code || name !== current.name) {
        for (const p of await tx.product.findMany({ where: { customerId: id }, select: { id: true, serialNo: true, model: true } })) {
          await tx.product.update({ where: { id: p.id }, data: { searchText: productSearchText(p, { code, name }) } });
        }
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', `A customer with code ${patch.code} is already on file.`, [{ field: 'code', message: 'is taken' }]);
    throw err;
  }
}

export interface CustomerFilter {
  q?: string;
  phone?: string;
  region?: string;
  limit: number;
  cursor?: string;
}

/** A phone search finds a customer: it lists at most this many (the parameters of one query stay within every database's limit). */
const PHONE_MATCHES = 500;

/** Customer files by a substring of code or name, by phone digits, by region; by name. */
export async function listCustomers(db: Database, f: CustomerFilter) {
  let ids: string[] | undefined;
  if (f.phone !== undefined) {
    const contacts = await db.customerContact.findMany({ where: { phoneDigits: { contains: phoneDigits(f.phone) } }, select: { customerId: true }, distinct: ['customerId'], orderBy: { customerId: 'asc' }, take: PHONE_MATCHES });
    ids = [...new Set(contacts.map((c) => c.customerId))];
  }
  const q = f.q !== undefined ? normaliseForSearch(f.q) : '';
  const rows = await db.customer.findMany({
    where: {
      ...(q ? { searchText: { contains: q } } : {}),
      ...(f.region ? { region: f.region } : {}),
      ...(ids ? { id: { in: ids } } : {}),
    },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    ...pageArgs(f),
  });
  const page = rows.slice(0, f.limit).map((r) => r.id);
  const [sites, products, contacts] = await Promise.all([
    db.customerSite.groupBy({ by: ['customerId'], where: { customerId: { in: page } }, _count: { _all: true } }),
    db.product.groupBy({ by: ['customerId'], where: { customerId: { in: page } }, _count: { _all: true } }),
    db.customerContact.findMany({ where: { customerId: { in: page } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { customerId: true, phone: true } }),
  ]);
  const count = (groups: { customerId: string; _count: { _all: number } }[]) => new Map(groups.map((g) => [g.customerId, g._count._all]));
  const siteCount = count(sites);
  const productCount = count(products);
  const firstPhone = new Map<string, string>();
  for (const c of contacts) if (!firstPhone.has(c.customerId)) firstPhone.set(c.customerId, c.phone);
  return pageOf(rows, f, (r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    region: r.region,
    phone: firstPhone.has(r.id) ? maskPhone(firstPhone.get(r.id)!) : null,
    sites: siteCount.get(r.id) ?? 0,
    products: productCount.get(r.id) ?? 0,
  }));
}

/** A customer file with its sites, contacts, products and the service history of its products; 404 when unknown. */
export async function customerView(db: Database, id: string, reader: Reader, today: string): Promise<CustomerView> {
  const c = await db.customer.findUnique({ where: { id } });
  if (!c) throw new AppError('not_found', `No customer ${id}.`);
  const [sites, contacts, products] = await Promise.all([
    db.customerSite.findMany({ where: { customerId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.customerContact.findMany({ where: { customerId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.product.findMany({ where: { customerId: id }, orderBy: { serialNo: 'asc' }, take: 500 }),
  ]);
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    region: c.region,
    notes: c.notes,
    sites: sites.map((s) => ({ id: s.id, name: s.name, address: s.address, area: (s.area as Area | null) ?? null })),
    contacts: contacts.map((k) => ({ id: k.id, name: k.name, title: k.title, phone: phoneFor(reader, k.phone), siteId: k.siteId })),
    products: await productSummaries(db, products, today),
    serviceHistory: await historyForSerials(db, products.map((p) => p.serialNo), { limit: 100 }),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
