// The rules a new complaint runs under, taken from the configuration when it is filed (C8, C17–C19).
import type { Config } from '../config';
import type { ComplaintRules } from '../domain/complaint/machine';
import { DEFAULT_STAGE_DEADLINES_MS, isOpenStage } from '../domain/complaint/stages';

export function complaintRulesFrom(config: Config): ComplaintRules {
  const stageDeadlineMs = { ...DEFAULT_STAGE_DEADLINES_MS };
  for (const [stage, ms] of Object.entries(config.complaint.stageDeadlineOverrides)) {
    if (isOpenStage(stage)) stageDeadlineMs[stage] = ms;
  }
  return {
    caseDeadlineMs: config.complaint.caseDeadlineMs,
    stageDeadlineMs,
    reminderIntervalMs: config.complaint.reminderIntervalMs,
    jointInspectionReportMs: config.complaint.jointInspectionReportMs,
    authority: config.complaint.authority,
  };
}
