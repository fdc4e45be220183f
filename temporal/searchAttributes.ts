// Custom search attributes the workflows set, so that cases can be found in the Temporal UI and
// by `temporal workflow list --query`. A cluster needs them registered once:
//   temporal operator search-attribute create --name CaseStage --type Keyword (and the others)
// None of them holds personal data (G6).
export const SEARCH_ATTRIBUTES = {
  CaseType: 'Keyword',
  CaseNumber: 'Keyword',
  CaseStage: 'Keyword',
  CaseStatus: 'Keyword',
  /** The case's next deadline (the current stage's, the arrival, the promise, the contract's notice…); absent when none runs. */
  CaseDueAt: 'Datetime',
} as const;
