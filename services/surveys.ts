// Customer opinion surveys (S16–S19): one per call, reached by a one-time link whose token is
// stored only as a hash; the ratings feed the technicians' monthly scores; a complaint becomes
// work for the VP (serious, answered by letter) or the service department (general, answered by
// phone or in writing), and always a visit by the service supervisor.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CustomerMessagesConfig } from '../config';
import type { Database } from '../db/client';
import { pageArgs, pageOf } from './pagination';
import { AppError } from '../domain/errors';
import { localMonthRange } from '../domain/localTime';
import type { SurveyAnswer } from '../domain/serviceCall/schemas';
import { deliverCustomerMessage, maskPhone, newSurveyToken, queueCustomerMessage, surveyUrl } from './customerMessages';
import { hashToken } from './tokens';
import { completeWorkItems, upsertWorkItem } from './workItems';

/**
 * S16: creates the call's survey and its message in the outbox, once. Through the gateway the
 * message carries a fresh one-time link (a retry issues another; only the latest works); without
 * one, staff send it (services/customerMessages.ts sendByStaff issues the link then).
 */
export async function sendSurvey(
  db: Database,
  messaging: CustomerMessagesConfig,
  p: { callId: string; technicianId: string | null; category: string; customer: { name: string; phone: string } },
  now: Date,
): Promise<{ surveyId: string }> {
  const existing = await db.serviceSurvey.findUnique({ where: { callId: p.callId } });
  if (existing?.sentAt) return { surveyId: existing.id };
  const id = existing?.id ?? randomUUID();
  await db.serviceSurvey.upsert({
    where: { callId: p.callId },
    update: {},
    create: { id, callId: p.callId, tokenHash: null, technicianId: p.technicianId, category: p.category, createdAt: now },
  });
  const body = 'Please rate our service: attitude, technical skill, arrival time and promises kept (four levels each), and tell us of any complaint.';
  const message = await queueCustomerMessage(
    db,
    {
      dedupeKey: `${p.callId}:survey_link`,
      caseType: 'service_call',
      caseId: p.callId,
      kind: 'survey_link',
      channel: 'sms',
      recipient: `${p.customer.name} ${maskPhone(p.customer.phone)}`,
      body,
      at: now,
    },
    messaging.gateway ? 'sending' : 'to_staff',
  );
  await deliverCustomerMessage(
    db,
    messaging,
    message,
    async () => {
      const token = newSurveyToken();
      await db.serviceSurvey.update({ where: { id }, data: { tokenHash: hashToken(token) } });
      const link = surveyUrl(messaging.publicUrl, token);
      return {
        id: message.id,
        kind: message.kind,
        channel: message.channel,
        caseType: message.caseType,
        caseId: message.caseId,
        to: { name: p.customer.name, phone: p.customer.phone },
        text: `${body} ${link}`,
        link,
      };
    },
    now,
  );
  await db.serviceSurvey.update({ where: { id }, data: { sentAt: now } });
  return { surveyId: id };
}

export interface SurveyAnswerResult {
  surveyId: string;
  callId: string;
  complaintId: string | null;
}

/** Whether a survey link can be answered: `open`, already `answered`, or `unknown` (never issued, or replaced by a newer link). */
export async function surveyLinkState(db: Database, token: string): Promise<'open' | 'answered' | 'unknown'> {
  const survey = await db.serviceSurvey.findUnique({ where: { tokenHash: hashToken(token) }, select: { answeredAt: true } });
  return !survey ? 'unknown' : survey.answeredAt ? 'answered' : 'open';
}

