// The customer-message outbox (S15 expiry notices, S16 survey links). Every message to a customer
// is a CustomerMessage row. When a gateway is configured (CUSTOMER_GATEWAY_URL: the company's SMS,
// e-mail or letter service) the worker posts the message to it; a failure is retried by the
// activity, and after CUSTOMER_GATEWAY_ATTEMPTS failures (or at once when the gateway refuses the
// message outright) the message is handed to staff. Without a gateway every message is handed to
// staff: a work item in /tasks for the roles that send that kind, and the outbox lists it until a
// staff member records how it went out (for a survey link, that call issues the link to give).
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CustomerMessagesConfig } from '../config';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import type { CustomerMessage } from '../generated/prisma-sqlite/client';
import { AppError } from '../domain/errors';
import type { Role } from '../domain/roles';
import { hashToken } from './tokens';
import { completeWorkItems, upsertWorkItem } from './workItems';

export const CUSTOMER_MESSAGE_STATUSES = ['sending', 'to_staff', 'sent'] as const;
export type CustomerMessageStatus = (typeof CUSTOMER_MESSAGE_STATUSES)[number];
export const STAFF_CHANNELS = ['sms', 'phone', 'email', 'letter', 'in_person'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];
/** survey_link (S16), contract_expiry (S15), complaint_reply (S18). */
export const CUSTOMER_MESSAGE_KINDS = ['survey_link', 'contract_expiry', 'complaint_reply'] as const;
export type CustomerMessageKind = (typeof CUSTOMER_MESSAGE_KINDS)[number];
/** How a message goes out: the gateway's channel (sms, letter), the staff's (STAFF_CHANNELS), or a complaint reply's (letter, phone, written). */
export const CUSTOMER_MESSAGE_CHANNELS = ['sms', 'phone', 'email', 'letter', 'in_person', 'written'] as const;
export type CustomerMessageChannel = (typeof CUSTOMER_MESSAGE_CHANNELS)[number];
export const CUSTOMER_MESSAGE_CASE_TYPES = ['service_call', 'contract'] as const;
export type CustomerMessageCaseType = (typeof CUSTOMER_MESSAGE_CASE_TYPES)[number];

/** Who sends each kind of message when the gateway does not. */
export const STAFF_ROLES_FOR: Record<string, Role[]> = {
  survey_link: ['clerk', 'service_dept'],
  contract_expiry: ['service_dept'],
};
const staffRolesFor = (kind: string): Role[] => STAFF_ROLES_FOR[kind] ?? ['service_dept'];

/** Every digit but the last four hidden: `+86 512 6666 1234` → `+** *** **** 1234`. */
export function maskPhone(phone: string): string {
  const digits = (phone.match(/\d/g) ?? []).length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen <= digits - 4 ? '*' : d));
}

/** How to reach a customer: the full contact. */
export const zCustomerContact = z
  .object({ name: z.string(), phone: z.string().optional(), address: z.string().optional() })
  .strict()
  .meta({ id: 'CustomerContact', description: "A customer's name with their phone and address where known" });
export type CustomerContact = z.infer<typeof zCustomerContact>;

/** What the gateway receives (POST, JSON). `text` is complete; `link` is set for a survey. */
export interface OutgoingCustomerMessage {
  id: string;
  kind: string;
  channel: string;
  caseType: string;
  caseId: string;
  to: CustomerContact;
  text: string;
  link?: string;
}

export class GatewayError extends Error {
  constructor(
    message: string,
    /** The gateway refused the message itself (a 4xx): retrying cannot help. */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/**
 * Posts one message to the gateway. 2xx = accepted; 408, 429 and 5xx or no answer = try again;
 * any other 4xx = refused. `Idempotency-Key` lets the gateway drop a repeat of the same content.
 */
export async function postToGateway(gateway: NonNullable<CustomerMessagesConfig['gateway']>, message: OutgoingCustomerMessage, idempotencyKey: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
        ...(gateway.token ? { authorization: `Bearer ${gateway.token}` } : {}),
      },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(gateway.timeoutMs),
    });
  } catch (err) {
    throw new GatewayError(`gateway unreachable: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`, false);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.ok) return;
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  throw new GatewayError(`gateway answered ${res.status}`, !retryable);
}

export interface CustomerMessageDraft {
  dedupeKey: string;
  caseType: CustomerMessageCaseType;
  caseId: string;
  kind: CustomerMessageKind;
  channel: CustomerMessageChannel;
  /** For display: name and masked phone or address. */
  recipient: string;
  /** The text kept, without credentials. */
  body: string;
  at: Date;
}

