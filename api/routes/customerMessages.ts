// The customer-message outbox (S15, S16): what the platform owes customers, how each message went
// out, and the staff's way of sending what the gateway did not (services/customerMessages.ts).
import { CUSTOMER_MESSAGE_STATUSES, STAFF_CHANNELS, listCustomerMessages, sendByStaff, zCustomerMessage, zStaffDelivery } from '../../services/customerMessages';
import type { ApiDeps, RouteModule } from '../context';
import { page, zIdParam, zPageQuery } from '../schemas/common';
import { z } from '../zod';

export const customerMessageRoutes: RouteModule = (routes, deps: ApiDeps) => {
  routes.add({
    method: 'get',
    path: '/api/v1/customer-messages',
    summary: 'The outbox of messages to customers (S15 expiry notices, S16 survey links, S18 replies); status=to_staff lists what staff must send',
    tags: ['customer messages'],
    access: 'user',
    roles: ['clerk', 'service_dept', 'service_supervisor', 'branch_manager', 'auditor', 'admin'],
    query: z
      .object({
        status: z.enum(CUSTOMER_MESSAGE_STATUSES).optional(),
        kind: z.enum(['survey_link', 'contract_expiry', 'complaint_reply']).optional(),
        caseId: z.string().uuid('must be a UUID').optional(),
        ...zPageQuery,
      })
      .strict(),
    response: page(zCustomerMessage),
    handler: async ({ query }) => ({ body: await listCustomerMessages(deps.db, query) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/customer-messages/{id}/send',
    summary:
      'Record that a staff member sent the message (by SMS, phone, e-mail, letter or in person). For a survey link this issues the link to give the customer; sending it again before the survey is answered issues a new one and the earlier link stops working. Survey links: clerk or service_dept; expiry notices: service_dept',
    tags: ['customer messages'],
    access: 'user',
    roles: ['clerk', 'service_dept'],
    params: zIdParam,
    body: z.object({ channel: z.enum(STAFF_CHANNELS) }).strict(),
    successStatus: 200,
    response: zStaffDelivery,
    handler: async ({ params, body, user }) => ({
      status: 200,
      body: await sendByStaff(deps.db, deps.config.customerMessages, params.id, user, body, deps.now()),
    }),
  });
};
