// O6: bringing existing customers, products and contracts in from a file. A dry run checks every
// row (domain/installedBase/imports.ts) and against the database, and reports what would be
// created, changed or left as it is, with every problem by row and column; nothing is written.
// An import is a job (its workflow, workflows/imports.ts): it checks the same way, writes all its
// rows in one transaction or none, and then starts each new contract's workflow once. Records are
// matched by their natural keys (customer code, serial number, contract number), so running the
// same file again creates nothing twice and starts no workflow twice.
import { randomUUID } from 'node:crypto';
import { inChunks, writeInChunks } from '../db/chunks';
import type { Database } from '../db/client';
import { type ContractInput, contractTermTimes, expire, initialContractState } from '../domain/contract/machine';
import { AppError } from '../domain/errors';
import {
  type CheckedRow,
  type ImportCounts,
  type ImportFileType,
  type ImportKind,
  type ImportProblem,
  type ImportRules,
  type ImportStatus,
  type ImportTable,
  checkTable,
  inFileColumns,
  sortProblems,
} from '../domain/installedBase/imports';
import { customerSearchText, phoneDigits, productSearchText } from '../domain/installedBase/search';
import type { ImportView } from '../domain/installedBase/views';
import { localDateIn } from '../domain/localTime';
import type { ContractFiling } from '../domain/serviceCall/schemas';
import type { ImportJob, Prisma } from '../generated/prisma-sqlite/client';
import { projectCaseEvents } from './caseEvents';
import { pageArgs, pageOf } from './pagination';

type Tx = Prisma.TransactionClient;

/** Problems kept with an import (its problemCount counts them all). */
const MAX_PROBLEMS_KEPT = 10_000;
/** Problems an import view shows. */
const MAX_PROBLEMS_SHOWN = 5_000;
/** The longest an import's transaction may take. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

const problem = (row: number, field: string, severity: ImportProblem['severity'], message: string, column = field): ImportProblem => ({ row, column, field, severity, message });

interface Plan {
  problems: ImportProblem[];
  counts: ImportCounts;
  /** Contract workflows the import starts (new contracts still running, and earlier imported ones not yet started). */
  contractsToStart: number;
  /** Writes the planned changes; run only when the plan has no errors. */
  apply: (tx: Tx, importId: string) => Promise<void>;
}

interface PlanContext {
  rules: ImportRules;
  by: { id: string; name: string };
  now: Date;
}

const zero = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });

// ---- customers ----

interface CustomerGroup {
  code: string;
  name: string;
  region?: string;
  notes?: string;
  sites: Map<string, { address: string; area?: string }>;
  contacts: Map<string, { name: string; title?: string; phone: string; site?: string }>;
}

