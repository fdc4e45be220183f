// A case's history as people read it (G4): who did what, when, in which stage, with what data and
// comment, in order. Every case type records its events in this shape.

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
