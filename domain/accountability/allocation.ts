// Loss allocation and penalty amounts, in integer fen (P9, P10, P12, P13, P15). Pure: the
// accountability workflow, its activities and the monthly statistics all call these.
import { fenToYuan } from '../money';
import { type PenaltyGround, type PenaltyLevel, PENALTY_LEVEL_LABELS } from './grounds';
import { type ChargeScope, type ChargeTarget, defaultChargeTarget, isWithinUnit, targetLabel } from './units';

/** The rules a closed case is accounted under, fixed when its accountability starts. */
export interface AccountingRules {
  /** P8: how long after the penalty decision the goods may be resold. */
  resaleWindowMs: number;
  /** P14: a month's deductions are capped at this share of that month's efficiency bonus (basis points, 5000 = 50%). */
  monthlyCapBp: number;
  /** P10: the least a warning deducts. */
  warningMinFen: number;
  /** P10: the least a minor demerit deducts per base point. */
  minorDemeritMinFenPerBasePoint: number;
}

export const DEFAULT_ACCOUNTING_RULES: AccountingRules = {
  resaleWindowMs: 30 * 24 * 60 * 60 * 1000,
  monthlyCapBp: 5000,
  warningMinFen: 400_00,
  minorDemeritMinFenPerBasePoint: 800_00,
};

const assertFen = (fen: number, what: string) => {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new Error(`${what} must be a whole, non-negative number of fen, got ${fen}`);
};

/**
 * Splits `totalFen` in proportion to `weights` (whole, non-negative numbers, not all zero) by the
 * largest-remainder method: every part is the floor of its exact share, and the fen left over go
 * one each to the parts with the largest remainders (ties: the earlier part). The parts always add
 * up to `totalFen` exactly, and no part is more than 1 fen away from its exact share.
 */
export function largestRemainder(totalFen: number, weights: readonly number[]): number[] {
  assertFen(totalFen, 'The amount');
  if (weights.length === 0) throw new Error('Nothing to split the amount across');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new Error(`A weight must be a whole, non-negative number, got ${w}`);
  }
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (sum === 0n) throw new Error('The weights add up to zero');
  const total = BigInt(totalFen);
  const parts = weights.map((w) => (total * BigInt(w)) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * BigInt(w)) % sum }));
  let left = Number(total - parts.reduce((a, p) => a + p, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] = parts[i]! + 1n;
    left -= 1;
  }
  return parts.map(Number);
}

export interface ResponsibleParty {
  department: string;
  person?: string;
  ratio: number;
}

export interface LossAllocation {
  /** Index of the party in the closing's responsibility list. */
  entry: number;
  department: string;
  person?: string;
  /** The ratio in basis points (0.6 → 6000). */
  ratioBp: number;
  amountFen: number;
  /** Whom it is charged to unless the GM office names another (P9, P12, P15). */
  target: ChargeTarget;
}

export const ratioBp = (ratio: number): number => Math.round(ratio * 10_000);

/** P9: the loss split by responsibility ratio; one party takes it all; the parts add up exactly. */
export function allocateLoss(lossFen: number, parties: readonly ResponsibleParty[]): LossAllocation[] {
  const weights = parties.map((p) => ratioBp(p.ratio));
  const amounts = largestRemainder(lossFen, weights);
  return parties.map((p, entry) => ({
    entry,
    department: p.department,
    ...(p.person ? { person: p.person } : {}),
    ratioBp: weights[entry]!,
    amountFen: amounts[entry]!,
    target: defaultChargeTarget(p),
  }));
}

