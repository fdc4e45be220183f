// The customer-message outbox (S15 expiry notices, S16 survey links). Every message to a customer
// is a CustomerMessage row. When a gateway is configured (CUSTOMER_GATEWAY_URL: the company's SMS,
// e-mail or letter service) the worker posts the message to it; a failure is retried by the
// activity, and after CUSTOMER_GATEWAY_ATTEMPTS failures (or at once when the gateway refuses the
// message outright) the message is handed to staff. Without a gateway every message is handed to
// staff: a work item in /tasks for the roles that send that kind, and the outbox lists it until a
// staff member records how it went out (for a survey link, that call issues the link to give).
import { randomBytes, randomUUID } from 'node:crypto';
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

export interface CustomerContact {
  name: string;
  phone?: string;
  address?: string;
}

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
  caseType: string;
  caseId: string;
  kind: string;
  channel: string;
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

async function handToStaff(db: Database, message: CustomerMessage, now: Date): Promise<void> {
  await db.customerMessage.updateMany({ where: { id: message.id, status: { not: 'sent' } }, data: { status: 'to_staff' } });
  await upsertWorkItem(db, {
    dedupeKey: staffTaskKey(message.id),
    kind: 'customer_message',
    caseType: message.caseType,
    caseId: message.caseId,
    roles: staffRolesFor(message.kind),
    title: `Send ${KIND_WORDS[message.kind] ?? message.kind} to ${message.recipient}.`,
    dueAt: new Date(now.getTime() + 24 * 3600_000),
    at: now,
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

export interface CustomerMessageView {
  id: string;
  kind: string;
  channel: string;
  caseType: string;
  caseId: string;
  recipient: string;
  body: string;
  at: string;
  status: string;
  sentAt: string | null;
  sentBy: string | null;
  attempts: number;
  lastError: string | null;
}

export const customerMessageView = (m: CustomerMessage): CustomerMessageView => ({
  id: m.id,
  kind: m.kind,
  channel: m.channel,
  caseType: m.caseType,
  caseId: m.caseId,
  recipient: m.recipient,
  body: m.body,
  at: m.at.toISOString(),
  status: m.status,
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

export interface StaffDelivery {
  message: CustomerMessageView;
  /** How to reach the customer: the full contact, shown to the staff member sending it. */
  contact: CustomerContact;
  /** A survey link's one-time link, issued by this call (an earlier one stops working). */
  link: { url: string; token: string } | null;
}

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
