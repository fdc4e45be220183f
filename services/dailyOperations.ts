// The service side's daily run (S13, S20): which calls were not dispatched today, the register
// reconciliation notice, and a digest of overdue open items per service centre for the service
// department. Notices are keyed by date, so a repeated run writes nothing twice.
import type { Database } from '../db/client';
import { addDays, localDateIn } from '../domain/localTime';
import { recordNotices } from './notices';

/** S13: open calls still waiting for dispatch at the end of local day `today`. */
export async function findUndispatchedCalls(db: Database, at: Date, timeZone: string): Promise<{ today: string; tomorrow: string; callIds: string[] }> {
  const today = localDateIn(timeZone, at);
  const tomorrow = addDays(today, 1);
  const rows = await db.serviceCall.findMany({
    where: { status: 'open', stage: 'dispatch', registeredOn: { lte: today }, OR: [{ priorityOn: null }, { priorityOn: { not: tomorrow } }] },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  return { today, tomorrow, callIds: rows.map((r) => r.id) };
}

/** S13: the clerk's reconciliation of the register against the vouchers, and tomorrow's priority dispatches. */
export async function recordReconciliation(db: Database, p: { at: Date; today: string; tomorrow: string; callIds: string[] }): Promise<void> {
  const open = await db.serviceCall.count({ where: { status: 'open' } });
  const vouchersOut = await db.serviceVoucher.count({ where: { status: { not: 'archived' } } });
  const carriedIn = await db.carryInRecord.count({ where: { returnedAt: null } });
  const ids = p.callIds.map((id) => id.slice(0, 8)).join(', ');
  await recordNotices(db, [
    {
      key: `daily:${p.today}:register`,
      type: 'reminder',
      caseType: 'service_call',
      caseId: `register-${p.today}`,
      stage: 'dispatch',
      to: ['clerk', 'service_supervisor'],
      message:
        `Register for ${p.today}: ${open} open entries, ${vouchersOut} vouchers out of the file, ${carriedIn} products carried in; ` +
        (p.callIds.length
          ? `${p.callIds.length} calls not dispatched today get priority dispatch on ${p.tomorrow}: ${ids} (S13).`
          : 'every call registered today was dispatched (S13).'),
      at: p.at.toISOString(),
    },
  ]);
}

interface CentreDigest {
  arrival: string[];
  repair: string[];
  workItems: number;
  complaints: number;
}

/** S20: one digest notice per service centre with overdue open items. */
export async function sendOverdueDigests(db: Database, p: { at: Date; today: string }): Promise<{ centre: string; overdue: number }[]> {
  const centres = new Map<string, CentreDigest>();
  const of = (centre: string) => {
    let d = centres.get(centre);
    if (!d) centres.set(centre, (d = { arrival: [], repair: [], workItems: 0, complaints: 0 }));
    return d;
  };
  const calls = await db.serviceCall.findMany({
    where: { status: 'open', dueAt: { lte: p.at } },
    select: { id: true, stage: true, serviceCentre: true },
  });
  for (const c of calls) (c.stage === 'dispatch' || c.stage === 'arrival' ? of(c.serviceCentre).arrival : of(c.serviceCentre).repair).push(c.id);
  const items = await db.workItem.findMany({
    where: { status: 'open', dueAt: { lte: p.at }, caseType: { in: ['service_call', 'contract'] } },
    select: { caseType: true, caseId: true },
  });
  const centreOf = new Map(
    (await db.serviceCall.findMany({ where: { id: { in: items.map((i) => i.caseId) } }, select: { id: true, serviceCentre: true } })).map((c) => [c.id, c.serviceCentre]),
  );
  for (const i of items) of(i.caseType === 'contract' ? 'contracts' : (centreOf.get(i.caseId) ?? 'unknown')).workItems += 1;
  const pending = await db.surveyComplaint.findMany({
    where: { OR: [{ replyStatus: 'pending' }, { visitStatus: 'pending' }], createdAt: { lte: new Date(p.at.getTime() - 24 * 3600_000) } },
    select: { callId: true },
  });
  const complaintCentres = new Map(
    (await db.serviceCall.findMany({ where: { id: { in: pending.map((c) => c.callId) } }, select: { id: true, serviceCentre: true } })).map((c) => [c.id, c.serviceCentre]),
  );
  for (const c of pending) of(complaintCentres.get(c.callId) ?? 'unknown').complaints += 1;

  const out: { centre: string; overdue: number }[] = [];
  for (const [centre, d] of [...centres.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const overdue = d.arrival.length + d.repair.length + d.workItems + d.complaints;
    out.push({ centre, overdue });
    const parts = [
      d.arrival.length ? `${d.arrival.length} calls past their arrival deadline (S14): ${d.arrival.map((id) => id.slice(0, 8)).join(', ')}` : '',
      d.repair.length ? `${d.repair.length} repairs past their promised time (S9): ${d.repair.map((id) => id.slice(0, 8)).join(', ')}` : '',
      d.workItems ? `${d.workItems} overdue work items (invoices, renewals)` : '',
      d.complaints ? `${d.complaints} survey complaints still to answer or visit (S18, S19)` : '',
    ].filter(Boolean);
    await recordNotices(db, [
      {
        key: `daily:${p.today}:digest:${centre}`,
        type: 'reminder',
        caseType: 'service_call',
        caseId: `digest-${p.today}-${centre}`,
        stage: 'digest',
        to: ['service_dept', 'service_supervisor'],
        message: `Open items overdue at service centre ${centre} on ${p.today}: ${parts.join('; ')} (S20).`,
        at: p.at.toISOString(),
      },
    ]);
  }
  return out;
}
