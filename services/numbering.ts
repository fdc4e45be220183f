// C2: case numbers (`2611-01`; service calls `S2611-001`, contracts `HT2611-001`), the serial
// restarting each month and never duplicated, also when several workers or API processes number
// cases at once. One atomic upsert per number; a retried numbering of the same case gets the number
// it already has.
import type { Database } from '../db/client';
import { type NumberedKind, NUMBERING, caseNumberPeriod, formatNumberOf } from '../domain/caseNumber';

export async function assignNumber(db: Database, kind: NumberedKind, caseId: string, at: Date, timeZone: string): Promise<string> {
  const existing = await db.caseNumber.findUnique({ where: { caseId } });
  if (existing) return existing.number;
  const period = caseNumberPeriod(at, timeZone);
  const counter = `${NUMBERING[kind].prefix}${period}`;
  const rows = await db.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "CaseNumberCounter" ("period", "last") VALUES (${counter}, 1)
    ON CONFLICT ("period") DO UPDATE SET "last" = "CaseNumberCounter"."last" + 1
    RETURNING "last"`;
  const serial = Number(rows[0]!.last);
  const number = formatNumberOf(kind, period, serial);
  try {
    await db.caseNumber.create({ data: { caseId, number, period: counter, serial } });
    return number;
  } catch (err) {
    // The same case was numbered concurrently by a retry: keep the first number (this serial stays unused).
    if ((err as { code?: string }).code !== 'P2002') throw err;
    return (await db.caseNumber.findUniqueOrThrow({ where: { caseId } })).number;
  }
}

/** C2: a complaint's number, given at registration. */
export const assignCaseNumber = (db: Database, caseId: string, at: Date, timeZone: string): Promise<string> => assignNumber(db, 'complaint', caseId, at, timeZone);