/** S17–S19: records the answer once; a used token → 409, an unknown one → 404. */
export async function answerSurvey(db: Database, token: string, answer: SurveyAnswer, now: Date): Promise<SurveyAnswerResult> {
  const survey = await db.serviceSurvey.findUnique({ where: { tokenHash: hashToken(token) } });
  // The link is answerable as soon as its token exists (it may be clicked before sentAt is written).
  if (!survey) throw new AppError('not_found', 'No survey has this link.');
  if (survey.answeredAt) throw new AppError('conflict', 'This survey has already been answered.');
  const call = await db.serviceCall.findUnique({ where: { id: survey.callId }, select: { customerName: true, productModel: true } });
  const about = call ? `${call.customerName} (${call.productModel}, call ${survey.callId.slice(0, 8)})` : `call ${survey.callId.slice(0, 8)}`;
  return db.$transaction(async (tx) => {
    const marked = await tx.serviceSurvey.updateMany({
      where: { id: survey.id, answeredAt: null },
      data: {
        answeredAt: now,
        attitude: answer.attitude,
        skill: answer.skill,
        arrival: answer.arrival,
        promise: answer.promise,
        comment: answer.comment ?? null,
      },
    });
    if (marked.count !== 1) throw new AppError('conflict', 'This survey has already been answered.');
    if (!answer.complaint) return { surveyId: survey.id, callId: survey.callId, complaintId: null };
    const serious = answer.complaint.severity === 'serious';
    const complaintId = randomUUID();
    await tx.surveyComplaint.create({
      data: {
        id: complaintId,
        surveyId: survey.id,
        callId: survey.callId,
        severity: answer.complaint.severity,
        text: answer.complaint.text,
        handlerRole: serious ? 'vp' : 'service_dept',
        replyChannel: serious ? 'letter' : 'phone_or_written',
        replyStatus: 'pending',
        visitStatus: 'pending',
        createdAt: now,
      },
    });
    // S18: serious → the VP, handled first, outcome by letter; general → the service department, by phone or in writing.
    await upsertWorkItem(tx, {
      dedupeKey: `${survey.callId}:task:survey_complaint:${complaintId}`,
      kind: serious ? 'survey_complaint_serious' : 'survey_complaint_general',
      caseType: 'service_call',
      caseId: survey.callId,
      roles: serious ? ['vp'] : ['service_dept'],
      title: serious
        ? `Serious complaint from ${about}: handle it first and tell the customer the outcome by letter (S18). "${answer.complaint.text}"`
        : `Complaint from ${about}: handle it and answer the customer by phone or in writing (S18). "${answer.complaint.text}"`,
      at: now,
    });
    // S19: however small the complaint, the supervisor (or a designated person) visits the customer.
    await upsertWorkItem(tx, {
      dedupeKey: `${survey.callId}:task:customer_visit:${complaintId}`,
      kind: 'customer_visit',
      caseType: 'service_call',
      caseId: survey.callId,
      roles: ['service_supervisor'],
      title: `Visit ${about} about their complaint, in person or by a designated person (S19).`,
      at: now,
    });
    return { surveyId: survey.id, callId: survey.callId, complaintId };
  });
}

/** S18, S19: a complaint made in a survey, with how the customer is answered and visited. */
export const zSurveyComplaint = z
  .object({
    id: z.string(),
    callId: z.string(),
    severity: z.enum(['serious', 'general']),
    text: z.string(),
    handlerRole: z.enum(['vp', 'service_dept']).describe('serious → vp, general → service_dept (S18)'),
    reply: z
      .object({
        channel: z.enum(['letter', 'phone_or_written']).describe('how the customer is to be answered: letter (serious) or phone_or_written (general)'),
        status: z.enum(['pending', 'sent']),
        outcome: z.string().nullable(),
        at: z.string().nullable().describe('ISO-8601 instant'),
      })
      .strict(),
    visit: z
      .object({
        status: z.enum(['pending', 'done']).describe('S19'),
        visitedBy: z.string().nullable(),
        at: z.string().nullable().describe('ISO-8601 instant'),
      })
      .strict(),
    createdAt: z.string().describe('ISO-8601 instant'),
  })
  .strict()
  .meta({ id: 'SurveyComplaint', description: 'A complaint made in a survey, with its reply (S18) and visit (S19)' });
