// O6: the customer and product files as people write them (zod schemas of the requests), the roles
// that keep and read them, and the follow-up call's record. Views are in views.ts.
import { z } from 'zod';
import { text, zDate } from '../fields';
import { type Role, hasAnyRole } from '../roles';
import { AREAS } from '../serviceCall/stages';
import { MIN_PHONE_SEARCH_DIGITS, maskPhone, phoneDigits } from './search';

/** Who keeps the customer and product files: the service department and the service-centre clerks. */
export const FILE_KEEPER_ROLES = ['service_dept', 'clerk'] as const satisfies readonly Role[];
/** Who reads the files (phones masked unless the role is in PHONE_ROLES). */
export const FILE_READ_ROLES = [
  'clerk', 'service_dept', 'service_supervisor', 'technician', 'branch_manager', 'accounting', 'sales', 'sales_manager', 'vp', 'gm', 'auditor', 'admin',
] as const satisfies readonly Role[];
/** G6: the roles that phone customers see their phones in full and may search by phone; every list masks them. */
export const PHONE_ROLES = ['clerk', 'service_dept', 'service_supervisor', 'technician'] as const satisfies readonly Role[];
/** Who reads a file: their roles decide whether phones show in full. */
export interface Reader {
  roles: readonly string[];
}
export const seesPhones = (reader: Reader): boolean => hasAnyRole(reader, PHONE_ROLES);
/** G6: a phone as this reader may see it. */
export const phoneFor = (reader: Reader, phone: string): string => (seesPhones(reader) ? phone : maskPhone(phone));

/**
 * A phone to search by: at least MIN_PHONE_SEARCH_DIGITS digits (0–9) among other characters; like
 * all request text, never U+0000.
 */
export const PHONE_SEARCH_TEXT = new RegExp(`^([^0-9\\u0000]*[0-9]){${MIN_PHONE_SEARCH_DIGITS}}[^\\u0000]*$`);
export const zPhoneSearch = z
  .string()
  .trim()
  .max(40)
  .refine((s) => (s.match(/[0-9]/g) ?? []).length >= MIN_PHONE_SEARCH_DIGITS, `give at least ${MIN_PHONE_SEARCH_DIGITS} digits`)
  .meta({ pattern: PHONE_SEARCH_TEXT.source })
  .describe(`at least ${MIN_PHONE_SEARCH_DIGITS} digits of a contact's phone`);

/** Who records follow-up calls (the service department's work, O6). */
export const FOLLOW_UP_ROLES = ['service_dept'] as const satisfies readonly Role[];
/** Who reads follow-up calls. */
export const FOLLOW_UP_READ_ROLES = ['service_dept', 'clerk', 'service_supervisor', 'branch_manager', 'vp', 'gm', 'auditor', 'admin'] as const satisfies readonly Role[];
/** Who imports files of each kind: contracts start their workflows, which only the service department records (S15). */
export const IMPORT_ROLES = {
  customers: FILE_KEEPER_ROLES,
  products: FILE_KEEPER_ROLES,
  contracts: ['service_dept'],
} as const satisfies Record<string, readonly Role[]>;

export const zPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,29}$/, 'must be a phone number (digits, spaces, +, -, parentheses)');

export const zCustomerCode = text(50);
export const zSerialNo = text(100);

const site = z
  .object({
    id: z.string().uuid('must be the id of one of the customer\'s sites').optional().describe('PATCH: the site kept (omit to add one)'),
    name: text(200).optional().describe('unique per customer; the address when omitted'),
    address: text(500),
    area: z.enum(AREAS).optional().describe('S14: the arrival time a call at this site gets'),
  })
  .strict();

const contact = z
  .object({
    id: z.string().uuid('must be the id of one of the customer\'s contacts').optional().describe('PATCH: the contact kept (omit to add one)'),
    name: text(100),
    title: text(100).optional(),
    phone: zPhone,
    site: text(200).optional().describe('the name of the site the contact is at'),
  })
  .strict();

const sitesAndContacts = {
  sites: z.array(site).max(100, 'at most 100 sites'),
  contacts: z.array(contact).max(100, 'at most 100 contacts'),
};

const uniqueSitesAndContacts = (c: { sites?: z.infer<typeof site>[]; contacts?: z.infer<typeof contact>[] }, ctx: z.RefinementCtx) => {
  const names = new Map<string, number>();
  (c.sites ?? []).forEach((s, i) => {
    const name = s.name ?? s.address;
    if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['sites', i, 'name'], message: `repeats site ${names.get(name)! + 1}` });
    names.set(name, i);
  });
  const phones = new Map<string, number>();
  (c.contacts ?? []).forEach((k, i) => {
    if (c.sites !== undefined && k.site !== undefined && !names.has(k.site)) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'site'], message: 'must name one of the sites' });
    const digits = phoneDigits(k.phone);
    if (phones.has(digits)) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'phone'], message: `repeats the phone of contact ${phones.get(digits)! + 1}` });
    phones.set(digits, i);
  });
};

/** A new customer file. */
export const zCustomerFiling = z
  .object({
    code: zCustomerCode.optional().describe('the customer number; given one when omitted (KH000123)'),
    name: text(200).describe('the customer\'s name as written, Chinese or not'),
    region: text(100).optional(),
    notes: text().optional(),
    sites: sitesAndContacts.sites.default([]),
    contacts: sitesAndContacts.contacts.default([]),
  })
  .strict()
  .superRefine(uniqueSitesAndContacts);
