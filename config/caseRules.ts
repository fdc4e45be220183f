// What a new case runs under: the rules snapshot each case takes from the configuration when it
// starts (C8, C17–C19 for complaints; S9, S14, S16, O6 for service calls; S15 for contracts; P8–P14 for
// accountability). A case keeps its snapshot for life, so changing the configuration affects new
// cases only and every recorded decision replays as it was taken.
import type { AccountingRules } from '../domain/accountability/allocation';
import { arrivalDueAt } from '../domain/businessCalendar';
import type { ComplaintRules } from '../domain/complaint/machine';
import type { ComplaintFiling } from '../domain/complaint/schemas';
import { DEFAULT_STAGE_DEADLINES_MS, isOpenStage } from '../domain/complaint/stages';
import { type ContractInput, contractTermTimes } from '../domain/contract/machine';
import type { CategoryBasis } from '../domain/serviceCall/category';
import type { InstalledBaseLink, ServiceCallInput, ServiceCallRules } from '../domain/serviceCall/machine';
import type { ContractFiling, ServiceCallRegistration } from '../domain/serviceCall/schemas';
import type { CallCategory } from '../domain/serviceCall/stages';
import type { AccountingConfig, Config } from './index';

/** C8, C17–C19: deadlines, reminders and authority tiers of a complaint filed now. */
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
    controls: {
      stageEscalationAfterMs: config.complaint.stageEscalationAfterMs,
      stageEscalationRoles: config.complaint.stageEscalationRoles,
      petitionWindowMs: config.complaint.petitionWindowMs,
      timeZone: config.timeZone,
    },
  };
}

/** The workflow input of a complaint filed at `at`: the filing and the rules it runs under. */
export function newComplaintInput(config: Config, p: { id: string; filing: ComplaintFiling; filedBy: { id: string; name: string }; at: Date }) {
  return { id: p.id, filing: p.filing, filedBy: p.filedBy, filedAt: p.at.toISOString(), rules: complaintRulesFrom(config) };
}

/** S9, S16: the promise and survey timings of a call registered now. */
export function serviceCallRulesFrom(config: Config): ServiceCallRules {
  return {
    surveyDelayMs: config.service.surveyDelayMs,
    carryInPromiseMs: config.service.carryInPromiseMs,
    promiseWarningMs: config.service.promiseWarningMs,
    followUpDelayMs: config.installedBase.followUpDelayMs,
  };
}

/** P8, P10, P14: the rules a closed case's accounting runs under, fixed when its workflow starts. */
export function accountingRulesFrom(accounting: AccountingConfig): AccountingRules {
  return {
    resaleWindowMs: accounting.resaleWindowMs,
    monthlyCapBp: accounting.monthlyCapBp,
    warningMinFen: accounting.warningMinFen,
    minorDemeritMinFenPerBasePoint: accounting.minorDemeritMinFenPerBasePoint,
  };
}

/** The workflow input of a call registered at `at`: its rules and the S14 arrival deadline. */
export function newServiceCallInput(
  config: Config,
  p: {
    id: string;
    number: string;
    registration: ServiceCallRegistration;
    category: CallCategory;
    basis: CategoryBasis;
    registeredBy: { id: string; name: string };
    at: Date;
    installedBase?: InstalledBaseLink;
  },
): ServiceCallInput {
  return {
    id: p.id,
    number: p.number,
    registration: p.registration,
    category: p.category,
    categoryBasis: p.basis,
    serviceCentre: p.registration.serviceCentre ?? config.service.defaultCentre,
    registeredBy: p.registeredBy,
    registeredAt: p.at.toISOString(),
    arrivalDueAt: arrivalDueAt(config.service.calendar, p.at, p.registration.area, config.service.arrivalSla).toISOString(),
    rules: serviceCallRulesFrom(config),
    ...(p.installedBase ? { installedBase: p.installedBase } : {}),
  };
}

/** The workflow input of a contract recorded at `at`: its term's notice (S15) and expiry instants. */
export function newContractInput(config: Config, p: { id: string; number: string; filing: ContractFiling; createdBy: { id: string; name: string }; at: Date }): ContractInput {
  return {
    id: p.id,
    number: p.number,
    filing: p.filing,
    createdBy: p.createdBy,
    createdAt: p.at.toISOString(),
    term: contractTermTimes(p.filing.endsOn, config.timeZone, config.service.contractNoticeLeadMs),
    historyLimit: config.workflowHistoryLimit,
  };
}
