// A case's history as CaseEvent rows (G4's read model behind /history): each workflow history
// entry written once, in the projection's transaction, whatever the case type.
import type { Database } from '../db/client';
import type { HistoryEventView } from '../domain/caseHistory';

export interface CaseHistoryEntry {
  seq: number;
  at: string;
  actor: { id: string; name: string };
  action: string;
  stage: string;
  data: unknown;
  comment?: string | null;
}

/**
 * How many of a case's history entries its projection row already holds as the workflow has them,
 * given the row's version (`current`, null when there is no row) and the version being written:
 * all of them when the row is older; none when it is at the same version, because then a workflow
 * task wrote it and failed, and the retried task's entries replace what that task wrote.
 */
export function entriesToWrite(current: { version: number } | null, version: number): number {
  return current && current.version < version ? current.version : 0;
}

/** Writes the entries after sequence number `applied` (replacing any written before); returns them. */
export async function projectCaseEvents<E extends CaseHistoryEntry>(
  tx: Pick<Database, 'caseEvent'>,
  caseType: string,
  caseId: string,
  history: readonly E[],
  applied: number,
): Promise<E[]> {
  const written = history.filter((e) => e.seq > applied);
  for (const e of written) {
    const entry = {
      at: new Date(e.at),
      actorId: e.actor.id,
      actorName: e.actor.name,
      action: e.action,
      stage: e.stage,
      data: JSON.stringify(e.data),
      comment: e.comment ?? null,
    };
    await tx.caseEvent.upsert({
      where: { caseType_caseId_seq: { caseType, caseId, seq: e.seq } },
      update: entry,
      create: { id: `${caseType}:${caseId}:${e.seq}`, caseType, caseId, seq: e.seq, ...entry },
    });
  }
  return written;
}

/** The case's history from its CaseEvent rows (for a case whose workflow is gone); null when there are none. */
export async function recordedHistory(db: Database, caseType: string, caseId: string): Promise<HistoryEventView[] | null> {
  const rows = await db.caseEvent.findMany({ where: { caseType, caseId }, orderBy: { seq: 'asc' } });
  if (rows.length === 0) return null;
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: { id: r.actorId, name: r.actorName },
    action: r.action,
    stage: r.stage,
    data: JSON.parse(r.data) as Record<string, unknown>,
    comment: r.comment,
  }));
}
