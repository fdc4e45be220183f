// Schemas shared by several routes.
import { ERROR_CODES } from '../../domain/errors';
import { ROLES } from '../../domain/roles';
import { IDEMPOTENCY_KEY_PATTERN } from '../../services/idempotency';
import { z } from '../zod';

export const zRole = z.enum(ROLES).openapi('Role');

export const zIdParam = z.object({
  id: z.string().uuid('must be a UUID').openapi({ param: { name: 'id', in: 'path' } }),
});

export const zPageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

/** A page of a list: the items and the cursor of the next page (null on the last). */
export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last') }).strict();

/** Every error: a code, a message for people, and for invalid input a detail per bad field. */
export const zErrorBody = z
  .object({
    error: z
      .object({
        code: z.enum(ERROR_CODES),
        message: z.string(),
        details: z.array(z.object({ field: z.string().describe('the field, dotted: request.quantity'), message: z.string() }).strict()),
      })
      .strict(),
  })
  .strict()
  .openapi('Error');

export { zMonth } from '../../domain/fields';

/** The header of a creating POST that makes a retry safe (docs/API.md); checked by services/idempotency.ts. */
export const zIdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN)
    .optional()
    .describe('1 to 200 visible ASCII characters; the same key with the same body returns the first answer, with another body 409'),
});

export const zBooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** G4: a replay of the case's recorded history against the current workflow code. */
export const zReplayResult = z
  .object({
    ok: z.boolean().describe('true when the recorded history replays against the current code'),
    eventCount: z.number().int(),
    error: z.string().optional().describe('where the replay departed from the recorded history'),
  })
  .strict()
  .openapi('ReplayResult');
