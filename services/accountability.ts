// Accountability and accounting over the database (P1–P15): the master data (people, bonuses),
// the projection of each case's accountability workflow, the settlement of a case (allocations and
// charges, written once), the deduction ledger (P14) and the reward/penalty notices (P2).
// Every write is idempotent: a retried activity or a repeated settlement finds what is there.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { type PersonRecord, computeCharges } from '../domain/accountability/allocation';
import { type LedgerMonth, monthOf, monthsFrom, nextMonth, runLedger } from '../domain/accountability/ledger';
import { PENALTY_GROUNDS, PENALTY_LEVELS, type PenaltyGround, type PenaltyLevel } from '../domain/accountability/grounds';
import {
  type AccountabilityState,
  type PenaltyNoticeDraft,
  type Settlement,
  chargeView,
  openTasks,
  penaltyNotices,
} from '../domain/accountability/machine';
import { type PenaltyNoticeView, zInstant, zMonthString, zYuan } from '../domain/accountability/views';
import type { BonusBody, PersonBody } from '../domain/accountability/schemas';
import { AppError } from '../domain/errors';
import { fenToYuan } from '../domain/money';
import type { Role } from '../domain/roles';

/** A month's penalty charge as the penalty list shows it (P10, P13). */
export const zPenaltyRow = z
  .object({
    caseNumber: z.string().nullable(),
    caseId: z.string(),
    personId: z.string(),
    personName: z.string(),
    chargedTo: z.string().describe('the party charged: the person themself, or the unit whose share the person carries'),
    ground: z.enum(PENALTY_GROUNDS).describe('penalty ground (P11)'),
    level: z.enum(PENALTY_LEVELS).describe('penalty level (P10)'),
    allocated: zYuan.describe("the party's allocation of the loss (P9), yuan with two decimals"),
    share: zYuan.describe("the person's share by base points (P13), yuan with two decimals"),
    minimum: zYuan.describe("the level's minimum (P10), yuan with two decimals"),
    charge: zYuan.describe('what goes into the deduction ledger, yuan with two decimals'),
    performanceForfeit: z.boolean().describe("P10: the month's whole performance bonus is forfeited too"),
    month: zMonthString.describe('the month the charge lands in'),
    ledgerMonth: zMonthString.nullable().describe('the ledger month that took the charge; null until settled'),
    basis: z.string().describe('how the charge was reached, for people'),
  })
  .strict()
  .meta({ id: 'PenaltyCharge', description: "A month's penalty charge on one person (P10, P13)" });
export type PenaltyRow = z.infer<typeof zPenaltyRow>;

/** One person's deduction ledger for a month (P14). */
export const zLedgerRow = z
  .object({
    personId: z.string(),
    personName: z.string().nullable().describe('null when the person is no longer on file'),
    month: zMonthString,
    settled: z.boolean().describe('true when booked; false: provisional, as it would settle now'),
    broughtForward: zYuan.describe('carried in from earlier months, yuan with two decimals'),
    charged: zYuan.describe("the month's new charges, yuan with two decimals"),
    efficiencyBonus: zYuan.nullable().describe("the month's efficiency bonus, yuan with two decimals; null when none is on file (the cap is then 0)"),
    cap: zYuan.describe('the most the month deducts (a share of the efficiency bonus), yuan with two decimals'),
    deducted: zYuan.describe('yuan with two decimals'),
    carriedForward: zYuan.describe('carried into the next month, yuan with two decimals'),
    performanceForfeit: zYuan.describe('the performance bonus forfeited (P10), yuan with two decimals'),
  })
  .strict()
  .meta({ id: 'LedgerMonth', description: "One person's deduction ledger for a month (P14)" });
export type LedgerRow = z.infer<typeof zLedgerRow>;

export interface NoticeForPrint {
  number: string;
  caseNumber: string | null;
  caseId: string;
  party: string;
  copies: string[];
  approvedBy: string;
  approvedAt: string;
  final: boolean;
  lines: { entry: number; ground: string; level: string; allocated: string; note?: string }[];
  charges: { personId: string; personName: string; share: string; minimum: string; charge: string; basis: string }[];
  lossBasis: string | null;
}

