// The organisation as the accounting rules see it (P9, P12, P15).
//
// A unit is a path of lower-case segments from the department down to its smallest group:
// `manufacturing`, `manufacturing/section-2`, `manufacturing/section-2/group-3`, `sales`,
// `sales/east`, `service/centre-1`. A person (master data, PUT /api/v1/people/{id}) belongs to one
// unit and is a member of every unit above it. The complaint's closing names, per responsible
// party, a `department` (a unit path, as precisely as the GM office knows it) and optionally a
// `person` (a person id). Whom a share of the loss is charged to:
//
// - a named person → that person alone (P9: one person's fault, all to that person), whatever the
//   department (the GM office names a person only when the fault is that person's);
// - manufacturing without a person → the unit as named: the group when the path reaches a group,
//   else the section, else the whole department (P12); the members share it by base points (P13);
// - sales and service without a person → the department (or sub-unit) as named (P12, P15: an
//   individual is charged like a manufacturing group, a department like a whole section);
// - other internal departments (QA, warehouse, R&D, ...) → the person when named, else the unit;
// - a supplier or another company (first segment `supplier`, `external`, `other_company`,
//   `customer`) → no internal charge: the GM office pursues it with them (C15). Its share stays on
//   record as an external allocation, so the sum of the allocations is still the whole loss.

export type DepartmentKind = 'manufacturing' | 'sales_service' | 'external' | 'other';

const MANUFACTURING = new Set(['manufacturing', 'production']);
const SALES_SERVICE = new Set(['sales', 'service', 'service_dept']);
const EXTERNAL = new Set(['supplier', 'external', 'other_company', 'customer']);

/** A unit path: lower-case segments of letters, digits, `_` and `-`, separated by `/`. */
export const UNIT_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;

/** A person id: what the closing's `person` and the master data's id hold. */
export const PERSON_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** `' Manufacturing / Section-2 '` → `'manufacturing/section-2'`; spaces inside a segment become `-`. */
export function normaliseUnit(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .split('/')
    .map((s) => s.trim().replace(/\s+/g, '-'))
    .filter((s) => s !== '')
    .join('/');
}

export const topDepartment = (unit: string): string => normaliseUnit(unit).split('/')[0] ?? '';

export function departmentKind(department: string): DepartmentKind {
  const top = topDepartment(department);
  if (MANUFACTURING.has(top)) return 'manufacturing';
  if (SALES_SERVICE.has(top)) return 'sales_service';
  if (EXTERNAL.has(top)) return 'external';
  return 'other';
}

/** Whether a person of `personUnit` is a member of `unit` (the unit itself or any unit below it). */
export function isWithinUnit(personUnit: string, unit: string): boolean {
  const p = normaliseUnit(personUnit);
  const u = normaliseUnit(unit);
  return p === u || p.startsWith(`${u}/`);
}

/** How precisely a charge is placed: P12's group unit / section, P15's individual / department. */
export type ChargeScope = 'individual' | 'group' | 'section' | 'department';

export type ChargeTarget =
  | { kind: 'person'; person: string; scope: 'individual' }
  | { kind: 'unit'; unit: string; scope: Exclude<ChargeScope, 'individual'> }
  | { kind: 'external'; party: string };

export function unitScope(unit: string): Exclude<ChargeScope, 'individual'> {
  const depth = normaliseUnit(unit).split('/').length;
  if (depth <= 1) return 'department';
  if (depth === 2 && departmentKind(unit) === 'manufacturing') return 'section';
  return 'group';
}

/** P9, P12, P15: whom a responsible party's share is charged to when the GM office names no one else. */
export function defaultChargeTarget(party: { department: string; person?: string }): ChargeTarget {
  const kind = departmentKind(party.department);
  if (kind === 'external') return { kind: 'external', party: normaliseUnit(party.department) };
  if (party.person) return { kind: 'person', person: party.person.trim(), scope: 'individual' };
  const unit = normaliseUnit(party.department);
  return { kind: 'unit', unit, scope: unitScope(unit) };
}

/** A stable key for the party a charge goes to: `person:<id>`, `unit:<path>`, `external:<name>`. */
export function targetKey(t: ChargeTarget): string {
  return t.kind === 'person' ? `person:${t.person}` : t.kind === 'unit' ? `unit:${t.unit}` : `external:${t.party}`;
}

export function targetLabel(t: ChargeTarget): string {
  return t.kind === 'person' ? t.person : t.kind === 'unit' ? t.unit : `${t.party} (external)`;
}
