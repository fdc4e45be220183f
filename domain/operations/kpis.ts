// O1: the quantified goals of the service department, each computed from the records by one
// definition written here (docs/RULES.md, O1), with the counts it was computed from. Values are
// rounded to two decimals, and a goal is met or missed on the value as shown. A goal with nothing to
// count in a period (no survey, no closed call, …) has no value and is neither met nor missed.

export const KPI_IDS = [
  'satisfaction_index',
  'repeat_repair_rate',
  'warranty_claim_approval_rate',
  'calls_per_day',
  'revenue_per_job',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export type Comparison = 'at_least' | 'below';

export interface KpiTarget {
  comparison: Comparison;
  value: number;
}
export type KpiTargets = Record<KpiId, KpiTarget>;

/** What each goal measures, its unit and which way is good. */
export const KPI_DEFINITIONS: Record<KpiId, { label: string; unit: 'percent' | 'index' | 'calls' | 'yuan'; comparison: Comparison; definition: string }> = {
  satisfaction_index: {
    label: 'Customer satisfaction index',
    unit: 'index',
    comparison: 'at_least',
    definition: 'mean over the surveys answered in the period of each survey score: the mean of its four ratings (S17) on 0–100, level 4 = 100, level 1 = 25',
  },
  repeat_repair_rate: {
    label: 'Repeat-repair rate',
    unit: 'percent',
    comparison: 'below',
    definition:
      'calls closed in the period that were registered within REPEAT_REPAIR_WINDOW after an earlier call on the same serial number for the same fault closed, ÷ calls closed in the period',
  },
  warranty_claim_approval_rate: {
    label: 'Warranty-claim approval rate',
    unit: 'percent',
    comparison: 'at_least',
    definition: 'in-warranty part requests approved in the period ÷ in-warranty part requests decided (approved or rejected) in the period',
  },
  calls_per_day: {
    label: 'Calls per day',
    unit: 'calls',
    comparison: 'at_least',
    definition: 'service calls registered in the period ÷ calendar days in the period',
  },
  revenue_per_job: {
    label: 'Revenue per job',
    unit: 'yuan',
    comparison: 'at_least',
    definition: 'fees (S5, S8) recorded on category A calls closed in the period ÷ category A calls closed in the period',
  },
};

/** The goals as the service department set them: CSI ≥ 93, repeat repairs < 2%, warranty claims approved ≥ 95%, 20 calls a day, 800 yuan a job. */
export const DEFAULT_KPI_TARGETS: KpiTargets = {
  satisfaction_index: { comparison: 'at_least', value: 93 },
  repeat_repair_rate: { comparison: 'below', value: 2 },
  warranty_claim_approval_rate: { comparison: 'at_least', value: 95 },
  calls_per_day: { comparison: 'at_least', value: 20 },
  revenue_per_job: { comparison: 'at_least', value: 800 },
};

/** Reads `satisfaction_index=95,repeat_repair_rate=1.5%,…` over the defaults; throws naming the bad part. */
export function parseKpiTargets(text: string): KpiTargets {
  const out: KpiTargets = { ...DEFAULT_KPI_TARGETS };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)=(\d{1,9}(?:\.\d{1,2})?)%?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not goal=number (e.g. satisfaction_index=93 or repeat_repair_rate=2%)`);
    const id = m[1] as KpiId;
    if (!(KPI_IDS as readonly string[]).includes(id)) throw new Error(`"${m[1]}" is not a goal (${KPI_IDS.join(', ')})`);
    const value = Number(m[2]);
    if (KPI_DEFINITIONS[id].unit === 'percent' && value > 100) throw new Error(`${id} is a percentage: at most 100`);
    out[id] = { comparison: KPI_DEFINITIONS[id].comparison, value };
  }
  return out;
}

export const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;

/** Met when the value as shown (two decimals) is at least, or below, the target; null without a value. */
export function isMet(value: number | null, target: KpiTarget): boolean | null {
  if (value === null) return null;
  return target.comparison === 'at_least' ? value >= target.value : value < target.value;
}

// ---- satisfaction index ----

export interface SurveyRatings {
  attitude: number;
  skill: number;
  arrival: number;
  promise: number;
}

/** One survey on 0–100: the mean of its four ratings (1–4) ÷ 4 × 100, so 4,4,4,4 = 100 and 1,1,1,1 = 25. */
export const surveyScore = (s: SurveyRatings): number => ((s.attitude + s.skill + s.arrival + s.promise) / 16) * 100;

export function satisfactionIndex(surveys: readonly SurveyRatings[]): { value: number | null; counts: { surveys: number; scoreSum: number } } {
  return satisfactionIndexOfSums(
    surveys.length,
    surveys.reduce((acc, s) => acc + s.attitude + s.skill + s.arrival + s.promise, 0),
  );
}

/**
 * The same from `surveys` answered surveys whose ratings add up to `ratingSum` (all four ratings of
 * every survey): each survey's score is its rating sum ÷ 16 × 100, so the scores add up to
 * ratingSum × 6.25.
 */
export function satisfactionIndexOfSums(surveys: number, ratingSum: number): { value: number | null; counts: { surveys: number; scoreSum: number } } {
  const scoreSum = (ratingSum * 100) / 16;
  return { value: surveys ? round2(scoreSum / surveys) : null, counts: { surveys, scoreSum: round2(scoreSum) } };
}

// ---- repeat repairs ----

export interface CallForRepeat {
  id: string;
  serialNo: string | null;
  /** The fault named at registration; null when none was named. */
  fault: string | null;
  registeredAtMs: number;
  closedAtMs: number | null;
}

/** Faults are compared without case or surrounding space; a call that names no fault matches any fault. */
export function sameFault(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a.trim() === '' || b.trim() === '') return true;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The earlier call `call` repeats, if any: same serial, same fault, closed at most `windowMs` before `call` was registered. */
export function repeatOf(call: CallForRepeat, others: readonly CallForRepeat[], windowMs: number): CallForRepeat | null {
  if (!call.serialNo) return null;
  let found: CallForRepeat | null = null;
  for (const p of others) {
    if (p.id === call.id || p.serialNo !== call.serialNo || p.closedAtMs === null) continue;
    if (p.closedAtMs > call.registeredAtMs || call.registeredAtMs - p.closedAtMs > windowMs) continue;
    if (!sameFault(p.fault, call.fault)) continue;
    if (!found || p.closedAtMs > found.closedAtMs!) found = p;
  }
  return found;
}

/**
 * Repeat-repair rate of the calls closed in a period (`closed`), looking for their earlier calls in
 * `history` (every call on those serials that closed up to the window before the period).
 */
export function repeatRepairRate(
  closed: readonly CallForRepeat[],
  history: readonly CallForRepeat[],
  windowMs: number,
): { value: number | null; counts: { closedCalls: number; repeats: number }; repeats: { callId: string; repeatOf: string }[] } {
  const bySerial = new Map<string, CallForRepeat[]>();
  for (const h of history) {
    if (!h.serialNo) continue;
    const list = bySerial.get(h.serialNo);
    if (list) list.push(h);
    else bySerial.set(h.serialNo, [h]);
  }
  const repeats: { callId: string; repeatOf: string }[] = [];
  for (const c of closed) {
    const earlier = c.serialNo ? repeatOf(c, bySerial.get(c.serialNo) ?? [], windowMs) : null;
    if (earlier) repeats.push({ callId: c.id, repeatOf: earlier.id });
  }
  return {
    value: closed.length ? round2((repeats.length / closed.length) * 100) : null,
    counts: { closedCalls: closed.length, repeats: repeats.length },
    repeats,
  };
}

// ---- warranty-claim approval ----

/** In-warranty part requests approved ÷ decided (approved or rejected), percent. */
export function warrantyClaimApprovalRate(approved: number, rejected: number): {
  value: number | null;
  counts: { decided: number; approved: number; rejected: number };
} {
  const decided = approved + rejected;
  return { value: decided ? round2((approved / decided) * 100) : null, counts: { decided, approved, rejected } };
}

// ---- calls per day ----

export function callsPerDay(registered: number, days: number): { value: number | null; counts: { registered: number; days: number } } {
  return { value: days > 0 ? round2(registered / days) : null, counts: { registered, days } };
}

// ---- revenue per job ----

/** Fees in fen over completed category A calls; the value in yuan. */
export function revenuePerJob(feesFen: number, completedA: number): { value: number | null; counts: { feesFen: number; completedCategoryA: number } } {
  return { value: completedA > 0 ? round2(feesFen / completedA / 100) : null, counts: { feesFen, completedCategoryA: completedA } };
}
