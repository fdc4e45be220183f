// The words of the messages that tell people about a notice (e-mail and chat robot), one catalogue
// per language (zh-CN.ts, en.ts), each a value of this shape.

export interface DeliveryCatalogue {
  /** `[kind]` at the start of a subject: reminder, escalation, … */
  kinds: Record<string, string>;
  caseTypes: Record<string, string>;
  /** Stage names where the language has its own (a stage without one is shown as it is). */
  stages: Record<string, string>;
  greeting: (name: string) => string;
  /** The case line: "Complaint 2611-003" */
  caseLine: (caseType: string, number: string) => string;
  stageLine: (stage: string) => string;
  dueLine: (when: string) => string;
  fellDueLine: (when: string) => string;
  detailsHeading: string;
  openLine: (link: string) => string;
  footer: string;
  locale: string;
}