/** Penalties, bonuses, base points and ledgers are personal data: only these roles and the person concerned read them. */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['gm_office', 'gm', 'hr', 'accounting', 'auditor'];

const n = (v: bigint | number): number => Number(v);
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

// ---- master data ----

/** A person's accounting record (P12, P13). */
export const zPersonView = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: z.string().describe('unit path, e.g. manufacturing/section-2/group-3'),
    basePoints: z.string().describe('base points with two decimals, e.g. "1.25"'),
    userId: z.string().nullable().describe('the API user linked to this person (who may read their own penalties)'),
    updatedAt: zInstant,
    updatedBy: z.string().describe('the id of the user who last changed it'),
  })
  .strict()
  .meta({ id: 'Person', description: "A person's accounting record: unit and base points (P12, P13)" });
export type PersonView = z.infer<typeof zPersonView>;

const personView = (r: { id: string; name: string; unit: string; basePointsCenti: number; userId: string | null; updatedAt: Date; updatedBy: string }): PersonView => ({
  id: r.id,
  name: r.name,
  unit: r.unit,
  basePoints: fenToYuan(r.basePointsCenti),
  userId: r.userId,
  updatedAt: r.updatedAt.toISOString(),
  updatedBy: r.updatedBy,
});

/** PUT semantics: creates or replaces the person; `userId` links the API user who may read their own penalties. */
export async function putPerson(db: Database, id: string, body: PersonBody, by: string, now: Date): Promise<{ person: PersonView; created: boolean }> {
  if (body.userId) {
    if (!(await db.user.findUnique({ where: { id: body.userId } }))) {
      throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'userId', message: 'no user has this id' }]);
    }
    const linked = await db.person.findUnique({ where: { userId: body.userId } });
    if (linked && linked.id !== id) throw new AppError('conflict', `User ${body.userId} is already linked to person ${linked.id}.`, [{ field: 'userId', message: 'already linked to another person' }]);
  }
  const data = { name: body.name, unit: body.unit, basePointsCenti: body.basePoints, updatedAt: now, updatedBy: by, ...(body.userId !== undefined ? { userId: body.userId } : {}) };
  const existing = await db.person.findUnique({ where: { id } });
  try {
    const row = existing ? await db.person.update({ where: { id }, data }) : await db.person.create({ data: { id, ...data } });
    return { person: personView(row), created: !existing };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'The person or the linked user changed meanwhile; try again.');
    throw err;
  }
}

export async function getPerson(db: Database, id: string): Promise<PersonView | null> {
  const row = await db.person.findUnique({ where: { id } });
  return row && personView(row);
}

export async function listPeople(db: Database, filter: { unit?: string; ids?: string[]; limit: number; cursor?: string }) {
  const rows = await db.person.findMany({
    where: {
      ...(filter.unit ? { OR: [{ unit: filter.unit }, { unit: { startsWith: `${filter.unit}/` } }] } : {}),
      ...(filter.ids ? { id: { in: filter.ids } } : {}),
    },
    orderBy: { id: 'asc' },
    ...pageArgs(filter),
  });
  return pageOf(rows, filter, personView);
}

/** The person record linked to a user (the "person concerned"), if any. */
export async function personIdOfUser(db: Database, userId: string): Promise<string | null> {
  return (await db.person.findUnique({ where: { userId }, select: { id: true } }))?.id ?? null;
}

/** A person's bonuses for a month (P10, P14). */
export const zBonusView = z
  .object({
    month: zMonthString,
    personId: z.string(),
    efficiencyBonus: zYuan.describe("the efficiency bonus (P14's cap is a share of it), yuan with two decimals"),
    performanceBonus: zYuan.describe('the performance bonus (P10), yuan with two decimals'),
    updatedAt: zInstant,
    updatedBy: z.string().describe('the id of the user who last changed it'),
  })
  .strict()
  .meta({ id: 'Bonus', description: "A person's efficiency and performance bonus for a month (P10, P14)" });
export type BonusView = z.infer<typeof zBonusView>;

