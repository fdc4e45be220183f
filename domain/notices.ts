// When a case's reminders and escalations fall due (C19, S9, S14, G3). Each case machine lists the
// notices still to come (`schedule`); the clock answers when the next one is and takes those due,
// marking them sent in the state so that each is sent once.

export interface ScheduledNotice<S, D> {
  atMs: number;
  draft: D;
  /** Marks the notice as sent in the state. */
  markSent: (state: S) => void;
}

export interface NoticeClock<S, D> {
  /** The time of the next notice, or null when none is pending. */
  nextAt(state: S): number | null;
  /** The notices due at `nowMs`, marked sent in `state`. */
  takeDue(state: S, nowMs: number): D[];
}

export function noticeClock<S, D>(schedule: (state: S) => ScheduledNotice<S, D>[]): NoticeClock<S, D> {
  return {
    nextAt(state) {
      const times = schedule(state).map((n) => n.atMs);
      return times.length ? Math.min(...times) : null;
    },
    takeDue(state, nowMs) {
      const due = schedule(state).filter((n) => n.atMs <= nowMs);
      for (const n of due) n.markSent(state);
      return due.map((n) => n.draft);
    },
  };
}
