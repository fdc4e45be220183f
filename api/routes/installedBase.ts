// Installed base and customer files (O6): customers with their sites and contacts, products by
// serial number with their service history, follow-up calls after repairs, and imports of
// customers, products and contracts from CSV or XLSX files (dry run, then a job).
import { AppError } from '../../domain/errors';
import { text } from '../../domain/fields';
import { IMPORT_KINDS, IMPORT_STATUSES, type ImportFileType } from '../../domain/installedBase/imports';
import {
  FILE_KEEPER_ROLES,
  FILE_READ_ROLES,
  FOLLOW_UP_READ_ROLES,
  FOLLOW_UP_ROLES,
  FOLLOW_UP_STATUSES,
  IMPORT_ROLES,
  productDateProblems,
  seesPhones,
  zCustomerFiling,
  zCustomerPatch,
  zFollowUpRecord,
  zPhoneSearch,
  zProductFiling,
  zProductPatch,
} from '../../domain/installedBase/schemas';
import { zCustomerSummary, zCustomerView, zFollowUpView, zImportView, zProductSummary, zProductView } from '../../domain/installedBase/views';
import { localDateIn } from '../../domain/localTime';
import { type Role, hasAnyRole } from '../../domain/roles';
import { createCustomer, customerView, listCustomers, patchCustomer } from '../../services/customers';
import { followUpView, listFollowUps, recordFollowUp } from '../../services/followUps';
import { fileImport, importView, listImports } from '../../services/imports';
import { createProduct, listProducts, patchProduct, productView } from '../../services/products';
import { importJobFinished, startImportJob } from '../../temporal/imports';
import type { ApiDeps, RouteModule } from '../context';
import { idempotentResponse } from '../http';
import { IMPORT_CONTENT_TYPES, XLSX_TYPE, readImportFile } from '../importFiles';
import { page, zBooleanQuery, zIdParam, zPageQuery } from '../schemas/common';
import { z } from '../zod';

const zSerialParam = z.object({ serialNo: z.string().min(1).max(100).openapi({ param: { name: 'serialNo', in: 'path' } }) });
const search = text(200);