async function planCustomers(tx: Tx, rows: CheckedRow<'customers'>[], ctx: PlanContext): Promise<Plan> {
  const groups = new Map<string, CustomerGroup>();
  for (const { value: r } of rows) {
    const g: CustomerGroup = groups.get(r.code) ?? { code: r.code, name: r.name, sites: new Map(), contacts: new Map() };
    groups.set(r.code, g);
    g.region ??= r.region;
    g.notes ??= r.notes;
    const siteName = r.address !== undefined ? (r.site ?? r.address) : undefined;
    if (siteName !== undefined) g.sites.set(siteName, { address: r.address!, ...(r.area ? { area: r.area } : {}) });
    if (r.phone !== undefined) {
      g.contacts.set(phoneDigits(r.phone), { name: r.contact ?? r.name, ...(r.title ? { title: r.title } : {}), phone: r.phone, ...(siteName ? { site: siteName } : {}) });
    }
  }
  const existing = await inChunks([...groups.keys()], (codes) => tx.customer.findMany({ where: { code: { in: codes } } }));
  const ids = existing.map((c) => c.id);
  const [sites, contacts] = await Promise.all([
    inChunks(ids, (chunk) => tx.customerSite.findMany({ where: { customerId: { in: chunk } } })),
    inChunks(ids, (chunk) => tx.customerContact.findMany({ where: { customerId: { in: chunk } } })),
  ]);
  const byCode = new Map(existing.map((c) => [c.code, c]));
  const counts = zero();
  const { now, by } = ctx;
  const newCustomers: Prisma.CustomerCreateManyInput[] = [];
  const newSites: Prisma.CustomerSiteCreateManyInput[] = [];
  const newContacts: Prisma.CustomerContactCreateManyInput[] = [];
  const updates: ((tx: Tx) => Promise<unknown>)[] = [];
  for (const g of groups.values()) {
    const current = byCode.get(g.code);
    const id = current?.id ?? randomUUID();
    let changed = false;
    if (!current) {
      newCustomers.push({
        id,
        code: g.code,
        name: g.name,
        region: g.region ?? null,
        notes: g.notes ?? null,
        searchText: customerSearchText(g),
        createdAt: now,
        createdBy: by.id,
        updatedAt: now,
        updatedBy: by.id,
      });
    } else if (current.name !== g.name || (g.region !== undefined && g.region !== current.region) || (g.notes !== undefined && g.notes !== current.notes)) {
      changed = true;
      updates.push(async (t) => {
        await t.customer.update({
          where: { id },
          data: { name: g.name, region: g.region ?? current.region, notes: g.notes ?? current.notes, searchText: customerSearchText(g), updatedAt: now, updatedBy: by.id },
        });
        if (current.name !== g.name) {
          for (const p of await t.product.findMany({ where: { customerId: id }, select: { id: true, serialNo: true, model: true } })) {
            await t.product.update({ where: { id: p.id }, data: { searchText: productSearchText(p, g) } });
          }
        }
      });
    }
    const siteIds = new Map(sites.filter((s) => s.customerId === id).map((s) => [s.name, s]));
    const siteIdOf = new Map<string, string>([...siteIds].map(([name, s]) => [name, s.id]));
    for (const [name, s] of g.sites) {
      const site = siteIds.get(name);
      if (!site) {
        const siteId = randomUUID();
        siteIdOf.set(name, siteId);
        newSites.push({ id: siteId, customerId: id, name, address: s.address, area: s.area ?? null, createdAt: now, updatedAt: now });
        changed ||= current !== undefined;
      } else if (site.address !== s.address || (s.area !== undefined && s.area !== site.area)) {
        changed = true;
        updates.push((t) => t.customerSite.update({ where: { id: site.id }, data: { address: s.address, area: s.area ?? site.area, updatedAt: now } }));
      }
    }
    const contactOf = new Map(contacts.filter((c) => c.customerId === id).map((c) => [c.phoneDigits, c]));
    for (const [digits, k] of g.contacts) {
      const contact = contactOf.get(digits);
      const siteId = k.site !== undefined ? siteIdOf.get(k.site)! : null;
      if (!contact) {
        newContacts.push({ id: randomUUID(), customerId: id, siteId, name: k.name, title: k.title ?? null, phone: k.phone, phoneDigits: digits, createdAt: now, updatedAt: now });
        changed ||= current !== undefined;
      } else if (contact.name !== k.name || contact.phone !== k.phone || (k.title !== undefined && k.title !== contact.title) || (siteId !== null && siteId !== contact.siteId)) {
        changed = true;
        updates.push((t) =>
          t.customerContact.update({
            where: { id: contact.id },
            data: { name: k.name, phone: k.phone, title: k.title ?? contact.title, siteId: siteId ?? contact.siteId, updatedAt: now },
          }),
        );
      }
    }
    if (!current) counts.created += 1;
    else if (changed) counts.updated += 1;
    else counts.unchanged += 1;
  }
  return {
    problems: [],
    counts,
    contractsToStart: 0,
    apply: async (t) => {
      await writeInChunks(newCustomers, (data) => t.customer.createMany({ data }));
      await writeInChunks(newSites, (data) => t.customerSite.createMany({ data }));
      await writeInChunks(newContacts, (data) => t.customerContact.createMany({ data }));
      for (const u of updates) await u(t);
    },
  };
}

