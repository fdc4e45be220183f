// Idempotency-Key for creating POSTs (docs/API.md): the same key with the same body returns the
// first result; with another body, 409. The record is written before the work starts and holds the
// id the work will create, so a retry after a crash creates that same id, never a second one.
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';

export interface IdempotentResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** Stable JSON: keys sorted, so that the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 of the canonical JSON of a body; of the bytes themselves for an uploaded file. */
export const requestHash = (body: unknown): string => createHash('sha256').update(Buffer.isBuffer(body) ? body : canonicalJson(body)).digest('hex');

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export class IdempotencyService {
  constructor(private readonly db: Database) {}

  /**
   * Runs `create(resourceId)` at most once per (user, scope, key) in effect. Without a key it just
   * runs with a fresh id. `create` must itself be idempotent for a given id (a workflow start with
   * that id as its workflow id is).
   */
  async run(
    params: { userId: string; scope: string; key: string | undefined; body: unknown },
    create: (resourceId: string) => Promise<{ status: number; body: unknown }>,
    /** What of the body is kept for replays (secrets such as a new token are left out). */
    keep: (body: unknown) => unknown = (body) => body,
  ): Promise<IdempotentResult> {
    if (params.key === undefined) {
      return { ...(await create(randomUUID())), replayed: false };
    }
    if (!IDEMPOTENCY_KEY_PATTERN.test(params.key)) {
      throw new AppError('invalid_input', 'The Idempotency-Key header is invalid.', [
        { field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
      ]);
    }
    const hash = requestHash(params.body);
    const where = { userId_scope_key: { userId: params.userId, scope: params.scope, key: params.key } };
    let record = await this.db.idempotencyRecord.findUnique({ where });
    if (!record) {
      try {
        record = await this.db.idempotencyRecord.create({
          data: { id: randomUUID(), userId: params.userId, scope: params.scope, key: params.key, requestHash: hash, resourceId: randomUUID() },
        });
      } catch (err) {
        if ((err as { code?: string }).code !== 'P2002') throw err;
        record = await this.db.idempotencyRecord.findUniqueOrThrow({ where });
      }
    }
    if (record.requestHash !== hash) {
      throw new AppError('conflict', 'This Idempotency-Key was already used with a different body.', [
        { field: 'Idempotency-Key', message: 'reused with a different body' },
      ]);
    }
    if (record.status !== null && record.response !== null) {
      return { status: record.status, body: JSON.parse(record.response), replayed: true };
    }
    const result = await create(record.resourceId);
    await this.db.idempotencyRecord.update({
      where: { id: record.id },
      data: { status: result.status, response: JSON.stringify(keep(result.body)) },
    });
    return { ...result, replayed: false };
  }
}
