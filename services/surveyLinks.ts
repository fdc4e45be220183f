// Delivery of survey links to customers (S16). The token exists only here, on its way out: the
// database keeps its hash. A deployment plugs its SMS or e-mail gateway in with onSurveyLink()
// (in the worker process); without one the worker logs a warning (never the token) and the
// survey stays unanswerable.
export interface SurveyLink {
  surveyId: string;
  callId: string;
  recipient: { name: string; phone: string };
  /** The one-time credential; answer with POST /api/v1/surveys/{token}. */
  token: string;
  path: string;
}

export type SurveyLinkListener = (link: SurveyLink) => void | Promise<void>;

const listeners = new Set<SurveyLinkListener>();

/** Registers a delivery channel; returns a function that removes it. */
export function onSurveyLink(listener: SurveyLinkListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Hands the link to every channel, or to `fallback` when none is registered; true when a channel took it. */
export async function deliverSurveyLink(link: SurveyLink, fallback: (link: SurveyLink) => void): Promise<boolean> {
  if (listeners.size === 0) {
    fallback(link);
    return false;
  }
  for (const l of [...listeners]) await l(link);
  return true;
}
