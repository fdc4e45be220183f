// Activities of the complaint workflow: thin, idempotent adapters over the services.
import type { AccountingConfig } from '../config';
import type { Database } from '../db/client';
import type { ComplaintState, NoticeDraft } from '../domain/complaint/machine';
import { followUpNotices } from '../domain/complaint/machine';
import { projectComplaint, recordTimeliness } from '../services/complaints';
import { recordNotices } from '../services/notices';
import { assignCaseNumber } from '../services/numbering';
import { startAccountability } from './accountability';

export function createComplaintActivities(deps: { db: Database; timeZone: string; accounting: AccountingConfig }) {
  const { db } = deps;
  const toNotices = (caseId: string, drafts: NoticeDraft[]) =>
    drafts.map((d) => ({ ...d, caseType: 'complaint' as const, caseId }));
  return {
    /** C2: the case's number, the same on every retry. */
    async assignComplaintNumber(input: { caseId: string; at: string }): Promise<string> {
      return assignCaseNumber(db, input.caseId, new Date(input.at), deps.timeZone);
    },
    /** Projects the case (and the notices its last action produced) into the read model. */
    async projectComplaint(input: { workflowId: string; state: ComplaintState; notices: NoticeDraft[] }): Promise<void> {
      await projectComplaint(db, input.workflowId, input.state);
      await recordNotices(db, toNotices(input.state.id, input.notices));
    },
    async recordComplaintNotices(input: { caseId: string; notices: NoticeDraft[] }): Promise<void> {
      await recordNotices(db, toNotices(input.caseId, input.notices));
    },
    /** C19: timeliness per department and follow-up notices for the late ones, after closing. */
    async recordComplaintClosing(input: { state: ComplaintState }): Promise<void> {
      await recordTimeliness(db, input.state);
      const closedAt = Date.parse(input.state.closedAt ?? input.state.createdAt);
      await recordNotices(db, toNotices(input.state.id, followUpNotices(input.state, closedAt)));
      // C9, P: the closed case's accountability workflow (allocation, penalties, resale window), started once.
      await startAccountability(input.state, deps);
    },
  };
}

export type ComplaintActivities = ReturnType<typeof createComplaintActivities>;
