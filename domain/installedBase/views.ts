// O6: the customer and product files, a machine's service history, follow-up calls and imports as
// the API returns them (zod schemas: the OpenAPI document describes them).
import { z } from 'zod';
import { AREAS, CALL_CATEGORIES, SERVICE_CALL_STAGES } from '../serviceCall/stages';
import { zServiceCallView } from '../serviceCall/views';
import { date, instant, yuan, zPerson } from '../viewFields';
import { FOLLOW_UP_STATUSES } from './schemas';

const phone = z.string().describe('in full for the roles that phone customers (clerk, service_dept, service_supervisor, technician); masked (every digit but the last four) for everyone else and in every list');

export const zCustomerSiteView = z
  .object({ id: z.string(), name: z.string(), address: z.string(), area: z.enum(AREAS).nullable() })
  .strict();

export const zCustomerContactView = z
  .object({ id: z.string(), name: z.string(), title: z.string().nullable(), phone, siteId: z.string().nullable() })
  .strict();

/** A customer as other files name it. */
export const zCustomerRef = z.object({ id: z.string(), code: z.string(), name: z.string() }).strict();

/** The maintenance contract covering a product (S15), as the product file shows it. */
export const zProductContract = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.enum(['active', 'expired']),
    startsOn: date(),
    endsOn: date(),
    activeToday: z.boolean().describe('S1: covers the product today, so a call now is category B'),
  })
  .strict();

export const zProductSummary = z
  .object({
    id: z.string(),
    serialNo: z.string(),
    model: z.string(),
    customer: zCustomerRef,
    site: z.object({ id: z.string(), name: z.string() }).strict().nullable(),
    warrantyUntil: date().nullable(),
    inWarranty: z.boolean().describe('the warranty runs today (S1: a call now is category C unless a contract covers it)'),
    contract: zProductContract.nullable().describe('the contract covering it today, else the one that ended last'),
    serviceLevel: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'ProductSummary', description: 'A product of the installed base, as lists show it' });
export type ProductSummary = z.infer<typeof zProductSummary>;

/** One service call on a machine, as its service history shows it. */
export const zServiceHistoryEntry = z
  .object({
    callId: z.string(),
    number: z.string().nullable(),
    serialNo: z.string().nullable(),
    registeredAt: instant(),
    status: z.enum(['open', 'closed']),
    stage: z.enum(SERVICE_CALL_STAGES),
    category: z.enum(CALL_CATEGORIES),
    description: z.string(),
    technician: z.string().nullable().describe("the technician's name"),
    path: z.enum(['on_site', 'carry_in']).nullable(),
    workMinutes: z.number().int(),
    parts: z.array(z.object({ partNo: z.string(), quantity: z.number().int(), cost: yuan() }).strict()).describe('parts replaced, as recorded on the call'),
    closedAt: instant().nullable(),
    survey: z
      .object({ answeredAt: instant(), attitude: z.number().int(), skill: z.number().int(), arrival: z.number().int(), promise: z.number().int(), comment: z.string().nullable() })
      .strict()
      .nullable()
      .describe("the customer's answered survey (S16, S17)"),
    surveyComplaint: z.object({ severity: z.enum(['serious', 'general']), text: z.string() }).strict().nullable().describe('a complaint made in the survey (S18)'),
    followUp: z.object({ id: z.string(), status: z.enum(FOLLOW_UP_STATUSES), satisfied: z.boolean().nullable() }).strict().nullable(),
  })
  .strict()
  .meta({ id: 'ServiceHistoryEntry', description: 'One service call on a machine' });
export type ServiceHistoryEntry = z.infer<typeof zServiceHistoryEntry>;

/** A quality complaint on the product's part number (the model), linked by that number. */
export const zLinkedComplaint = z
  .object({ id: z.string(), number: z.string().nullable(), status: z.string(), partNo: z.string(), createdAt: instant() })
  .strict();

export const zProductView = zProductSummary
  .extend({
    site: zCustomerSiteView.nullable(),
    acceptedOn: date().nullable(),
    installedOn: date().nullable(),
    commissionedOn: date().nullable(),
    contracts: z.array(zProductContract).describe('every maintenance contract that covers or covered it'),
    serviceHistory: z.array(zServiceHistoryEntry).describe('its service calls, newest first (at most 100)'),
    complaints: z.array(zLinkedComplaint).describe('quality complaints on its model as part number, newest first (at most 20)'),
    createdAt: instant(),
    updatedAt: instant(),
  })
  .strict()
  .meta({ id: 'Product', description: 'A product of the installed base with its service history (O6)' });
export type ProductView = z.infer<typeof zProductView>;

export const zCustomerSummary = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    region: z.string().nullable(),
    phone: z.string().nullable().describe("the first contact's phone, masked"),
    sites: z.number().int(),
    products: z.number().int(),
  })
  .strict()
  .meta({ id: 'CustomerSummary', description: 'A customer file, as lists show it' });