// ---- products ----

async function customersByCode(tx: Tx, codes: string[]) {
  const rows = await inChunks([...new Set(codes)], (chunk) => tx.customer.findMany({ where: { code: { in: chunk } }, select: { id: true, code: true, name: true } }));
  return new Map(rows.map((c) => [c.code, c]));
}

const NO_CUSTOMER = 'no customer with this code is on file (import the customers first)';

async function planProducts(tx: Tx, rows: CheckedRow<'products'>[], ctx: PlanContext): Promise<Plan> {
  const problems: ImportProblem[] = [];
  const customers = await customersByCode(tx, rows.map((r) => r.value.customerCode));
  const customerIds = [...customers.values()].map((c) => c.id);
  const sites = await inChunks(customerIds, (chunk) => tx.customerSite.findMany({ where: { customerId: { in: chunk } }, select: { id: true, customerId: true, name: true } }));
  const siteOf = new Map(sites.map((s) => [`${s.customerId}\n${s.name}`, s.id]));
  const existing = await inChunks(rows.map((r) => r.value.serialNo), (chunk) => tx.product.findMany({ where: { serialNo: { in: chunk } } }));
  const bySerial = new Map(existing.map((p) => [p.serialNo, p]));
  const counts = zero();
  const { now, by } = ctx;
  const creates: Prisma.ProductCreateManyInput[] = [];
  const updates: { id: string; data: Prisma.ProductUpdateInput }[] = [];
  for (const { row, value: r } of rows) {
    const customer = customers.get(r.customerCode);
    if (!customer) {
      problems.push(problem(row, 'customer_code', 'error', NO_CUSTOMER));
      continue;
    }
    let siteId: string | null | undefined;
    if (r.site !== undefined) {
      siteId = siteOf.get(`${customer.id}\n${r.site}`);
      if (!siteId) {
        problems.push(problem(row, 'site', 'error', `customer ${customer.code} has no site of this name`));
        continue;
      }
    }
    const current = bySerial.get(r.serialNo);
    if (!current) {
      counts.created += 1;
      creates.push({
        id: randomUUID(),
        serialNo: r.serialNo,
        model: r.model,
        customerId: customer.id,
        siteId: siteId ?? null,
        acceptedOn: r.acceptedOn ?? null,
        installedOn: r.installedOn ?? null,
        commissionedOn: r.commissionedOn ?? null,
        warrantyUntil: r.warrantyUntil ?? null,
        serviceLevel: r.serviceLevel ?? null,
        searchText: productSearchText(r, customer),
        createdAt: now,
        createdBy: by.id,
        updatedAt: now,
        updatedBy: by.id,
      });
      continue;
    }
    // An empty cell leaves what is on file; a new owner without a site leaves the product without one.
    const next = {
      model: r.model,
      customerId: customer.id,
      siteId: siteId !== undefined ? siteId : customer.id === current.customerId ? current.siteId : null,
      acceptedOn: r.acceptedOn ?? current.acceptedOn,
      installedOn: r.installedOn ?? current.installedOn,
      commissionedOn: r.commissionedOn ?? current.commissionedOn,
      warrantyUntil: r.warrantyUntil ?? current.warrantyUntil,
      serviceLevel: r.serviceLevel ?? current.serviceLevel,
      searchText: productSearchText(r, customer),
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== current[k]);
    if (!changed) {
      counts.unchanged += 1;
      continue;
    }
    const d = next;
    if (d.acceptedOn && d.installedOn && d.installedOn < d.acceptedOn) {
      problems.push(problem(row, r.installedOn ? 'installed_on' : 'accepted_on', 'error', `would put installed_on ${d.installedOn} before accepted_on ${d.acceptedOn} on file`));
      continue;
    }
    counts.updated += 1;
    updates.push({ id: current.id, data: { ...next, updatedAt: now, updatedBy: by.id } });
  }
  return {
    problems,
    counts,
    contractsToStart: 0,
    apply: async (t) => {
      await writeInChunks(creates, (data) => t.product.createMany({ data }));
      for (const u of updates) await t.product.update({ where: { id: u.id }, data: u.data });
    },
  };
}

