// Schemas shared by several routes.
import { ROLES } from '../../domain/roles';
import { z } from '../zod';

export const zRole = z.enum(ROLES).openapi('Role');

export const zIdParam = z.object({
  id: z.string().uuid('must be a UUID').openapi({ param: { name: 'id', in: 'path' } }),
});

export const zPageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const zMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

export const zBooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A history entry as /history returns it; `name` is the OpenAPI schema name. */
export const zCaseHistoryEvent = (name: string) =>
  z
    .object({
      seq: z.number().int().describe('1, 2, … in the order the actions were taken'),
      at: z.string(),
      actor: z.object({ id: z.string(), name: z.string() }),
      action: z.string(),
      stage: z.string(),
      data: z.record(z.string(), z.unknown()),
      comment: z.string().nullable(),
    })
    .openapi(name);
