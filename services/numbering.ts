// C2: case numbers YYMM-NN, the serial restarting each month and never duplicated, also when
// several workers register cases at once. One atomic upsert per number; a retried registration
// of the same case gets the number it already has.
import type { Database } from '../db/client';
import { caseNumberPeriod, formatCaseNumber } from '../domain/caseNumber';

export async function assignCaseNumber(db: Database, caseId: string, at: Date, timeZone: string): Promise<string> {
  const existing = await db.caseNumber.findUnique({ where: { caseId } });
  if (existing) return existing.number;
  const period = caseNumberPeriod(at, timeZone);
  const rows = await db.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "CaseNumberCounter" ("period", "last") VALUES (${period}, 1)
    ON CONFLICT ("period") DO UPDATE SET "last" = "CaseNumberCounter"."last" + 1
    RETURNING "last"`;
  const serial = Number(rows[0]!.last);
  const number = formatCaseNumber(period, serial);
  try {
    await db.caseNumber.create({ data: { caseId, number, period, serial } });
    return number;
  } catch (err) {
    // The same case was numbered concurrently by a retry: keep the first number (this serial stays unused).
    if ((err as { code?: string }).code !== 'P2002') throw err;
    return (await db.caseNumber.findUniqueOrThrow({ where: { caseId } })).number;
  }
}