const bonusView = (r: { month: string; personId: string; efficiencyBonusFen: bigint; performanceBonusFen: bigint; updatedAt: Date; updatedBy: string }): BonusView => ({
  month: r.month,
  personId: r.personId,
  efficiencyBonus: fenToYuan(n(r.efficiencyBonusFen)),
  performanceBonus: fenToYuan(n(r.performanceBonusFen)),
  updatedAt: r.updatedAt.toISOString(),
  updatedBy: r.updatedBy,
});

export async function putBonus(db: Database, month: string, personId: string, body: BonusBody, by: string, now: Date): Promise<{ bonus: BonusView; created: boolean }> {
  if (!(await db.person.findUnique({ where: { id: personId } }))) throw new AppError('not_found', `No person ${personId}: PUT /api/v1/people/${personId} first.`);
  const data = { efficiencyBonusFen: BigInt(body.efficiencyBonus), performanceBonusFen: BigInt(body.performanceBonus), updatedAt: now, updatedBy: by };
  const where = { month_personId: { month, personId } };
  const existing = await db.monthlyBonus.findUnique({ where });
  const row = await db.monthlyBonus.upsert({ where, update: data, create: { month, personId, ...data } });
  return { bonus: bonusView(row), created: !existing };
}

export async function listBonuses(db: Database, filter: { month: string; personIds?: string[] }): Promise<BonusView[]> {
  const rows = await db.monthlyBonus.findMany({
    where: { month: filter.month, ...(filter.personIds ? { personId: { in: filter.personIds } } : {}) },
    orderBy: { personId: 'asc' },
  });
  return rows.map(bonusView);
}

// ---- the accountability projection ----

/** Writes the case's state, its notices (P2) and its open work (P1, P2, P8); never goes backwards. */
export async function projectAccountability(db: Database, workflowId: string, state: AccountabilityState, timeZone: string): Promise<void> {
  const version = state.history.length;
  const caseId = state.case.caseId;
  const last = state.history[version - 1]!;
  await db.$transaction(async (tx) => {
    const current = await tx.accountabilityCase.findUnique({ where: { caseId }, select: { version: true } });
    if (current && current.version >= version) return;
    const row = {
      caseNumber: state.case.caseNumber,
      status: state.status,
      lossAtClosingFen: BigInt(state.case.lossFen),
      fixedLossFen: state.fixedLoss ? BigInt(state.fixedLoss.amountFen) : null,
      resaleDueAt: state.resaleDueAt ? new Date(state.resaleDueAt) : null,
      state: JSON.stringify(state),
      version,
    };
    if (current) {
      await tx.accountabilityCase.update({ where: { caseId }, data: row });
    } else {
      const closedAt = new Date(state.case.closedAt);
      await tx.accountabilityCase.create({
        data: { caseId, workflowId, closedAt, closedMonth: monthOf(closedAt, timeZone), createdAt: new Date(state.openedAt), ...row },
      });
    }
    for (const notice of penaltyNotices(state)) {
      const data = JSON.stringify(notice);
      await tx.penaltyNotice.upsert({
        where: { number: notice.number },
        update: { data, final: notice.final, version },
        create: {
          number: notice.number,
          caseId,
          party: notice.party,
          month: monthOf(new Date(notice.approvedAt), timeZone),
          final: notice.final,
          data,
          version,
          approvedAt: new Date(notice.approvedAt),
        },
      });
    }
    const tasks = openTasks(state);
    for (const t of tasks) {
      await tx.workItem.upsert({
        where: { dedupeKey: t.key },
        update: {},
        create: {
          id: randomUUID(),
          dedupeKey: t.key,
          kind: t.kind,
          caseType: 'accountability',
          caseId,
          roles: JSON.stringify(t.roles),
          title: t.title,
          dueAt: t.dueAt ? new Date(t.dueAt) : null,
          status: 'open',
          createdAt: new Date(last.at),
          deliveryPending: true,
        },
      });
    }
    await tx.workItem.updateMany({
      where: { caseType: 'accountability', caseId, status: 'open', dedupeKey: { notIn: tasks.map((t) => t.key) } },
      data: { status: 'done', doneAt: new Date(last.at), doneBy: last.actor.id },
    });
  });
}