/** Writes the message once per dedupe key; returns the row (the first one on a repeat). */
export async function queueCustomerMessage(db: Database, m: CustomerMessageDraft, status: CustomerMessageStatus): Promise<CustomerMessage> {
  return db.customerMessage.upsert({
    where: { dedupeKey: m.dedupeKey },
    update: {},
    create: { id: randomUUID(), ...m, status },
  });
}

const staffTaskKey = (messageId: string) => `${messageId}:task:customer_message`;

const KIND_WORDS: Record<string, string> = {
  survey_link: 'the opinion survey link (S16)',
  contract_expiry: 'the contract expiry notice (S15)',
};

/** Marks the message for staff and gives them the task, together: nobody sees one without the other. */
async function handToStaff(db: Database, message: CustomerMessage, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.customerMessage.updateMany({ where: { id: message.id, status: { not: 'sent' } }, data: { status: 'to_staff' } });
    await upsertWorkItem(tx, {
      dedupeKey: staffTaskKey(message.id),
      kind: 'customer_message',
      caseType: message.caseType,
      caseId: message.caseId,
      roles: staffRolesFor(message.kind),
      title: `Send ${KIND_WORDS[message.kind] ?? message.kind} to ${message.recipient}.`,
      dueAt: new Date(now.getTime() + 24 * 3600_000),
      at: now,
    });
  });
}

export type DeliveryOutcome = 'sent' | 'to_staff';

/**
 * Delivers a queued message: through the gateway when there is one, else to staff. `compose`
 * builds the outgoing message (and any credential in it) just before each attempt. Throws on a
 * failure worth retrying while attempts remain; the caller (an activity) is retried.
 */
export async function deliverCustomerMessage(
  db: Database,
  config: CustomerMessagesConfig,
  message: CustomerMessage,
  compose: () => Promise<OutgoingCustomerMessage>,
  now: Date,
): Promise<DeliveryOutcome> {
  const current = await db.customerMessage.findUniqueOrThrow({ where: { id: message.id } });
  if (current.status === 'sent') return 'sent';
  if (current.status === 'to_staff' && current.attempts > 0) return 'to_staff';
  if (!config.gateway) {
    await handToStaff(db, current, now);
    return 'to_staff';
  }
  const outgoing = await compose();
  try {
    await postToGateway(config.gateway, outgoing, `${current.id}:${current.attempts}`);
  } catch (err) {
    const e = err instanceof GatewayError ? err : new GatewayError(String(err), false);
    const attempts = current.attempts + 1;
    await db.customerMessage.update({ where: { id: current.id }, data: { attempts, lastError: e.message.slice(0, 500) } });
    if (e.permanent || attempts >= config.maxAttempts) {
      await handToStaff(db, current, now);
      return 'to_staff';
    }
    throw e;
  }
  await db.customerMessage.updateMany({ where: { id: current.id, status: { not: 'sent' } }, data: { status: 'sent', sentAt: now, sentBy: 'gateway', lastError: null } });
  return 'sent';
}

export const zCustomerMessage = z
  .object({
    id: z.string(),
    kind: z.enum(CUSTOMER_MESSAGE_KINDS).describe('survey_link (S16), contract_expiry (S15), complaint_reply (S18)'),
    channel: z.enum(CUSTOMER_MESSAGE_CHANNELS).describe('how it goes or went out'),
    caseType: z.enum(CUSTOMER_MESSAGE_CASE_TYPES),
    caseId: z.string(),
    recipient: z.string().describe('name and masked phone or address'),
    body: z.string().describe('the text, without any credential (a survey link is never kept)'),
    at: z.string().describe('when it was queued, ISO-8601 instant'),
    status: z.enum(CUSTOMER_MESSAGE_STATUSES).describe('sending: with the gateway · to_staff: waiting for staff to send it · sent'),
    sentAt: z.string().nullable().describe('ISO-8601 instant'),
    sentBy: z.string().nullable().describe('"gateway" or the id of the staff member'),
    attempts: z.number().int().describe('failed gateway attempts'),
    lastError: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'CustomerMessage', description: 'A message to a customer in the outbox (S15, S16, S18)' });
export type CustomerMessageView = z.infer<typeof zCustomerMessage>;