// ---- contracts ----

/** A contract number in the form the platform gives (`HT2611-001`): its counter and serial. */
const GENERATED_CONTRACT_NUMBER = /^HT(\d{2}(?:0[1-9]|1[0-2]))-(\d{3,9})$/;

async function planContracts(tx: Tx, rows: CheckedRow<'contracts'>[], ctx: PlanContext): Promise<Plan> {
  const problems: ImportProblem[] = [];
  const { now, by, rules } = ctx;
  const today = localDateIn(rules.timeZone, now);
  const customers = await customersByCode(tx, rows.map((r) => r.value.customerCode));
  const customerIds = [...customers.values()].map((c) => c.id);
  const [sites, contacts] = await Promise.all([
    inChunks(customerIds, (chunk) => tx.customerSite.findMany({ where: { customerId: { in: chunk } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })),
    inChunks(customerIds, (chunk) => tx.customerContact.findMany({ where: { customerId: { in: chunk } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })),
  ]);
  const firstSite = new Map<string, string>();
  for (const s of sites) if (!firstSite.has(s.customerId)) firstSite.set(s.customerId, s.address);
  const firstPhone = new Map<string, string>();
  for (const c of contacts) if (!firstPhone.has(c.customerId)) firstPhone.set(c.customerId, c.phone);
  const numbers = rows.map((r) => r.value.number);
  const [onFile, imported, caseNumbers, products] = await Promise.all([
    inChunks(numbers, (chunk) => tx.serviceContract.findMany({ where: { number: { in: chunk } }, select: { id: true, number: true, state: true } })),
    inChunks(numbers, (chunk) => tx.contractImport.findMany({ where: { number: { in: chunk } } })),
    inChunks(numbers, (chunk) => tx.caseNumber.findMany({ where: { number: { in: chunk } } })),
    inChunks([...new Set(rows.flatMap((r) => r.value.serialNos))], (chunk) => tx.product.findMany({ where: { serialNo: { in: chunk } }, select: { serialNo: true } })),
  ]);
  const contractOf = new Map(onFile.map((c) => [c.number!, c]));
  const importOf = new Map(imported.map((c) => [c.number, c]));
  const caseOf = new Map(caseNumbers.map((c) => [c.number, c.caseId]));
  const known = new Set(products.map((p) => p.serialNo));
  const counts = zero();
  let contractsToStart = 0;
  const requeue: string[] = [];
  const creates: { input: ContractInput; ended: boolean }[] = [];
  for (const { row, value: r } of rows) {
    const customer = customers.get(r.customerCode);
    if (!customer) {
      problems.push(problem(row, 'customer_code', 'error', NO_CUSTOMER));
      continue;
    }
    const current = contractOf.get(r.number);
    if (current) {
      const s = JSON.parse(current.state) as ReturnType<typeof initialContractState>;
      const first = s.terms[0]!;
      const same =
        s.startsOn === r.startsOn &&
        first.endsOn === r.endsOn &&
        first.amountFen === r.amount &&
        s.customer.name === customer.name &&
        [...s.serialNos].sort().join('\n') === [...r.serialNos].sort().join('\n');
      if (!same) {
        problems.push(
          problem(row, 'contract_no', 'error', `contract ${r.number} is on file with other terms (${s.startsOn} to ${first.endsOn}, ${s.serialNos.length} serial numbers, customer ${s.customer.name}); renew or correct it through the API instead`),
        );
        continue;
      }
      counts.unchanged += 1;
      const pending = importOf.get(r.number);
      if (pending && pending.workflowStartedAt === null) {
        requeue.push(pending.contractId);
        contractsToStart += 1;
      }
      continue;
    }
    if (caseOf.has(r.number)) {
      problems.push(problem(row, 'contract_no', 'error', 'is already the number of another case'));
      continue;
    }
    const unknown = r.serialNos.filter((s) => !known.has(s));
    if (unknown.length) problems.push(problem(row, 'serial_nos', 'warning', `not in the installed base: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`));
    const ended = r.endsOn < today;
    if (ended) problems.push(problem(row, 'ends_on', 'warning', 'ended before the import: filed as expired, without a workflow or an expiry letter'));
    else contractsToStart += 1;
    counts.created += 1;
    const id = randomUUID();
    const address = firstSite.get(customer.id);
    const phone = firstPhone.get(customer.id);
    const filing: ContractFiling = {
      customer: { name: customer.name, ...(address ? { address } : {}), ...(phone ? { phone } : {}) },
      serialNos: r.serialNos,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      amount: r.amount,
    };
    creates.push({
      ended,
      input: { id, number: r.number, filing, createdBy: by, createdAt: now.toISOString(), term: contractTermTimes(r.endsOn, rules.timeZone, rules.contractNoticeLeadMs) },
    });
  }
  return {
    problems,
    counts,
    contractsToStart,
    apply: async (t, importId) => {
      const states = creates.map((c) => {
        const state = initialContractState(c.input);
        if (c.ended) expire(state, now.getTime());
        return { ...c, state };
      });
      await writeInChunks(states, (chunk) =>
        t.serviceContract.createMany({
          data: chunk.map(({ state }) => ({
            id: state.id,
            // The id its workflow runs under (workflows/contract.ts contractWorkflowId); reserved for an expired one.
            workflowId: `contract-${state.id}`,
            number: state.number ?? null,
            status: state.status,
            customerName: state.customer.name,
            startsOn: state.startsOn,
            endsOn: state.endsOn,
            amountFen: state.amountFen,
            state: JSON.stringify(state),
            version: state.history.length,
            createdAt: now,
          })),
        }),
      );
      await writeInChunks(
        states.flatMap(({ state }) => state.serialNos.map((serialNo) => ({ contractId: state.id, serialNo }))),
        (data) => t.contractSerial.createMany({ data }),
      );
      for (const { state } of states) await projectCaseEvents(t, 'contract', state.id, state.history, 0);
      await writeInChunks(states, (chunk) => t.caseNumber.createMany({ data: chunk.map(({ state }) => ({ caseId: state.id, number: state.number!, period: 'import', serial: 0 })) }));
      // A number in the platform's own form moves its month's counter past it, so that no contract is given it again.
      const highest = new Map<string, number>();
      for (const { state } of states) {
        const m = GENERATED_CONTRACT_NUMBER.exec(state.number ?? '');
        if (m) highest.set(`HT${m[1]}`, Math.max(highest.get(`HT${m[1]}`) ?? 0, Number(m[2])));
      }
      for (const [period, serial] of highest) {
        await t.$executeRaw`
          INSERT INTO "CaseNumberCounter" ("period", "last") VALUES (${period}, ${serial})
          ON CONFLICT ("period") DO UPDATE SET "last" = CASE WHEN "CaseNumberCounter"."last" < ${serial} THEN ${serial} ELSE "CaseNumberCounter"."last" END`;
      }
      await writeInChunks(
        states.filter((s) => !s.ended),
        (chunk) => t.contractImport.createMany({ data: chunk.map(({ input }) => ({ contractId: input.id, number: input.number!, importId, input: JSON.stringify(input) })) }),
      );
      if (requeue.length) await t.contractImport.updateMany({ where: { contractId: { in: requeue }, workflowStartedAt: null }, data: { importId } });
    },
  };
}

const PLANNERS: { [K in ImportKind]: (tx: Tx, rows: CheckedRow<K>[], ctx: PlanContext) => Promise<Plan> } = {
  customers: planCustomers,
  products: planProducts,
  contracts: planContracts,
};

const plan = <K extends ImportKind>(tx: Tx, kind: K, rows: CheckedRow<K>[], ctx: PlanContext) => PLANNERS[kind](tx, rows, ctx);

const errorsIn = (problems: readonly ImportProblem[]) => problems.filter((p) => p.severity === 'error').length;
const keep = (problems: ImportProblem[]) => JSON.stringify(sortProblems(problems).slice(0, MAX_PROBLEMS_KEPT));

// ---- the import record ----

export interface NewImport {
  id: string;
  kind: ImportKind;
  dryRun: boolean;
  fileType: ImportFileType;
  table: ImportTable;
  rules: ImportRules;
  by: { id: string; name: string };
  now: Date;
}

/**
 * Files an import. A dry run is checked now and stored with its report (status checked); an
 * import is stored with its rows for its job (status queued). The same id twice files it once.
 */
export async function fileImport(db: Database, p: NewImport): Promise<ImportView> {
  const existing = await db.importJob.findUnique({ where: { id: p.id } });
  if (existing) return importViewOf(existing);
  const base = {
    id: p.id,
    kind: p.kind,
    dryRun: p.dryRun,
    fileType: p.fileType,
    rules: JSON.stringify(p.rules),
    createdBy: p.by.id,
    createdByName: p.by.name,
    createdAt: p.now,
    rowsWritten: 0,
    contractsStarted: 0,
  };
  if (!p.dryRun) {
    const total = p.table.rows.filter((r) => r.cells.some((c) => c.trim() !== '')).length;
    const row = await db.importJob.create({
      data: { ...base, status: 'queued', rowsTotal: total, rowsChecked: 0, counts: JSON.stringify(zero()), problems: '[]', problemCount: 0, errorCount: 0, contractsToStart: 0, rows: JSON.stringify(p.table) },
    });
    return importViewOf(row);
  }
  const checked = checkTable(p.kind, p.table);
  const planned = await plan(db, p.kind, checked.rows, { rules: p.rules, by: p.by, now: p.now });
  const problems = [...checked.problems, ...inFileColumns(p.kind, p.table.header, planned.problems)];
  const row = await db.importJob.create({
    data: {
      ...base,
      status: 'checked',
      rowsTotal: checked.total,
      rowsChecked: checked.total,
      counts: JSON.stringify(planned.counts),
      problems: keep(problems),
      problemCount: problems.length,
      errorCount: errorsIn(problems),
      contractsToStart: planned.contractsToStart,
      startedAt: p.now,
      finishedAt: p.now,
      rows: null,
    },
  });
  return importViewOf(row);
}

class RowsRefused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('the rows have errors');
  }
}