/** Base points are held in hundredths (1.25 → 125) so that every product stays whole. */
export const formatBasePoints = (centi: number): string => `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
export const formatRatio = (bp: number): string => (bp / 10_000).toFixed(4);

/** P10: the least a penalty of `level` deducts from a person with `basePointsCenti`. */
export function penaltyMinimumFen(level: PenaltyLevel, basePointsCenti: number, rules: AccountingRules): number {
  switch (level) {
    case 'warning':
      return rules.warningMinFen;
    case 'minor_demerit': {
      // At least this much per base point, rounded up to the fen ("at least").
      const product = BigInt(rules.minorDemeritMinFenPerBasePoint) * BigInt(basePointsCenti);
      return Number((product + 99n) / 100n);
    }
    default:
      return 0;
  }
}

export interface PersonRecord {
  id: string;
  name: string;
  unit: string;
  basePointsCenti: number;
}

export interface PenaltyLine {
  /** The responsible party (index into the closing's responsibility list) this line is about. */
  entry: number;
  /** Whom to charge instead of the default (P2: the GM office names the unit or person per cause). */
  chargeTo?: { unit: string } | { person: string };
  ground: PenaltyGround;
  level: PenaltyLevel;
  /** The company bears this share itself (no one is charged); the reason goes in `note`. */
  waive?: boolean;
  note?: string;
}

export function lineTarget(line: PenaltyLine, allocation: Pick<LossAllocation, 'target'>): ChargeTarget {
  if (line.chargeTo && 'person' in line.chargeTo) return { kind: 'person', person: line.chargeTo.person.trim(), scope: 'individual' };
  if (line.chargeTo && 'unit' in line.chargeTo) {
    // A unit named by the GM office: inside the company it is charged as named; outside, it is external.
    return defaultChargeTarget({ department: line.chargeTo.unit });
  }
  return allocation.target;
}

/** One person's penalty on one case and party, with how it was reached. */
export interface PenaltyCharge {
  entry: number;
  personId: string;
  personName: string;
  /** The unit the person is in (master data at the time of the charge). */
  personUnit: string;
  /** The party charged: the person themself, or the unit whose share the person carries. */
  chargedTo: string;
  scope: ChargeScope;
  ground: PenaltyGround;
  level: PenaltyLevel;
  /** The party's allocation of the loss (P9). */
  allocatedFen: number;
  basePointsCenti: number;
  unitBasePointsCenti: number;
  /** P13: allocation ÷ unit's base points × the person's base points. */
  shareFen: number;
  /** P10: the level's minimum. */
  minimumFen: number;
  /** What goes into the person's deduction ledger: the larger of the share and the minimum. */
  chargeFen: number;
  /** P10: a major demerit also forfeits the month's whole performance bonus. */
  performanceForfeit: boolean;
  basis: string;
}

export type AllocationStatus = 'charged' | 'external' | 'waived' | 'unassigned';

export interface SettledAllocation extends LossAllocation {
  status: AllocationStatus;
  chargedTo: string | null;
  ground: PenaltyGround | null;
  level: PenaltyLevel | null;
  reason?: string;
}

export interface ChargeComputation {
  lossFen: number;
  allocations: SettledAllocation[];
  charges: PenaltyCharge[];
}

/**
 * P9, P10, P12, P13, P15: from the fixed loss, the responsibility list, the approved penalty lines
 * and the people on file, every allocation's fate and every person's charge. Each allocation ends
 * charged, external (C15), waived (borne by the company) or unassigned (a unit with no one on file):
 * the allocations always add up to the loss.
 */
export function computeCharges(input: {
  lossFen: number;
  responsibility: readonly ResponsibleParty[];
  lines: readonly PenaltyLine[];
  people: readonly PersonRecord[];
  rules: AccountingRules;
}): ChargeComputation {
  const allocations = allocateLoss(input.lossFen, input.responsibility);
  const byId = new Map(input.people.map((p) => [p.id, p]));
  const settled: SettledAllocation[] = [];
  const charges: PenaltyCharge[] = [];
  const lossText = fenToYuan(input.lossFen);
  for (const a of allocations) {
    const line = input.lines.find((l) => l.entry === a.entry);
    const allocText = `loss ${lossText} × ratio ${formatRatio(a.ratioBp)} = ${fenToYuan(a.amountFen)} (P9)`;
    if (!line) {
      const external = a.target.kind === 'external';
      settled.push({
        ...a,
        status: external ? 'external' : 'unassigned',
        chargedTo: external ? targetLabel(a.target) : null,
        ground: null,
        level: null,
        reason: external ? 'Borne by an outside party; the GM office pursues it (C15).' : 'No penalty line names this party.',
      });
      continue;
    }
    const target = lineTarget(line, a);
    if (line.waive || target.kind === 'external') {
      settled.push({
        ...a,
        status: line.waive ? 'waived' : 'external',
        chargedTo: targetLabel(target),
        ground: line.ground,
        level: line.level,
        reason: line.waive ? `Borne by the company${line.note ? `: ${line.note}` : ''}.` : 'Borne by an outside party (C15).',
      });
      continue;
    }
    const levelText = PENALTY_LEVEL_LABELS[line.level];
    if (target.kind === 'person') {
      const person = byId.get(target.person);
      const bp = person?.basePointsCenti ?? 0;
      const minimumFen = penaltyMinimumFen(line.level, bp, input.rules);
      const chargeFen = Math.max(a.amountFen, minimumFen);
      charges.push({
        entry: a.entry,
        personId: target.person,
        personName: person?.name ?? target.person,
        personUnit: person?.unit ?? '',
        chargedTo: target.person,
        scope: 'individual',
        ground: line.ground,
        level: line.level,
        allocatedFen: a.amountFen,
        basePointsCenti: bp,
        unitBasePointsCenti: bp,
        shareFen: a.amountFen,
        minimumFen,
        chargeFen,
        performanceForfeit: line.level === 'major_demerit',
        basis:
          `${allocText}; charged to ${target.person} alone (P9 one person's fault, P12 individual) → ${fenToYuan(a.amountFen)} (P13)` +
          (minimumFen > 0 ? `; ${levelText} minimum ${fenToYuan(minimumFen)} (P10)` : '') +
          (line.level === 'major_demerit' ? "; plus the month's whole performance bonus (P10)" : '') +
          ` → ${fenToYuan(chargeFen)}`,
      });
      settled.push({ ...a, status: 'charged', chargedTo: target.person, ground: line.ground, level: line.level });
      continue;
    }
    const members = input.people
      .filter((p) => isWithinUnit(p.unit, target.unit) && p.basePointsCenti > 0)
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    if (members.length === 0) {
      settled.push({
        ...a,
        status: 'unassigned',
        chargedTo: target.unit,
        ground: line.ground,
        level: line.level,
        reason: `No one with base points is on file for unit ${target.unit}.`,
      });
      continue;
    }
    const unitBp = members.reduce((s, m) => s + m.basePointsCenti, 0);
    const shares = largestRemainder(a.amountFen, members.map((m) => m.basePointsCenti));
    members.forEach((m, k) => {
      const shareFen = shares[k]!;
      const minimumFen = penaltyMinimumFen(line.level, m.basePointsCenti, input.rules);
      const chargeFen = Math.max(shareFen, minimumFen);
      charges.push({
        entry: a.entry,
        personId: m.id,
        personName: m.name,
        personUnit: m.unit,
        chargedTo: target.unit,
        scope: target.scope,
        ground: line.ground,
        level: line.level,
        allocatedFen: a.amountFen,
        basePointsCenti: m.basePointsCenti,
        unitBasePointsCenti: unitBp,
        shareFen,
        minimumFen,
        chargeFen,
        performanceForfeit: line.level === 'major_demerit',
        basis:
          `${allocText}; charged to ${target.scope} ${target.unit} (P12, P15); ` +
          `${fenToYuan(a.amountFen)} ÷ ${formatBasePoints(unitBp)} base points × ${formatBasePoints(m.basePointsCenti)} = ${fenToYuan(shareFen)} (P13)` +
          (minimumFen > 0 ? `; ${levelText} minimum ${fenToYuan(minimumFen)} (P10)` : '') +
          (line.level === 'major_demerit' ? "; plus the month's whole performance bonus (P10)" : '') +
          ` → ${fenToYuan(chargeFen)}`,
      });
    });
    settled.push({ ...a, status: 'charged', chargedTo: target.unit, ground: line.ground, level: line.level });
  }
  return { lossFen: input.lossFen, allocations: settled, charges };
}