// The columns hold only the values this file and its callers write (CustomerMessageDraft, sendByStaff).
export const customerMessageView = (m: CustomerMessage): CustomerMessageView => ({
  id: m.id,
  kind: m.kind as CustomerMessageKind,
  channel: m.channel as CustomerMessageChannel,
  caseType: m.caseType as CustomerMessageCaseType,
  caseId: m.caseId,
  recipient: m.recipient,
  body: m.body,
  at: m.at.toISOString(),
  status: m.status as CustomerMessageStatus,
  sentAt: m.sentAt?.toISOString() ?? null,
  sentBy: m.sentBy,
  attempts: m.attempts,
  lastError: m.lastError,
});

export async function listCustomerMessages(
  db: Database,
  q: { status?: string; kind?: string; caseId?: string; limit: number; cursor?: string },
): Promise<{ items: CustomerMessageView[]; nextCursor: string | null }> {
  const rows = await db.customerMessage.findMany({
    where: { ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.caseId ? { caseId: q.caseId } : {}) },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    ...pageArgs(q),
  });
  return pageOf(rows, q, customerMessageView);
}

export const zStaffDelivery = z
  .object({
    message: zCustomerMessage,
    contact: zCustomerContact,
    link: z
      .object({ url: z.string(), token: z.string() })
      .strict()
      .nullable()
      .describe('a survey link, shown once: issued by this call (an earlier one stops working); null for other messages'),
  })
  .strict()
  .meta({ id: 'StaffDelivery', description: 'A message a staff member sent, with the full contact to reach the customer (shown to the staff member sending it)' });
export type StaffDelivery = z.infer<typeof zStaffDelivery>;

async function contactOf(db: Database, m: CustomerMessage): Promise<CustomerContact> {
  const row =
    m.caseType === 'service_call'
      ? await db.serviceCall.findUnique({ where: { id: m.caseId }, select: { state: true } })
      : m.caseType === 'contract'
        ? await db.serviceContract.findUnique({ where: { id: m.caseId }, select: { state: true } })
        : null;
  if (!row) return { name: m.recipient };
  const state = JSON.parse(row.state) as { customer?: CustomerContact; registration?: { customer: CustomerContact } };
  const c = state.registration?.customer ?? state.customer;
  return c ? { name: c.name, ...(c.phone ? { phone: c.phone } : {}), ...(c.address ? { address: c.address } : {}) } : { name: m.recipient };
}

export const newSurveyToken = () => `svy_${randomBytes(24).toString('base64url')}`;
export const surveyUrl = (publicUrl: string, token: string) => `${publicUrl}/survey/${token}`;

/**
 * A staff member sends the message by hand and records how. A survey link may be sent again
 * until the survey is answered (each time a new link; the earlier one stops working); any other
 * message once.
 */
export async function sendByStaff(
  db: Database,
  config: CustomerMessagesConfig,
  id: string,
  actor: { id: string; roles: Role[] },
  how: { channel: StaffChannel },
  now: Date,
): Promise<StaffDelivery> {
  const message = await db.customerMessage.findUnique({ where: { id } });
  if (!message) throw new AppError('not_found', 'No customer message has this id.');
  const allowed = staffRolesFor(message.kind);
  if (!actor.roles.some((r) => allowed.includes(r))) {
    throw new AppError('forbidden', `Only ${allowed.join(' or ')} send this message.`);
  }
  let link: StaffDelivery['link'] = null;
  await db.$transaction(async (tx) => {
    if (message.kind === 'survey_link') {
      const survey = await tx.serviceSurvey.findUnique({ where: { callId: message.caseId } });
      if (!survey) throw new AppError('not_found', 'The survey of this message does not exist.');
      if (survey.answeredAt) throw new AppError('wrong_stage', 'The customer has already answered this survey.');
      const token = newSurveyToken();
      await tx.serviceSurvey.update({ where: { id: survey.id }, data: { tokenHash: hashToken(token) } });
      link = { url: surveyUrl(config.publicUrl, token), token };
    } else if (message.status === 'sent') {
      throw new AppError('wrong_stage', 'This message has already been sent.');
    }
    const marked = await tx.customerMessage.updateMany({
      where: { id, ...(message.kind === 'survey_link' ? {} : { status: { not: 'sent' } }) },
      data: { status: 'sent', sentAt: now, sentBy: actor.id, channel: how.channel },
    });
    if (marked.count !== 1) throw new AppError('wrong_stage', 'This message has already been sent.');
    await completeWorkItems(tx, { dedupeKeys: [staffTaskKey(id)] }, actor.id, now);
  });
  return {
    message: customerMessageView(await db.customerMessage.findUniqueOrThrow({ where: { id } })),
    contact: await contactOf(db, message),
    link,
  };
}