/**
 * The job's check and write: every row checked, then planned and written in one transaction (or
 * nothing, when any row has an error). Safe to repeat: a job already written is not written again.
 */
export async function runImportJob(db: Database, id: string, now: Date): Promise<{ status: ImportStatus; contractsToStart: number }> {
  const job = await db.importJob.findUnique({ where: { id } });
  if (!job) throw new AppError('not_found', `No import ${id}.`);
  if (job.rows === null) return { status: job.status as ImportStatus, contractsToStart: job.contractsToStart - job.contractsStarted };
  const kind = job.kind as ImportKind;
  const rules = JSON.parse(job.rules) as ImportRules;
  await db.importJob.update({ where: { id }, data: { status: 'running', startedAt: job.startedAt ?? now } });
  const table = JSON.parse(job.rows) as ImportTable;
  const checked = checkTable(kind, table);
  await db.importJob.update({ where: { id }, data: { rowsChecked: checked.total } });
  const fail = async (problems: ImportProblem[]) => {
    await db.importJob.update({
      where: { id },
      data: { status: 'failed', problems: keep(problems), problemCount: problems.length, errorCount: errorsIn(problems), rows: null, finishedAt: now },
    });
    return { status: 'failed' as const, contractsToStart: 0 };
  };
  if (errorsIn(checked.problems) > 0) return fail(checked.problems);
  try {
    return await db.$transaction(
      async (tx) => {
        const planned = await plan(tx, kind, checked.rows, { rules, by: { id: job.createdBy, name: job.createdByName }, now });
        const problems = [...checked.problems, ...inFileColumns(kind, table.header, planned.problems)];
        if (errorsIn(problems) > 0) throw new RowsRefused(problems);
        await planned.apply(tx, id);
        const done = planned.contractsToStart === 0;
        await tx.importJob.update({
          where: { id },
          data: {
            status: done ? 'done' : 'running',
            rowsWritten: checked.rows.length,
            counts: JSON.stringify(planned.counts),
            problems: keep(problems),
            problemCount: problems.length,
            errorCount: 0,
            contractsToStart: planned.contractsToStart,
            rows: null,
            ...(done ? { finishedAt: now } : {}),
          },
        });
        return { status: (done ? 'done' : 'running') as ImportStatus, contractsToStart: planned.contractsToStart };
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
    );
  } catch (err) {
    if (err instanceof RowsRefused) return fail(err.problems);
    throw err;
  }
}

/** The job stopped for a reason other than its rows (recorded so that its status does not stay running). */
export async function failImportJob(db: Database, id: string, error: string, now: Date): Promise<void> {
  await db.importJob.updateMany({ where: { id, status: { in: ['queued', 'running'] } }, data: { status: 'failed', error: error.slice(0, 2000), rows: null, finishedAt: now } });
}

/** Contracts of this import whose workflows are still to be started, with their workflow inputs. */
export async function contractStartsDue(db: Database, importId: string, limit: number): Promise<{ contractId: string; input: ContractInput }[]> {
  const rows = await db.contractImport.findMany({ where: { importId, workflowStartedAt: null }, orderBy: { contractId: 'asc' }, take: limit });
  return rows.map((r) => ({ contractId: r.contractId, input: JSON.parse(r.input) as ContractInput }));
}

/** Records that these contracts' workflows were started (or found started); the job is done when none is left. */
export async function markContractsStarted(db: Database, importId: string, contractIds: string[], now: Date): Promise<{ remaining: number }> {
  if (contractIds.length) await db.contractImport.updateMany({ where: { contractId: { in: contractIds }, workflowStartedAt: null }, data: { workflowStartedAt: now } });
  const [started, remaining] = await Promise.all([
    db.contractImport.count({ where: { importId, workflowStartedAt: { not: null } } }),
    db.contractImport.count({ where: { importId, workflowStartedAt: null } }),
  ]);
  await db.importJob.update({
    where: { id: importId },
    data: { contractsStarted: started, ...(remaining === 0 ? { status: 'done', finishedAt: now } : {}) },
  });
  return { remaining };
}

export function importViewOf(j: ImportJob): ImportView {
  const problems = JSON.parse(j.problems) as ImportProblem[];
  return {
    id: j.id,
    kind: j.kind as ImportKind,
    dryRun: j.dryRun,
    status: j.status as ImportStatus,
    fileType: j.fileType as ImportFileType,
    rows: { total: j.rowsTotal, checked: j.rowsChecked, written: j.rowsWritten },
    counts: JSON.parse(j.counts) as ImportCounts,
    contracts: { toStart: j.contractsToStart, started: j.contractsStarted },
    errorCount: j.errorCount,
    problemCount: j.problemCount,
    problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
    createdBy: { id: j.createdBy, name: j.createdByName },
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    error: j.error,
  };
}

export async function importView(db: Database, id: string): Promise<ImportView> {
  const j = await db.importJob.findUnique({ where: { id } });
  if (!j) throw new AppError('not_found', `No import ${id}.`);
  return importViewOf(j);
}

export async function listImports(db: Database, f: { kind?: ImportKind; status?: ImportStatus; limit: number; cursor?: string }) {
  const rows = await db.importJob.findMany({
    where: { ...(f.kind ? { kind: f.kind } : {}), ...(f.status ? { status: f.status } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(f),
  });
  return pageOf(rows, f, importViewOf);
}