export type CustomerFiling = z.output<typeof zCustomerFiling>;

/** Changes to a customer file; `sites` and `contacts`, when given, are the complete lists (entries with an id are kept and changed). */
export const zCustomerPatch = z
  .object({
    code: zCustomerCode.optional(),
    name: text(200).optional(),
    region: text(100).nullable().optional(),
    notes: text().nullable().optional(),
    sites: sitesAndContacts.sites.optional(),
    contacts: sitesAndContacts.contacts.optional(),
  })
  .strict()
  .superRefine(uniqueSitesAndContacts)
  .refine((p) => Object.keys(p).length > 0, { message: 'change at least one field', path: ['(body)'] })
  .meta({ minProperties: 1 });
export type CustomerPatch = z.output<typeof zCustomerPatch>;

const productDates = {
  acceptedOn: zDate().describe('accepted on arrival (到货验收), YYYY-MM-DD'),
  installedOn: zDate().describe('installed, YYYY-MM-DD'),
  commissionedOn: zDate().describe('commissioned (调试), YYYY-MM-DD'),
  warrantyUntil: zDate().describe('the last day of the warranty, YYYY-MM-DD (S1: calls until then are category C)'),
};

export interface ProductDates {
  acceptedOn?: string | null;
  installedOn?: string | null;
  commissionedOn?: string | null;
  warrantyUntil?: string | null;
}

/** The order a product's dates must keep: accepted, then installed, then commissioned; the warranty ends after acceptance. Field → message. */
export function productDateProblems(d: ProductDates): { field: keyof ProductDates; message: string }[] {
  const problems: { field: keyof ProductDates; message: string }[] = [];
  if (d.acceptedOn && d.installedOn && d.installedOn < d.acceptedOn) problems.push({ field: 'installedOn', message: 'must not be before acceptedOn' });
  const before = d.installedOn ?? d.acceptedOn;
  if (before && d.commissionedOn && d.commissionedOn < before) {
    problems.push({ field: 'commissionedOn', message: `must not be before ${d.installedOn ? 'installedOn' : 'acceptedOn'}` });
  }
  if (d.acceptedOn && d.warrantyUntil && d.warrantyUntil < d.acceptedOn) problems.push({ field: 'warrantyUntil', message: 'must not be before acceptedOn' });
  return problems;
}

const refineDates = (d: ProductDates, ctx: z.RefinementCtx) => {
  for (const p of productDateProblems(d)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
};

/** A product entering the installed base. */
export const zProductFiling = z
  .object({
    serialNo: zSerialNo,
    model: text(100),
    customerId: z.string().uuid('must be the id of a customer'),
    siteId: z.string().uuid('must be the id of one of the customer\'s sites').optional(),
    acceptedOn: productDates.acceptedOn.optional(),
    installedOn: productDates.installedOn.optional(),
    commissionedOn: productDates.commissionedOn.optional(),
    warrantyUntil: productDates.warrantyUntil.optional(),
    serviceLevel: text(50).optional().describe('the service level agreed for it, e.g. standard, priority'),
  })
  .strict()
  .superRefine(refineDates);
export type ProductFiling = z.output<typeof zProductFiling>;

/** Changes to a product file (the serial number is its identity and stays); null clears a field. */
export const zProductPatch = z
  .object({
    model: text(100).optional(),
    customerId: z.string().uuid('must be the id of a customer').optional().describe('a change of owner'),
    siteId: z.string().uuid('must be the id of one of the customer\'s sites').nullable().optional(),
    acceptedOn: productDates.acceptedOn.nullable().optional(),
    installedOn: productDates.installedOn.nullable().optional(),
    commissionedOn: productDates.commissionedOn.nullable().optional(),
    warrantyUntil: productDates.warrantyUntil.nullable().optional(),
    serviceLevel: text(50).nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'change at least one field', path: ['(body)'] })
  .meta({ minProperties: 1 });
export type ProductPatch = z.output<typeof zProductPatch>;

/** O6: the outcome of one follow-up call. */
export const zFollowUpRecord = z
  .object({
    reached: z.boolean().describe('whether the customer was reached'),
    satisfied: z.boolean().optional().describe('required when reached: whether the customer is satisfied with the repair'),
    remarks: text().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.reached && r.satisfied === undefined) ctx.addIssue({ code: 'custom', path: ['satisfied'], message: 'is required when the customer was reached' });
    if (!r.reached && r.satisfied !== undefined) ctx.addIssue({ code: 'custom', path: ['satisfied'], message: 'must be left out when the customer was not reached' });
  });
export type FollowUpRecord = z.infer<typeof zFollowUpRecord>;

export const FOLLOW_UP_STATUSES = ['scheduled', 'due', 'done', 'unreached'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUpAttempt {
  at: string;
  by: { id: string; name: string };
  reached: boolean;
  satisfied: boolean | null;
  remarks: string | null;
}

/**
 * O6: a follow-up after one more attempt. Reaching the customer completes it; a customer not reached
 * after `maxAttempts` attempts leaves it unreached; otherwise it stays due for another try.
 */
export function followUpAfter(attempts: readonly FollowUpAttempt[], maxAttempts: number): { status: FollowUpStatus; satisfied: boolean | null } {
  const reached = attempts.find((a) => a.reached);
  if (reached) return { status: 'done', satisfied: reached.satisfied };
  return { status: attempts.length >= maxAttempts ? 'unreached' : 'due', satisfied: null };
}
