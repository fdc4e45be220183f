// The subject and text of a message telling a person about a notice or work item, in their language
// (zh-CN by default, en on request); the words are in zh-CN.ts and en.ts.
import type { Language } from '../signIn';
import type { DeliveryCatalogue } from './catalogue';
import { en } from './en';
import { zhCN } from './zh-CN';

const CATALOGUES: Record<Language, DeliveryCatalogue> = { 'zh-CN': zhCN, en };

export interface DeliveryFacts {
  /** reminder | escalation | follow_up | anomaly | report | task */
  kind: string;
  caseType: string;
  /** The case number people quote; the id when the case has none yet. */
  caseNumber: string;
  stage: string | null;
  /** The notice's own text, or the work item's title. */
  message: string;
  /** When the work is due (a task), or null. */
  dueAt: Date | null;
  /** When the notice fell due. */
  at: Date;
  link: string;
  recipientName: string;
}

function when(date: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

export function composeDelivery(language: Language, facts: DeliveryFacts, timeZone: string): { subject: string; text: string } {
  const c = CATALOGUES[language] ?? zhCN;
  const kind = c.kinds[facts.kind] ?? facts.kind;
  const caseLine = c.caseLine(c.caseTypes[facts.caseType] ?? facts.caseType, facts.caseNumber);
  const stage = facts.stage ? (c.stages[facts.stage] ?? facts.stage) : null;
  const subject = `[${kind}] ${caseLine}${stage ? ` · ${stage}` : ''}`;
  const lines = [
    c.greeting(facts.recipientName),
    '',
    `${kind}: ${caseLine}`,
    ...(stage ? [c.stageLine(stage)] : []),
    ...(facts.dueAt ? [c.dueLine(when(facts.dueAt, c.locale, timeZone))] : [c.fellDueLine(when(facts.at, c.locale, timeZone))]),
    c.detailsHeading,
    facts.message,
    '',
    c.openLine(facts.link),
    '',
    c.footer,
  ];
  return { subject, text: lines.join('\n') };
}