/**
 * P9–P15: allocations and charges on the fixed loss, with the people on file now; written once.
 * A retry (or a second worker) finds the first settlement and returns it unchanged.
 */
export async function settleAccountability(db: Database, state: AccountabilityState, timeZone: string): Promise<Settlement> {
  const caseId = state.case.caseId;
  const stored = async () => {
    const row = await db.accountabilitySettlement.findUnique({ where: { caseId } });
    return row ? (JSON.parse(row.data) as Settlement) : null;
  };
  const existing = await stored();
  if (existing) return existing;
  if (!state.fixedLoss || !state.proposal) throw new Error(`case ${caseId} has no fixed loss or proposal to settle`);
  const fixedAt = new Date(state.fixedLoss.at);
  const people: PersonRecord[] = (await db.person.findMany()).map((p) => ({ id: p.id, name: p.name, unit: p.unit, basePointsCenti: p.basePointsCenti }));
  const computed = computeCharges({
    lossFen: state.fixedLoss.amountFen,
    responsibility: state.case.responsibility,
    lines: state.proposal.lines,
    people,
    rules: state.rules,
  });
  const settlement: Settlement = { month: monthOf(fixedAt, timeZone), at: state.fixedLoss.at, allocations: computed.allocations, charges: computed.charges };
  try {
    await db.$transaction(async (tx) => {
      await tx.accountabilitySettlement.create({
        data: { caseId, month: settlement.month, lossFen: BigInt(computed.lossFen), data: JSON.stringify(settlement), at: fixedAt },
      });
      for (const c of computed.charges) {
        await tx.penaltyCharge.create({
          data: {
            id: `${caseId}:${c.entry}:${c.personId}`,
            caseId,
            caseNumber: state.case.caseNumber,
            entry: c.entry,
            personId: c.personId,
            personName: c.personName,
            chargedTo: c.chargedTo,
            ground: c.ground,
            level: c.level,
            allocatedFen: BigInt(c.allocatedFen),
            shareFen: BigInt(c.shareFen),
            minimumFen: BigInt(c.minimumFen),
            chargeFen: BigInt(c.chargeFen),
            performanceForfeit: c.performanceForfeit,
            month: settlement.month,
            basis: c.basis,
            createdAt: fixedAt,
          },
        });
      }
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return (await stored())!;
}

export async function getAccountabilityState(db: Database, caseId: string): Promise<AccountabilityState | null> {
  const row = await db.accountabilityCase.findUnique({ where: { caseId } });
  return row ? (JSON.parse(row.state) as AccountabilityState) : null;
}

export async function listAccountability(db: Database, filter: { status?: string; month?: string; limit: number; cursor?: string }) {
  const rows = await db.accountabilityCase.findMany({
    where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.month ? { closedMonth: filter.month } : {}) },
    orderBy: [{ closedAt: 'desc' }, { caseId: 'desc' }],
    ...pageArgs(filter, 'caseId'),
  });
  const { items, nextCursor } = pageOf(rows, filter, (r) => JSON.parse(r.state) as AccountabilityState, (r) => r.caseId);
  return { states: items, nextCursor };
}

// ---- charges and the ledger (P13, P14) ----

export async function listCharges(db: Database, filter: { month: string; personIds?: string[] }): Promise<PenaltyRow[]> {
  const rows = await db.penaltyCharge.findMany({
    where: { month: filter.month, ...(filter.personIds ? { personId: { in: filter.personIds } } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((c) => ({
    caseNumber: c.caseNumber,
    caseId: c.caseId,
    personId: c.personId,
    personName: c.personName,
    chargedTo: c.chargedTo,
    // The columns hold only grounds and levels written from checked charges.
    ground: c.ground as PenaltyGround,
    level: c.level as PenaltyLevel,
    allocated: fenToYuan(n(c.allocatedFen)),
    share: fenToYuan(n(c.shareFen)),
    minimum: fenToYuan(n(c.minimumFen)),
    charge: fenToYuan(n(c.chargeFen)),
    performanceForfeit: c.performanceForfeit,
    month: c.month,
    ledgerMonth: c.ledgerMonth,
    basis: c.basis,
  }));
}

interface PlannedMonth extends LedgerMonth {
  chargeIds: string[];
  performanceForfeitFen: number;
}

/**
 * The person's ledger months not settled yet, up to `through`: from the month after the last
 * settled one (or, with nothing carried, from the first pending charge). A charge that arrives for
 * a month already settled lands in the first unsettled month, so none is ever left out.
 */
async function planLedger(db: Database, personId: string, through: string, capBp: number): Promise<PlannedMonth[]> {
  const last = await db.ledgerEntry.findFirst({ where: { personId, month: { lte: through } }, orderBy: { month: 'desc' } });
  const later = await db.ledgerEntry.findFirst({ where: { personId, month: { gt: through } }, select: { month: true } });
  if (later) return [];
  const pending = await db.penaltyCharge.findMany({ where: { personId, ledgerMonth: null, month: { lte: through } } });
  const opening = last ? n(last.carriedForwardFen) : 0;
  if (opening === 0 && pending.length === 0) return [];
  const firstPending = pending.reduce((m, c) => (c.month < m ? c.month : m), through);
  const start = opening > 0 ? nextMonth(last!.month) : last && nextMonth(last.month) > firstPending ? nextMonth(last.month) : firstPending;
  if (start > through) return [];
  const months = monthsFrom(start, through);
  const bonuses = new Map((await db.monthlyBonus.findMany({ where: { personId, month: { in: months } } })).map((b) => [b.month, b]));
  const chargesOf = (m: string) => pending.filter((c) => (m === start ? c.month <= m : c.month === m));
  const rows = runLedger(
    months.map((m) => {
      const bonus = bonuses.get(m);
      return { month: m, chargedFen: chargesOf(m).reduce((s, c) => s + n(c.chargeFen), 0), efficiencyBonusFen: bonus ? n(bonus.efficiencyBonusFen) : null };
    }),
    capBp,
    opening,
  );
  return rows.map((r) => {
    const charges = chargesOf(r.month);
    const bonus = bonuses.get(r.month);
    const forfeit = charges.some((c) => c.performanceForfeit) && bonus ? n(bonus.performanceBonusFen) : 0;
    return { ...r, chargeIds: charges.map((c) => c.id), performanceForfeitFen: forfeit };
  });
}

async function ledgerPeople(db: Database, through: string, personIds?: string[]): Promise<string[]> {
  const scope = personIds ? { personId: { in: personIds } } : {};
  const [charged, booked] = await Promise.all([
    db.penaltyCharge.findMany({ where: { month: { lte: through }, ...scope }, select: { personId: true }, distinct: ['personId'] }),
    db.ledgerEntry.findMany({ where: { month: { lte: through }, ...scope }, select: { personId: true }, distinct: ['personId'] }),
  ]);
  return [...new Set([...charged, ...booked].map((r) => r.personId))].sort();
}

/**
 * P14: settles every person's ledger through `month` (which must be over): each month deducts up
 * to the cap and carries the rest. Months already settled are kept as they are.
 */
export async function settleLedgerThrough(db: Database, month: string, capBp: number, at: Date, timeZone: string): Promise<{ entries: number }> {
  if (month >= monthOf(at, timeZone)) throw new AppError('wrong_stage', `The month ${month} is not over yet; it is settled after it ends.`);
  let entries = 0;
  for (const personId of await ledgerPeople(db, month)) {
    for (const row of await planLedger(db, personId, month, capBp)) {
      try {
        await db.$transaction(async (tx) => {
          await tx.ledgerEntry.create({
            data: {
              personId,
              month: row.month,
              broughtForwardFen: BigInt(row.broughtForwardFen),
              chargedFen: BigInt(row.chargedFen),
              efficiencyBonusFen: row.efficiencyBonusFen === null ? null : BigInt(row.efficiencyBonusFen),
              capFen: BigInt(row.capFen),
              deductedFen: BigInt(row.deductedFen),
              carriedForwardFen: BigInt(row.carriedForwardFen),
              performanceForfeitFen: BigInt(row.performanceForfeitFen),
              settledAt: at,
            },
          });
          if (row.chargeIds.length) {
            const taken = await tx.penaltyCharge.updateMany({ where: { id: { in: row.chargeIds }, ledgerMonth: null }, data: { ledgerMonth: row.month } });
            if (taken.count !== row.chargeIds.length) throw new Error('charges were taken by another settlement');
          }
        });
        entries += 1;
      } catch (err) {
        // Another settlement wrote this month first: its rows stand; the next run continues from them.
        if (isUniqueViolation(err) || (err as Error).message === 'charges were taken by another settlement') break;
        throw err;
      }
    }
  }
  return { entries };
}

/** The month's ledger: settled rows as written; unsettled ones as they would settle now (provisional). */
export async function ledgerForMonth(db: Database, month: string, capBp: number, personIds?: string[]): Promise<LedgerRow[]> {
  const people = await ledgerPeople(db, month, personIds);
  const names = new Map((await db.person.findMany({ where: { id: { in: people } } })).map((p) => [p.id, p.name]));
  const out: LedgerRow[] = [];
  for (const personId of people) {
    const settled = await db.ledgerEntry.findUnique({ where: { personId_month: { personId, month } } });
    const row = settled
      ? {
          month,
          broughtForwardFen: n(settled.broughtForwardFen),
          chargedFen: n(settled.chargedFen),
          efficiencyBonusFen: settled.efficiencyBonusFen === null ? null : n(settled.efficiencyBonusFen),
          capFen: n(settled.capFen),
          deductedFen: n(settled.deductedFen),
          carriedForwardFen: n(settled.carriedForwardFen),
          performanceForfeitFen: n(settled.performanceForfeitFen),
        }
      : (await planLedger(db, personId, month, capBp)).find((r) => r.month === month);
    if (!row) continue;
    out.push({
      personId,
      personName: names.get(personId) ?? null,
      month,
      settled: settled !== null,
      broughtForward: fenToYuan(row.broughtForwardFen),
      charged: fenToYuan(row.chargedFen),
      efficiencyBonus: row.efficiencyBonusFen === null ? null : fenToYuan(row.efficiencyBonusFen),
      cap: fenToYuan(row.capFen),
      deducted: fenToYuan(row.deductedFen),
      carriedForward: fenToYuan(row.carriedForwardFen),
      performanceForfeit: fenToYuan(row.performanceForfeitFen),
    });
  }
  return out;
}

// ---- P2 notices ----

/** A notice as projected: the draft the case's accountability drew up (P2). */
type StoredNotice = Omit<PenaltyNoticeDraft, 'partyKey'>;

export async function listPenaltyNotices(db: Database, filter: { month?: string; caseId?: string }) {
  const rows = await db.penaltyNotice.findMany({
    where: { ...(filter.month ? { month: filter.month } : {}), ...(filter.caseId ? { caseId: filter.caseId } : {}) },
    orderBy: [{ approvedAt: 'asc' }, { number: 'asc' }],
  });
  return rows.map((r) => noticeView(JSON.parse(r.data) as StoredNotice));
}

export async function getPenaltyNotice(db: Database, number: string) {
  const row = await db.penaltyNotice.findUnique({ where: { number } });
  if (!row) return null;
  const notice = JSON.parse(row.data) as StoredNotice;
  const state = await getAccountabilityState(db, notice.caseId);
  return { view: noticeView(notice), print: noticeForPrint(notice, state?.fixedLoss?.basis ?? null) };
}

export function noticeView(n: StoredNotice): PenaltyNoticeView {
  return {
    number: n.number,
    caseId: n.caseId,
    caseNumber: n.caseNumber,
    party: n.party,
    copies: n.copies,
    approvedBy: n.approvedBy,
    approvedAt: n.approvedAt,
    final: n.final,
    lines: n.lines.map((l) => ({ entry: l.entry, ground: l.ground, level: l.level, allocated: fenToYuan(l.allocatedFen), ...(l.note ? { note: l.note } : {}) })),
    charges: n.charges.map(chargeView),
  };
}

function noticeForPrint(n: StoredNotice, lossBasis: string | null): NoticeForPrint {
  const v = noticeView(n);
  return { ...v, lossBasis, charges: v.charges.map((c) => ({ personId: c.personId, personName: c.personName, share: c.share, minimum: c.minimum, charge: c.charge, basis: c.basis })) };
}
