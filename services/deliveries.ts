// Notices that reach people. Every notice and work item is written with `deliveryPending` (the
// outbox); the worker's delivery schedule (DELIVERY_SWEEP_EVERY) fans each one out into a Delivery
// per person and channel (the people holding the addressed roles; for a service call's technician,
// the one assigned; whoever stands in for one of them today), then sends what is due. A failed
// send is tried again after DELIVERY_BACKOFF, doubling, and after DELIVERY_ATTEMPTS failures (or at
// once when the receiver refuses the message itself) the delivery ends `failed`, visible in
// GET /api/v1/deliveries; nothing is retried forever. E-mail goes to people with an address who
// did not opt out; the chat robot mentions every person (by their chat id when known). Nothing is
// sent from an API request, and the in-app inbox (/tasks, notices) has every notice whatever
// happens here.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DeliveriesConfig } from '../config';
import type { Database } from '../db/client';
import { caseLink, retryDelayMs } from '../domain/deliveries';
import { composeDelivery } from '../domain/deliveryText';
import { localDateIn } from '../domain/localTime';
import { type Role } from '../domain/roles';
import type { Language } from '../domain/signIn';
import { type ChannelError, type DeliveryChannels } from './deliveryChannels';
import { pageArgs, pageOf } from './pagination';

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export const DELIVERY_CHANNELS = ['email', 'chat'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** A notice older than this when the worker first sees it (channels were off, the worker was down for days) is left to the inbox. */
export const STALE_AFTER_MS = 3 * 86_400_000;
/** While one attempt runs, no other sweep takes the same delivery. */
const LEASE_MS = 5 * 60_000;

interface Source {
  sourceType: 'notice' | 'work_item';
  id: string;
  kind: string;
  caseType: string;
  caseId: string;
  stage: string | null;
  roles: Role[];
  message: string;
  at: Date;
  dueAt: Date | null;
}

async function sourceOf(db: Database, sourceType: string, id: string): Promise<Source | null> {
  if (sourceType === 'notice') {
    const n = await db.notice.findUnique({ where: { id } });
    return n && { sourceType: 'notice', id: n.id, kind: n.type, caseType: n.caseType, caseId: n.caseId, stage: n.stage, roles: JSON.parse(n.to) as Role[], message: n.message, at: n.at, dueAt: null };
  }
  const w = await db.workItem.findUnique({ where: { id } });
  return w && { sourceType: 'work_item', id: w.id, kind: 'task', caseType: w.caseType, caseId: w.caseId, stage: null, roles: JSON.parse(w.roles) as Role[], message: w.title, at: w.createdAt, dueAt: w.dueAt };
}

/**
 * The people a notice is for: active users holding an addressed role (a service call's technician
 * role means the technician assigned to it), and whoever stands in for one of them today (G7:
 * holiday cover decides in their name, so it is told too).
 */
async function recipientsOf(db: Database, s: Source, today: string) {
  let users = await db.user.findMany({ where: { disabled: false, OR: s.roles.map((r) => ({ roles: { contains: `"${r}"` } })) } });
  if (s.caseType === 'service_call' && s.roles.includes('technician')) {
    const call = await db.serviceCall.findUnique({ where: { id: s.caseId }, select: { technicianId: true } });
    const others = s.roles.filter((r) => r !== 'technician');
    users = users.filter((u) => {
      const roles = JSON.parse(u.roles) as string[];
      return roles.some((r) => (others as string[]).includes(r)) || (call?.technicianId ? u.id === call.technicianId : roles.includes('technician'));
    });
  }
  const covering = await db.standIn.findMany({
    where: { userId: { in: users.map((u) => u.id) }, endedAt: null, fromDate: { lte: today }, toDate: { gte: today } },
    select: { standInId: true },
  });
  const known = new Set(users.map((u) => u.id));
  const extra = [...new Set(covering.map((c) => c.standInId))].filter((id) => !known.has(id));
  return extra.length === 0 ? users : [...users, ...(await db.user.findMany({ where: { id: { in: extra }, disabled: false } }))];
}

/** Fans out up to `limit` written notices and work items into deliveries; returns how many deliveries it queued. */
export async function queueDeliveries(db: Database, config: DeliveriesConfig, now: Date, limit = 200): Promise<number> {
  const notices = await db.notice.findMany({ where: { deliveryPending: true }, select: { id: true }, take: limit });
  const items = await db.workItem.findMany({ where: { deliveryPending: true }, select: { id: true }, take: limit });
  let queued = 0;
  for (const [sourceType, rows] of [['notice', notices], ['work_item', items]] as const) {
    for (const { id } of rows) {
      const source = await sourceOf(db, sourceType, id);
      if (source && now.getTime() - Math.max(source.at.getTime(), 0) < STALE_AFTER_MS) {
        for (const user of await recipientsOf(db, source, localDateIn(config.timeZone, now))) {
          const channels: DeliveryChannel[] = [
            ...(config.email && user.email && !user.emailOptOut ? (['email'] as const) : []),
            ...(config.chat ? (['chat'] as const) : []),
          ];
          for (const channel of channels) {
            await db.delivery.upsert({
              where: { sourceId_userId_channel: { sourceId: id, userId: user.id, channel } },
              update: {},
              create: { id: randomUUID(), sourceType, sourceId: id, userId: user.id, channel, status: 'pending', nextAttemptAt: now, createdAt: now },
            });
            queued += 1;
          }
        }
      }
      if (sourceType === 'notice') await db.notice.update({ where: { id }, data: { deliveryPending: false } });
      else await db.workItem.update({ where: { id }, data: { deliveryPending: false } });
    }
  }
  return queued;
}

/** Deliveries whose next attempt is due. */
export async function dueDeliveries(db: Database, now: Date, limit = 100): Promise<string[]> {
  const rows = await db.delivery.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: [{ nextAttemptAt: 'asc' }], select: { id: true }, take: limit });
  return rows.map((r) => r.id);
}

