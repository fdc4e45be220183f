// English, for people who chose `en`.
import type { DeliveryCatalogue } from './catalogue';

export const en: DeliveryCatalogue = {
  kinds: { reminder: 'Reminder', escalation: 'Escalation', follow_up: 'Follow-up', anomaly: 'Anomaly', report: 'Report', task: 'To do' },
  caseTypes: { complaint: 'Complaint', service_call: 'Service call', contract: 'Service contract', anomaly_report: 'Anomaly report', accountability: 'Accountability case', job: 'Platform job' },
  stages: {},
  greeting: (name) => `Hello ${name},`,
  caseLine: (caseType, number) => `${caseType} ${number}`,
  stageLine: (stage) => `Stage: ${stage}`,
  dueLine: (when) => `Due: ${when}`,
  fellDueLine: (when) => `Sent: ${when}`,
  detailsHeading: 'Details:',
  openLine: (link) => `Open the case: ${link}`,
  footer: 'Sent by the after-sales platform. You can turn off reminder e-mail in your settings; your tasks and notices in the platform stay.',
  locale: 'en-GB',
};
