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

/** An event as /history returns it: a missing comment is null (each kind of a union on its own). */
export type HistoryEventView<E extends RecordedEvent = RecordedEvent> = E extends unknown ? Omit<E, 'comment'> & { comment: string | null } : never;

/** An event as a case's state records it, from its view: the comment only when one was given. */
export type Recorded<V> = V extends unknown ? Omit<V, 'comment'> & { comment?: string } : never;

export const historyView = <E extends RecordedEvent>(events: readonly E[]): HistoryEventView<E>[] =>
  events.map((e) => ({ ...e, comment: e.comment ?? null }) as unknown as HistoryEventView<E>);

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
      actor: z.object({ id: z.string(), name: z.string() }).strict(),
      action: z.literal(action),
      stage,
      data,
      comment: z.string().nullable(),
    })
    .strict();