async function caseNumberOf(db: Database, caseType: string, caseId: string): Promise<string | null> {
  if (caseType === 'complaint') return (await db.complaintCase.findUnique({ where: { id: caseId }, select: { number: true } }))?.number ?? null;
  if (caseType === 'service_call') return (await db.serviceCall.findUnique({ where: { id: caseId }, select: { number: true } }))?.number ?? null;
  if (caseType === 'contract') return (await db.serviceContract.findUnique({ where: { id: caseId }, select: { number: true } }))?.number ?? null;
  if (caseType === 'accountability') return (await db.complaintCase.findUnique({ where: { id: caseId }, select: { number: true } }))?.number ?? null;
  return null;
}

export type DeliveryResult = 'sent' | 'failed' | 'retrying' | 'skipped';

/** One attempt at one delivery. Never throws for a channel's failure: it is counted and retried later, or ends `failed`. */
export async function attemptDelivery(db: Database, config: DeliveriesConfig, channels: DeliveryChannels, id: string, now: Date): Promise<DeliveryResult> {
  const claimed = await db.delivery.updateMany({
    where: { id, status: 'pending', nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
  });
  if (claimed.count !== 1) return 'skipped';
  const d = await db.delivery.findUniqueOrThrow({ where: { id } });
  const finish = async (error: string, permanent: boolean): Promise<DeliveryResult> => {
    const attempts = d.attempts + 1;
    const failed = permanent || attempts >= config.maxAttempts;
    await db.delivery.update({
      where: { id },
      data: { attempts, lastError: error.slice(0, 500), status: failed ? 'failed' : 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, config.backoffMs)) },
    });
    return failed ? 'failed' : 'retrying';
  };
  const source = await sourceOf(db, d.sourceType, d.sourceId);
  const user = await db.user.findUnique({ where: { id: d.userId } });
  if (!source || !user) return finish('the notice or the person no longer exists', true);
  if (user.disabled) return finish('the person’s account is disabled', true);
  const send = d.channel === 'email' ? channels.email : channels.chat;
  if (!send) return finish(`the ${d.channel} channel is not configured any more`, true);
  if (d.channel === 'email' && (!user.email || user.emailOptOut)) return finish(user.email ? 'the person opted out of e-mail' : 'the person has no e-mail address', true);
  const language: Language = user.language === 'en' ? 'en' : 'zh-CN';
  const message = composeDelivery(
    language,
    {
      kind: source.kind,
      caseType: source.caseType,
      caseNumber: (await caseNumberOf(db, source.caseType, source.caseId)) ?? source.caseId,
      stage: source.stage,
      message: source.message,
      dueAt: source.dueAt,
      at: source.at,
      link: caseLink(config.publicUrl, source.caseType, source.caseId),
      recipientName: user.name,
    },
    config.timeZone,
  );
  try {
    if (d.channel === 'email') await channels.email!({ to: user.email!, subject: message.subject, text: message.text });
    else await channels.chat!({ text: `${message.subject}\n${message.text}`, mention: user.chatId });
  } catch (err) {
    const e = err as ChannelError;
    return finish(e.message ?? String(err), e.permanent === true);
  }
  await db.delivery.update({ where: { id }, data: { status: 'sent', sentAt: now, attempts: d.attempts + 1, lastError: null } });
  return 'sent';
}