export const zCustomerView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    region: z.string().nullable(),
    notes: z.string().nullable(),
    sites: z.array(zCustomerSiteView),
    contacts: z.array(zCustomerContactView),
    products: z.array(zProductSummary).describe('its installed base (at most 500)'),
    serviceHistory: z.array(zServiceHistoryEntry).describe('the service calls on its products, newest first (at most 100)'),
    createdAt: instant(),
    updatedAt: instant(),
  })
  .strict()
  .meta({ id: 'Customer', description: 'A customer file with its installed base and service history (O6)' });
export type CustomerView = z.infer<typeof zCustomerView>;

/** What a service call shows of its machine: the file it was matched to and the machine's other calls. */
export const zMachineView = z
  .object({
    product: zProductSummary,
    serviceHistory: z.array(zServiceHistoryEntry).describe('the other service calls on this serial number, newest first (at most 50)'),
    complaints: z.array(zLinkedComplaint),
  })
  .strict()
  .meta({ id: 'Machine', description: 'The installed-base file of a service call\'s product and its service history (O6)' });
export type MachineView = z.infer<typeof zMachineView>;

/** A service call with its machine's file and history (O6), as registering and reading one answer. */
export const zServiceCallWithMachine = zServiceCallView
  .extend({
    machine: zMachineView
      .nullable()
      .describe("the installed-base file of the call's serial number and the machine's other calls; null when the serial number is not on file"),
  })
  .strict()
  .meta({ id: 'ServiceCallWithMachine', description: 'A service call as its workflow holds it, with its machine (O6)' });

export const zFollowUpView = z
  .object({
    id: z.string(),
    callId: z.string(),
    callNumber: z.string().nullable(),
    customer: z.object({ name: z.string(), phone }).strict(),
    serialNo: z.string().nullable(),
    status: z.enum(FOLLOW_UP_STATUSES).describe('scheduled: waiting for its day; due: in the service department\'s tasks; done: the customer was reached; unreached: not reached after FOLLOW_UP_ATTEMPTS tries'),
    dueAt: instant(),
    openedAt: instant().nullable(),
    attempts: z.array(
      z.object({ at: instant(), by: zPerson, reached: z.boolean(), satisfied: z.boolean().nullable(), remarks: z.string().nullable() }).strict(),
    ),
    satisfied: z.boolean().nullable(),
    closedAt: instant().nullable(),
  })
  .strict()
  .meta({ id: 'FollowUp', description: 'A follow-up call after a service call closed (O6)' });
export type FollowUpView = z.infer<typeof zFollowUpView>;

export const zImportProblem = z
  .object({
    row: z.number().int().describe('the spreadsheet row; 1 is the header row'),
    column: z.string().nullable().describe('the column as the file names it; null for the whole row'),
    field: z.string().nullable().describe('the column it maps to (docs/IMPORTS.md)'),
    severity: z.enum(['error', 'warning']).describe('errors stop the import; warnings are told and the row goes in'),
    message: z.string(),
  })
  .strict()
  .meta({ id: 'ImportProblem', description: 'A problem of one row and column of an import' });

export const zImportView = z
  .object({
    id: z.string(),
    kind: z.enum(['customers', 'products', 'contracts']),
    dryRun: z.boolean().describe('only checked; nothing was or will be written'),
    status: z
      .enum(['checked', 'queued', 'running', 'failed', 'done'])
      .describe('checked: a dry run, finished; queued, running: the job is under way; failed: errors (see problems), nothing written; done: written and every contract workflow started'),
    fileType: z.enum(['csv', 'xlsx']),
    rows: z
      .object({
        total: z.number().int().describe('data rows in the file (blank rows not counted)'),
        checked: z.number().int(),
        written: z.number().int().describe('rows written, in one transaction'),
      })
      .strict(),
    counts: z
      .object({
        created: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int().describe('already on file as the row gives them (a re-run of the same file changes nothing)'),
      })
      .strict()
      .describe('records: customers (with their sites and contacts), products or contracts'),
    contracts: z
      .object({
        toStart: z.number().int().describe('contract workflows this import starts (contracts that ended before the import are filed as expired, without a workflow)'),
        started: z.number().int(),
      })
      .strict(),
    errorCount: z.number().int(),
    problemCount: z.number().int(),
    problems: z.array(zImportProblem).describe('by row and column; the first 5000'),
    createdBy: zPerson,
    createdAt: instant(),
    startedAt: instant().nullable(),
    finishedAt: instant().nullable(),
    error: z.string().nullable().describe('why the job stopped, when it failed other than on the rows\' problems'),
  })
  .strict()
  .meta({ id: 'Import', description: 'An import of customers, products or contracts, its progress and its problems (O6)' });
export type ImportView = z.infer<typeof zImportView>;
