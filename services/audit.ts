// The append-only audit log (G4): one entry per API action, written before the response is sent.
// Nothing here updates or deletes; the database refuses both (see the audit_log migration).
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { requestHash } from './idempotency';

export interface AuditInput {
  requestId: string;
  actor: { id: string; roles: readonly string[] } | null;
  method: string;
  path: string;
  objectType: string | null;
  objectId: string | null;
  action: string | null;
  status: number;
  errorCode: string | null;
  body: unknown;
}

export async function appendAudit(db: Database, entry: AuditInput, at: Date = new Date()): Promise<void> {
  await db.auditEntry.create({
    data: {
      id: randomUUID(),
      at,
      requestId: entry.requestId,
      actorId: entry.actor?.id ?? null,
      actorRoles: JSON.stringify(entry.actor?.roles ?? []),
      method: entry.method,
      path: entry.path,
      objectType: entry.objectType,
      objectId: entry.objectId,
      action: entry.action,
      status: entry.status,
      errorCode: entry.errorCode,
      payloadHash: entry.body === undefined || entry.body === null ? null : requestHash(entry.body),
    },
  });
}

export interface AuditFilter {
  actorId?: string;
  objectId?: string;
  objectType?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export async function listAudit(db: Database, f: AuditFilter) {
  const rows = await db.auditEntry.findMany({
    where: {
      ...(f.actorId ? { actorId: f.actorId } : {}),
      ...(f.objectId ? { objectId: f.objectId } : {}),
      ...(f.objectType ? { objectType: f.objectType } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    ...pageArgs(f),
  });
  return pageOf(rows, f, (r) => ({ ...r, at: r.at.toISOString(), actorRoles: JSON.parse(r.actorRoles) as string[] }));
}
