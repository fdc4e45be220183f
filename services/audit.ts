// The append-only audit log (G4): one entry per API action, written before the response is sent.
// Nothing here updates or deletes; the database refuses both (see the audit_log migration).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client';
import { ERROR_CODES } from '../domain/errors';
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

export const zAuditEntry = z
  .object({
    id: z.string(),
    at: z.string().describe('when the response was sent; an ISO-8601 instant'),
    requestId: z.string().describe('the X-Request-Id of the request'),
    actorId: z.string().nullable().describe('the user; null when no one was authenticated'),
    actorRoles: z.array(z.string()).describe("the user's roles at the time"),
    method: z.string().describe('the HTTP method'),
    path: z.string().describe('the route with only {id} filled in'),
    objectType: z.string().nullable().describe('the collection under /api/v1: complaints, service-calls, …'),
    objectId: z.string().nullable(),
    action: z.string().nullable().describe('the action taken, or METHOD path'),
    status: z.number().int().describe('the HTTP status answered'),
    errorCode: z.enum(ERROR_CODES).nullable().describe('the error code, when refused'),
    payloadHash: z.string().nullable().describe('SHA-256 of the canonical JSON body; the body itself is not kept'),
  })
  .strict()
  .meta({ id: 'AuditEntry', description: 'One API action in the append-only audit log (G4).' });

export type AuditEntryView = z.infer<typeof zAuditEntry>;

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
  return pageOf(
    rows,
    f,
    (r): AuditEntryView => ({
      id: r.id,
      at: r.at.toISOString(),
      requestId: r.requestId,
      actorId: r.actorId,
      actorRoles: JSON.parse(r.actorRoles) as string[],
      method: r.method,
      path: r.path,
      objectType: r.objectType,
      objectId: r.objectId,
      action: r.action,
      status: r.status,
      errorCode: r.errorCode as AuditEntryView['errorCode'],
      payloadHash: r.payloadHash,
    }),
  );
}
