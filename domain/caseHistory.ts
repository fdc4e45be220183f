// A case's history as people read it (G4): who did what, when, in which stage, with what data and
// comment, in order. Every case type records its events in this shape.
import { z } from 'zod';

export interface RecordedEvent {
  seq: number;
  at: string;
  actor: { id: string; name: string };
  action: string;
  stage: string;
  data: Record<string, unknown>;
  comment?: string;
}

/** An event as /history returns it: a missing comment is null. */
export type HistoryEventView<E extends RecordedEvent = RecordedEvent> = Omit<E, 'comment'> & { comment: string | null };

export const historyView = <E extends RecordedEvent>(events: readonly E[]): HistoryEventView<E>[] =>
  events.map((e) => ({ ...e, comment: e.comment ?? null }));

const zActor = z.object({ id: z.string(), name: z.string() }).strict();

/**
 * The schema of one kind of history event as /history returns it: its action, the stages it can
 * be taken in and its data. A case type's history event is the union of its kinds, discriminated by
 * `action`.
 */
export const historyEvent = <A extends string, D extends z.ZodType, S extends z.ZodType<string>>(action: A, stage: S, data: D) =>
  z
    .object({
      seq: z.number().int().min(1).describe('1, 2, … in the order the actions were taken'),
      at: z.string().describe('ISO-8601 instant'),
      actor: zActor,
      action: z.literal(action),
      stage,
      data,
      comment: z.string().nullable(),
    })
    .strict();
