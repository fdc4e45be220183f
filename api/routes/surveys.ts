// Customer opinion surveys (S16–S19): answered through a one-time link without a login; the
// complaints they carry and how the customer is answered and visited; the technicians' monthly
// scores from the ratings.
import { text, zSurveyAnswer } from '../../domain/serviceCall/schemas';
import {
  answerSurvey,
  listSurveyComplaints,
  recordComplaintVisit,
  replyToSurveyComplaint,
  technicianScores,
  zSurveyComplaint,
  zTechnicianScore,
} from '../../services/surveys';
import type { ApiDeps, RouteModule } from '../context';
import { page, zBooleanQuery, zIdParam, zMonth, zPageQuery } from '../schemas/common';
import { z } from '../zod';

/** What the customer sees after answering: received, and the complaint it carried (S18). */
const zSurveyReceipt = z
  .object({
    received: z.literal(true),
    complaint: z
      .object({ id: z.string(), severity: z.enum(['serious', 'general']) })
      .strict()
      .nullable()
      .describe('the complaint recorded from the answer; null when it carried none'),
  })
  .strict()
  .openapi('SurveyReceipt');

export const surveyRoutes: RouteModule = (routes, deps: ApiDeps) => {
  routes.add({
    method: 'post',
    path: '/api/v1/surveys/{surveyToken}',
    summary: 'Answer a survey (S17, S18) through its one-time link; no login. Unknown link → 404, already answered → 409',
    tags: ['surveys'],
    access: 'public',
    params: z.object({ surveyToken: z.string().min(1).max(200).openapi({ param: { name: 'surveyToken', in: 'path' } }) }),
    body: zSurveyAnswer(),
    response: zSurveyReceipt,
    handler: async ({ params, body }) => {
      const result = await answerSurvey(deps.db, params.surveyToken, body, deps.now());
      return {
        status: 201,
        body: { received: true, complaint: result.complaintId ? { id: result.complaintId, severity: body.complaint!.severity } : null },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/survey-complaints',
    summary: 'Complaints made in surveys, with their reply (S18) and visit (S19)',
    tags: ['surveys'],
    access: 'user',
    roles: ['vp', 'service_dept', 'service_supervisor', 'branch_manager', 'gm', 'auditor', 'admin'],
    query: z.object({ callId: z.string().uuid().optional(), pending: zBooleanQuery.optional(), ...zPageQuery }).strict(),
    response: page(zSurveyComplaint),
    handler: async ({ query }) => ({ body: await listSurveyComplaints(deps.db, query) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/survey-complaints/{id}/reply',
    summary: 'Tell the customer the outcome (S18): the VP by letter for a serious complaint, the service department by phone or in writing otherwise',
    tags: ['surveys'],
    access: 'user',
    roles: ['vp', 'service_dept'],
    params: zIdParam,
    body: z.object({ channel: z.enum(['letter', 'phone', 'written']), outcome: text() }).strict(),
    successStatus: 200,
    response: zSurveyComplaint,
    handler: async ({ params, body, user }) => ({ status: 200, body: await replyToSurveyComplaint(deps.db, params.id, user, body, deps.now()) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/survey-complaints/{id}/visit',
    summary: 'Record the visit to a complaining customer (S19), by the supervisor or a designated person',
    tags: ['surveys'],
    access: 'user',
    roles: ['service_supervisor'],
    params: zIdParam,
    body: z.object({ visitedBy: text(200).optional(), notes: text() }).strict(),
    successStatus: 200,
    response: zSurveyComplaint,
    handler: async ({ params, body, user }) => ({ status: 200, body: await recordComplaintVisit(deps.db, params.id, user, body, deps.now()) }),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/reports/technician-scores',
    summary: "Technicians' monthly scores from the surveys answered in the month (S17)",
    tags: ['reports'],
    access: 'user',
    roles: ['service_supervisor', 'service_dept', 'branch_manager', 'hr', 'vp', 'gm', 'auditor', 'admin'],
    query: z.object({ month: zMonth() }).strict(),
    response: z
      .object({ month: z.string().describe('YYYY-MM'), items: z.array(zTechnicianScore).describe('best score first') })
      .strict()
      .openapi('TechnicianScores'),
    handler: async ({ query }) => ({ body: { month: query.month, items: await technicianScores(deps.db, query.month, deps.config.timeZone) } }),
  });
};