export const installedBaseRoutes: RouteModule = (routes, deps: ApiDeps) => {
  const today = () => localDateIn(deps.config.timeZone, deps.now());
  const by = (user: { id: string; name: string }) => ({ id: user.id, name: user.name });

  // ---- customers ----

  routes.add({
    method: 'get',
    path: '/api/v1/customers',
    summary: 'Customer files (O6) by a part of their code or name (Chinese included, full-width folded), by phone (the roles that phone customers), by region; phones masked',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_READ_ROLES,
    query: z
      .object({
        q: search.optional().describe('a part of the customer code or name'),
        phone: zPhoneSearch.optional(),
        region: z.string().max(100).optional(),
        ...zPageQuery,
      })
      .strict(),
    response: page(zCustomerSummary),
    handler: async ({ query, user }) => {
      if (query.phone !== undefined) {
        if (!seesPhones(user)) throw new AppError('forbidden', 'Only the roles that phone customers search by phone (G6).');
      }
      return { body: await listCustomers(deps.db, query) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/customers',
    summary: 'Open a customer file (O6) with its sites and contacts; a code already on file → 409',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_KEEPER_ROLES,
    body: zCustomerFiling,
    response: zCustomerView,
    handler: async ({ body, user }) => {
      const id = await createCustomer(deps.db, body, by(user), deps.now());
      return { status: 201, body: await customerView(deps.db, id, user, today()) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/customers/{id}',
    summary: 'A customer file (O6) with its sites, contacts, products and the service history of its products',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_READ_ROLES,
    params: zIdParam,
    response: zCustomerView,
    handler: async ({ params, user }) => ({ body: await customerView(deps.db, params.id, user, today()) }),
  });

  routes.add({
    method: 'patch',
    path: '/api/v1/customers/{id}',
    summary: 'Change a customer file (O6); sites and contacts, when given, are the complete lists',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_KEEPER_ROLES,
    params: zIdParam,
    body: zCustomerPatch,
    response: zCustomerView,
    handler: async ({ params, body, user }) => {
      await patchCustomer(deps.db, params.id, body, user, deps.now());
      return { body: await customerView(deps.db, params.id, user, today()) };
    },
  });

  // ---- products ----

  routes.add({
    method: 'get',
    path: '/api/v1/products',
    summary: 'The installed base (O6) by a part of serial number, model or customer code or name (Chinese included), by customer, by model',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_READ_ROLES,
    query: z
      .object({
        q: search.optional().describe('a part of the serial number, model, customer code or customer name'),
        customerId: z.string().uuid('must be the id of a customer').optional(),
        model: z.string().max(100).optional().describe('the model exactly'),
        ...zPageQuery,
      })
      .strict(),
    response: page(zProductSummary),
    handler: async ({ query }) => ({ body: await listProducts(deps.db, query, today()) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/products',
    summary: 'Put a product into the installed base (O6) by its serial number; a serial number already on file → 409',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_KEEPER_ROLES,
    body: zProductFiling,
    response: zProductView,
    handler: async ({ body, user }) => {
      await createProduct(deps.db, body, user, deps.now());
      return { status: 201, body: await productView(deps.db, body.serialNo, user, today()) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/products/{serialNo}',
    summary: 'A product file (O6): owner, site, dates, warranty, contracts, and its service history (calls, repairs, parts, surveys, follow-ups) and the complaints on its model',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_READ_ROLES,
    params: zSerialParam,
    response: zProductView,
    handler: async ({ params, user }) => ({ body: await productView(deps.db, params.serialNo, user, today()) }),
  });

  routes.add({
    method: 'patch',
    path: '/api/v1/products/{serialNo}',
    summary: 'Change a product file (O6): owner, site, dates, warranty end, service level; null clears a field',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_KEEPER_ROLES,
    params: zSerialParam,
    body: zProductPatch,
    response: zProductView,
    handler: async ({ params, body, user }) => {
      await patchProduct(deps.db, params.serialNo, body, user, deps.now(), (merged) => {
        const problems = productDateProblems(merged);
        if (problems.length) throw new AppError('invalid_input', 'The request body is invalid.', problems.map((p) => ({ field: p.field, message: p.message })));
      });
      return { body: await productView(deps.db, params.serialNo, user, today()) };
    },
  });

  // ---- follow-up calls ----

  routes.add({
    method: 'get',
    path: '/api/v1/follow-ups',
    summary: 'Follow-up calls after repairs (O6), the earliest due first; phones masked',
    tags: ['installed base'],
    access: 'user',
    roles: FOLLOW_UP_READ_ROLES,
    query: z.object({ status: z.enum(FOLLOW_UP_STATUSES).optional(), callId: z.string().uuid().optional(), ...zPageQuery }).strict(),
    response: page(zFollowUpView),
    handler: async ({ query }) => ({ body: await listFollowUps(deps.db, query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/follow-ups/{id}',
    summary: 'A follow-up call (O6) with its attempts; the phone in full for the roles that phone customers',
    tags: ['installed base'],
    access: 'user',
    roles: FOLLOW_UP_READ_ROLES,
    params: zIdParam,
    response: zFollowUpView,
    handler: async ({ params, user }) => ({ body: await followUpView(deps.db, params.id, user) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/follow-ups/{id}/attempts',
    summary: 'Record one attempt at a follow-up call (O6): reached (satisfied or not) completes it; not reached FOLLOW_UP_ATTEMPTS times leaves it unreached. Before it is due, or once completed → 409',
    tags: ['installed base'],
    access: 'user',
    roles: FOLLOW_UP_ROLES,
    params: zIdParam,
    body: zFollowUpRecord,
    successStatus: 200,
    response: zFollowUpView,
    handler: async ({ params, body, user }) => ({
      status: 200,
      body: await recordFollowUp(deps.db, params.id, body, by(user), deps.now(), deps.config.installedBase.followUpAttempts, user),
    }),
  });

  // ---- imports ----

  routes.add({
    method: 'post',
    path: '/api/v1/imports',
    summary:
      'Import customers, products or contracts (?kind=) (O6) from a CSV (UTF-8 or GB18030) or XLSX file sent as the body. ?dryRun=true checks every row and answers 200 with every problem by row and column, writing nothing. Otherwise the import is a job: it writes all its rows in one transaction (or none, when a row has an error) and starts each new contract\'s workflow once; 201 when it finished within IMPORT_WAIT, else 202 with Location, the job\'s address. Re-running the same file creates nothing twice',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_KEEPER_ROLES,
    query: z
      .object({ kind: z.enum(IMPORT_KINDS).describe('what the file holds'), dryRun: zBooleanQuery.optional().describe('check only; nothing is written') })
      .strict(),
    upload: {
      contentTypes: IMPORT_CONTENT_TYPES,
      limit: deps.config.installedBase.importMaxBytes,
      description: 'the file: text/csv, or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (the sheet named after the kind, else the first)',
    },
    response: zImportView,
    handler: async ({ req, query, user }) => {
      const allowed: readonly Role[] = IMPORT_ROLES[query.kind];
      if (!hasAnyRole(user, allowed)) throw new AppError('forbidden', `Importing ${query.kind} is for: ${allowed.join(', ')}.`);
      const dryRun = query.dryRun ?? false;
      const bytes = req.body as Buffer;
      const fileType: ImportFileType = req.is(XLSX_TYPE) ? 'xlsx' : 'csv';
      const result = await deps.idempotency.run(
        { userId: user.id, scope: `POST /api/v1/imports?kind=${query.kind}${dryRun ? '&dryRun' : ''}`, key: req.get('Idempotency-Key'), body: bytes },
        async (id) => {
          const table = await readImportFile(bytes, fileType, query.kind, deps.config.installedBase.importMaxRows);
          const filed = await fileImport(deps.db, {
            id,
            kind: query.kind,
            dryRun,
            fileType,
            table,
            rules: { timeZone: deps.config.timeZone, contractNoticeLeadMs: deps.config.service.contractNoticeLeadMs },
            by: by(user),
            now: deps.now(),
          });
          if (dryRun) return { status: 200, body: filed };
          await startImportJob(deps.temporal, deps.config.temporal.taskQueue, id);
          const finished = await importJobFinished(deps.temporal, id, deps.config.installedBase.importWaitMs);
          return { status: finished ? 201 : 202, body: await importView(deps.db, id) };
        },
      );
      const response = idempotentResponse(result);
      const id = (result.body as { id?: string }).id;
      if (id) response.headers = { ...response.headers, Location: `/api/v1/imports/${id}` };
      return response;
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/imports',
    summary: 'Imports (O6), the newest first',
    tags: ['installed base'],
    access: 'user',
    roles: FILE_KEEPER_ROLES,
    query: z.object({ kind: z.enum(IMPORT_KINDS).optional(), status: z.enum(IMPORT_STATUSES).optional(), ...zPageQuery }).strict(),
    response: page(zImportView),
    handler: async ({ query }) => ({ body: await listImports(deps.db, query) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/imports/{id}',
    summary: "An import (O6): its status, counts, contracts started and every problem by row and column (the address a 202 gives)",
    tags: ['installed base'],
    access: 'user',
    roles: FILE_KEEPER_ROLES,
    params: zIdParam,
    response: zImportView,
    handler: async ({ params }) => ({ body: await importView(deps.db, params.id) }),
  });
};