export type SurveyComplaintView = z.infer<typeof zSurveyComplaint>;
type Reply = SurveyComplaintView['reply'];
type Visit = SurveyComplaintView['visit'];

// The columns hold only the values answerSurvey and the reply and visit below write.
const complaintView = (c: Awaited<ReturnType<Database['surveyComplaint']['findUniqueOrThrow']>>): SurveyComplaintView => ({
  id: c.id,
  callId: c.callId,
  severity: c.severity as SurveyComplaintView['severity'],
  text: c.text,
  handlerRole: c.handlerRole as SurveyComplaintView['handlerRole'],
  reply: { channel: c.replyChannel as Reply['channel'], status: c.replyStatus as Reply['status'], outcome: c.replyOutcome, at: c.repliedAt?.toISOString() ?? null },
  visit: { status: c.visitStatus as Visit['status'], visitedBy: c.visitedBy, at: c.visitedAt?.toISOString() ?? null },
  createdAt: c.createdAt.toISOString(),
});

export async function listSurveyComplaints(db: Database, f: { callId?: string; pending?: boolean; limit: number; cursor?: string }) {
  const rows = await db.surveyComplaint.findMany({
    where: {
      ...(f.callId ? { callId: f.callId } : {}),
      ...(f.pending === true ? { OR: [{ replyStatus: 'pending' }, { visitStatus: 'pending' }] } : {}),
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    ...pageArgs(f),
  });
  return pageOf(rows, f, complaintView);
}

/** S18: the customer is told the outcome: by letter for a serious complaint, by phone or in writing otherwise. */
export async function replyToSurveyComplaint(
  db: Database,
  id: string,
  actor: { id: string; name: string; roles: readonly string[] },
  reply: { channel: 'letter' | 'phone' | 'written'; outcome: string },
  now: Date,
): Promise<SurveyComplaintView> {
  const c = await db.surveyComplaint.findUnique({ where: { id } });
  if (!c) throw new AppError('not_found', `No survey complaint ${id}.`);
  if (!actor.roles.includes(c.handlerRole)) throw new AppError('forbidden', `This complaint is handled by ${c.handlerRole} (S18).`);
  if (c.replyStatus !== 'pending') throw new AppError('conflict', 'The customer has already been answered.');
  if (c.replyChannel === 'letter' && reply.channel !== 'letter') {
    throw new AppError('invalid_input', 'A serious complaint is answered by letter (S18).', [{ field: 'channel', message: 'must be letter for a serious complaint' }]);
  }
  if (c.replyChannel === 'phone_or_written' && reply.channel === 'letter') {
    throw new AppError('invalid_input', 'A general complaint is answered by phone or in writing (S18).', [{ field: 'channel', message: 'must be phone or written' }]);
  }
  const call = await db.serviceCall.findUnique({ where: { id: c.callId }, select: { customerName: true, customerPhone: true } });
  await db.$transaction(async (tx) => {
    const done = await tx.surveyComplaint.updateMany({
      where: { id, replyStatus: 'pending' },
      data: { replyStatus: 'sent', replyOutcome: reply.outcome, repliedAt: now },
    });
    if (done.count !== 1) throw new AppError('conflict', 'The customer has already been answered.');
    await tx.customerMessage.create({
      data: {
        id: randomUUID(),
        dedupeKey: `${c.callId}:complaint_reply:${id}`,
        caseType: 'service_call',
        caseId: c.callId,
        kind: 'complaint_reply',
        channel: reply.channel,
        recipient: call ? `${call.customerName} ${maskPhone(call.customerPhone)}` : c.callId,
        body: reply.outcome,
        at: now,
        // The reply is recorded by whoever gave it: it has gone out.
        status: 'sent',
        sentAt: now,
        sentBy: actor.id,
      },
    });
    await completeWorkItems(tx, { dedupeKeys: [`${c.callId}:task:survey_complaint:${id}`] }, actor.id, now);
  });
  return complaintView(await db.surveyComplaint.findUniqueOrThrow({ where: { id } }));
}

/** S19: the supervisor (or the person they designated) visited the customer. */
export async function recordComplaintVisit(
  db: Database,
  id: string,
  actor: { id: string; name: string },
  visit: { visitedBy?: string; notes: string },
  now: Date,
): Promise<SurveyComplaintView> {
  const c = await db.surveyComplaint.findUnique({ where: { id } });
  if (!c) throw new AppError('not_found', `No survey complaint ${id}.`);
  const done = await db.$transaction(async (tx) => {
    const n = await tx.surveyComplaint.updateMany({
      where: { id, visitStatus: 'pending' },
      data: { visitStatus: 'done', visitedBy: visit.visitedBy ?? actor.name, visitedAt: now },
    });
    if (n.count === 1) await completeWorkItems(tx, { dedupeKeys: [`${c.callId}:task:customer_visit:${id}`] }, actor.id, now);
    return n.count;
  });
  if (done !== 1) throw new AppError('conflict', 'The visit has already been recorded.');
  return complaintView(await db.surveyComplaint.findUniqueOrThrow({ where: { id } }));
}

const average = (what: string) => z.number().describe(`mean ${what} rating, 1–4, two decimals`);

/** S17: a technician's ratings over a month. */
export const zTechnicianScore = z
  .object({
    technician: z.object({ id: z.string(), name: z.string() }).strict(),
    surveys: z.number().int().describe('surveys answered in the month about their calls'),
    averages: z
      .object({ attitude: average('attitude'), skill: average('technical skill'), arrival: average('arrival time'), promise: average('promises kept') })
      .strict(),
    score: z.number().describe("mean of the four ratings over the month's surveys, on 0–100 (level 4 = 100, level 1 = 25), two decimals"),
    complaints: z.number().int().describe('surveys that carried a complaint'),
  })
  .strict()
  .meta({ id: 'TechnicianScore', description: "A technician's monthly score from the surveys (S17)" });
export type TechnicianScore = z.infer<typeof zTechnicianScore>;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** S17: each technician's ratings from the surveys answered in local month `month`. */
export async function technicianScores(db: Database, month: string, timeZone: string): Promise<TechnicianScore[]> {
  const { start, end } = localMonthRange(month, timeZone);
  const surveys = await db.serviceSurvey.findMany({ where: { answeredAt: { gte: start, lt: end }, technicianId: { not: null } } });
  const complaints = await db.surveyComplaint.findMany({ where: { surveyId: { in: surveys.map((s) => s.id) } }, select: { surveyId: true } });
  const complained = new Set(complaints.map((c) => c.surveyId));
  const byTech = new Map<string, typeof surveys>();
  for (const s of surveys) byTech.set(s.technicianId!, [...(byTech.get(s.technicianId!) ?? []), s]);
  const users = await db.user.findMany({ where: { id: { in: [...byTech.keys()] } }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return [...byTech.entries()]
    .map(([id, list]) => {
      const avg = (k: 'attitude' | 'skill' | 'arrival' | 'promise') => list.reduce((sum, s) => sum + (s[k] ?? 0), 0) / list.length;
      const averages = { attitude: round2(avg('attitude')), skill: round2(avg('skill')), arrival: round2(avg('arrival')), promise: round2(avg('promise')) };
      const mean = (avg('attitude') + avg('skill') + avg('arrival') + avg('promise')) / 4;
      return {
        technician: { id, name: names.get(id) ?? id },
        surveys: list.length,
        averages,
        score: round2((mean / 4) * 100),
        complaints: list.filter((s) => complained.has(s.id)).length,
      };
    })
    .sort((a, b) => b.score - a.score || a.technician.name.localeCompare(b.technician.name));
}
