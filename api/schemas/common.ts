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

/** G4: the first value of a recorded history that the current code derives differently. */
const zReplayDifference = z
  .object({
    eventId: z.number().int().describe('the history event that recorded the value'),
    eventType: z.string().describe('ActivityTaskScheduled, StartChildWorkflowExecutionInitiated, SignalExternalWorkflowExecutionInitiated, TimerStarted or UpsertWorkflowSearchAttributes'),
    activityType: z.string().optional().describe("the activity, for an activity's input"),
    workflowType: z.string().optional().describe("the child workflow's type, for its input"),
    field: z.string().describe('where in the value, dotted: state.tier, notices[0].dueAt; $ for the whole value'),
    recorded: z.string().describe('the recorded value as JSON, shortened; (none) when absent'),
    derived: z.string().describe('the value the current code derives, as JSON, shortened; (none) when absent'),
  })
  .strict()
  .openapi('ReplayDifference');

/** G4: a replay of the case's recorded history against the current workflow code. */
export const zReplayResult = z
  .object({
    ok: z.boolean().describe('true when the recorded history replays against the current code and every recorded value follows from it'),
    eventCount: z.number().int(),
    error: z.string().optional().describe('where the replay departed from the recorded history: the determinism error, else the first data difference'),
    determinism: z
      .object({
        ok: z.boolean().describe('the current code issues the recorded commands in the recorded order'),
        error: z.string().optional(),
      })
      .strict(),
    data: z
      .object({
        ok: z.boolean().describe("the values the current code derives from the recorded inputs are the recorded ones: activities' and child workflows' inputs, signals sent, timer durations, search attributes"),
        checked: z.number().int().describe('how many recorded values were compared'),
        difference: zReplayDifference.optional(),
        error: z.string().optional().describe('why the values could not be compared'),
      })
      .strict(),
  })
  .strict()
  .openapi('ReplayResult');
