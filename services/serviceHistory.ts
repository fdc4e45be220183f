// O6: a machine's service history, read from what the service side already records: its service
// calls by serial number (with the repairs and parts on them, S4–S7), the surveys their customers
// answered and the complaints made in them (S16–S18), their follow-up calls, and the quality
// complaints filed on its model as part number (C3).
import type { Database } from '../db/client';
import type { FollowUpStatus } from '../domain/installedBase/schemas';
import type { ServiceHistoryEntry } from '../domain/installedBase/views';
import type { ServiceCallState } from '../domain/serviceCall/machine';
import type { CallCategory, ServiceCallStage } from '../domain/serviceCall/stages';
import { partView } from '../domain/serviceCall/machine';

/** The service calls on these serial numbers, newest first, with what was done and what the customer said. */
export async function historyForSerials(db: Database, serials: string[], opts: { limit: number; exceptCallId?: string }): Promise<ServiceHistoryEntry[]> {
  if (serials.length === 0) return [];
  const calls = await db.serviceCall.findMany({
    where: { serialNo: { in: serials }, ...(opts.exceptCallId ? { id: { not: opts.exceptCallId } } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: opts.limit,
    select: { id: true, number: true, serialNo: true, status: true, stage: true, category: true, state: true, createdAt: true, closedAt: true },
  });
  if (calls.length === 0) return [];
  const ids = calls.map((c) => c.id);
  const [surveys, complaints, followUps] = await Promise.all([
    db.serviceSurvey.findMany({ where: { callId: { in: ids }, answeredAt: { not: null } } }),
    db.surveyComplaint.findMany({ where: { callId: { in: ids } } }),
    db.followUp.findMany({ where: { callId: { in: ids } }, select: { id: true, callId: true, status: true, satisfied: true } }),
  ]);
  const surveyOf = new Map(surveys.map((s) => [s.callId, s]));
  const complaintOf = new Map(complaints.map((c) => [c.callId, c]));
  const followUpOf = new Map(followUps.map((f) => [f.callId, f]));
  return calls.map((c) => {
    const state = JSON.parse(c.state) as ServiceCallState;
    const parts = [...(state.onSite?.parts ?? []), ...(state.carryIn?.repairs ?? []).flatMap((r) => r.parts)].map(partView);
    const workMinutes = (state.onSite?.workMinutes ?? 0) + (state.carryIn?.repairs ?? []).reduce((sum, r) => sum + r.workMinutes, 0);
    const survey = surveyOf.get(c.id);
    const complaint = complaintOf.get(c.id);
    const followUp = followUpOf.get(c.id);
    return {
      callId: c.id,
      number: c.number,
      serialNo: c.serialNo,
      registeredAt: c.createdAt.toISOString(),
      status: c.status as 'open' | 'closed',
      stage: c.stage as ServiceCallStage,
      category: c.category as CallCategory,
      description: state.registration.description,
      technician: state.technician?.name ?? null,
      path: state.path,
      workMinutes,
      parts,
      closedAt: c.closedAt?.toISOString() ?? null,
      survey:
        survey && survey.answeredAt
          ? {
              answeredAt: survey.answeredAt.toISOString(),
              attitude: survey.attitude ?? 0,
              skill: survey.skill ?? 0,
              arrival: survey.arrival ?? 0,
              promise: survey.promise ?? 0,
              comment: survey.comment,
            }
          : null,
      surveyComplaint: complaint ? { severity: complaint.severity as 'serious' | 'general', text: complaint.text } : null,
      followUp: followUp ? { id: followUp.id, status: followUp.status as FollowUpStatus, satisfied: followUp.satisfied } : null,
    };
  });
}

/**
 * Quality complaints whose part number is the product's model, newest first: the link the records
 * allow (a complaint names an order and a part number, not a serial number).
 */
export async function linkedComplaints(db: Database, model: string) {
  const rows = await db.complaintCase.findMany({
    where: { state: { contains: `"partNo":${JSON.stringify(model)}` } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 20,
    select: { id: true, number: true, status: true, createdAt: true },
  });
  return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, partNo: model, createdAt: r.createdAt.toISOString() }));
}