/** G6: an e-mail address shown whole to admins, masked (l***@example.com) to others. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at > 0 ? `${email[0]}***${email.slice(at)}` : '***';
}

export const zDelivery = z
  .object({
    id: z.string(),
    noticeId: z.string().describe('the notice or work item delivered'),
    noticeKind: z.string().describe('reminder, escalation, follow_up, anomaly, report, or task (a work item)'),
    caseType: z.string(),
    caseId: z.string(),
    userId: z.string(),
    userName: z.string(),
    channel: z.enum(DELIVERY_CHANNELS),
    recipient: z.string().nullable().describe('G6: the e-mail address (masked unless the reader is an admin) or chat id'),
    status: z.enum(DELIVERY_STATUSES).describe('pending: to be sent or tried again · sent · failed: gave up after DELIVERY_ATTEMPTS or a refusal'),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable().describe('pending only: when it is tried (again); ISO-8601 instant'),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'Delivery', description: 'A notice delivered to one person over one channel (e-mail, chat robot)' });
export type DeliveryView = z.infer<typeof zDelivery>;

export async function listDeliveries(
  db: Database,
  q: { noticeId?: string; status?: string; userId?: string; limit: number; cursor?: string },
  reader: { admin: boolean },
): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  const rows = await db.delivery.findMany({
    where: { ...(q.noticeId ? { sourceId: q.noticeId } : {}), ...(q.status ? { status: q.status } : {}), ...(q.userId ? { userId: q.userId } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    ...pageArgs(q),
  });
  const users = new Map((await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.userId))] } } })).map((u) => [u.id, u]));
  const notices = new Map((await db.notice.findMany({ where: { id: { in: rows.map((r) => r.sourceId) } } })).map((n) => [n.id, n]));
  const items = new Map((await db.workItem.findMany({ where: { id: { in: rows.map((r) => r.sourceId) } } })).map((w) => [w.id, w]));
  return pageOf(rows, q, (r) => {
    const user = users.get(r.userId);
    const notice = notices.get(r.sourceId);
    const item = items.get(r.sourceId);
    const email = user?.email ?? null;
    return {
      id: r.id,
      noticeId: r.sourceId,
      noticeKind: notice?.type ?? 'task',
      caseType: notice?.caseType ?? item?.caseType ?? '',
      caseId: notice?.caseId ?? item?.caseId ?? '',
      userId: r.userId,
      userName: user?.name ?? '',
      channel: r.channel as DeliveryChannel,
      recipient: r.channel === 'email' ? (email && (reader.admin ? email : maskEmail(email))) : (user?.chatId ?? null),
      status: r.status as DeliveryView['status'],
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    };
  });
}
