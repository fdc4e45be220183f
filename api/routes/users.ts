// Identity: creating users (admin) and reading oneself; a decider's stand-ins (G7).
import { zDate } from '../../domain/fields';
import { AppError } from '../../domain/errors';
import { hasAnyRole } from '../../domain/roles';
import { StandInService, zStandInView } from '../../services/standIns';
import type { RouteModule } from '../context';
import { zIdParam, zRole } from '../schemas/common';
import { idempotentResponse } from '../http';
import { z } from '../zod';

export const zUserCreate = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    roles: z.array(zRole).min(1, 'give at least one role').max(19),
  })
  .strict()
  .openapi('UserCreate');

const userFields = { id: z.string().describe('the user id (UUID)'), name: z.string(), roles: z.array(zRole) };

const zUser = z.object(userFields).strict().openapi('User');
const zUserWithToken = z
  .object({ ...userFields, token: z.string().optional().describe('Shown once, in the first response; only its hash is stored.') })
  .strict()
  .openapi('UserWithToken');

export const userRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'post',
    path: '/api/v1/users',
    idempotent: true,
    summary: 'Create a user with roles; the token is returned once',
    tags: ['identity'],
    access: 'user',
    roles: ['admin'],
    body: zUserCreate,
    response: zUserWithToken,
    handler: async ({ req, user, body }) => {
      const result = await deps.idempotency.run(
        { userId: user.id, scope: 'POST /api/v1/users', key: req.get('Idempotency-Key'), body },
        async (id) => {
          const existing = await deps.users.byId(id);
          if (existing) {
            // Created by an earlier attempt that did not finish: the token cannot be shown again.
            return { status: 201, body: { id, name: existing.name, roles: existing.roles } };
          }
          const created = await deps.users.create(body.name, body.roles, undefined, id);
          return { status: 201, body: { id: created.id, name: created.name, roles: created.roles, token: created.token } };
        },
        // The token is shown once: a replay returns the user without it.
        (body) => {
          const { token: _token, ...rest } = body as Record<string, unknown>;
          return rest;
        },
      );
      return idempotentResponse(result);
    },
  });
  routes.add({
    method: 'get',
    path: '/api/v1/me',
    summary: 'The caller',
    tags: ['identity'],
    access: 'user',
    response: zUser,
    handler: async ({ user }) => ({ body: { id: user.id, name: user.name, roles: user.roles } }),
  });

  // ---- G7: stand-ins ----
  const standIns = new StandInService(deps.db, deps.users);
  /** A decider manages their own stand-ins; an admin anyone's. */
  const mayManage = (user: { id: string; roles: readonly string[] }, userId: string) => {
    if (user.id !== userId && !hasAnyRole(user, ['admin'])) throw new AppError('forbidden', "Only the person stood in for (or an admin) names or ends a stand-in.");
  };
  const zStandInParams = z.object({ id: zIdParam.shape.id, standInId: z.string().uuid('must be a UUID') });

  routes.add({
    method: 'post',
    path: '/api/v1/users/{id}/stand-ins',
    summary: 'G7: name a stand-in who decides in this person’s name for a period (holiday cover); the decisions name both',
    tags: ['identity'],
    access: 'user',
    roles: ['sales_manager', 'vp', 'gm', 'admin'],
    params: zIdParam,
    body: z.object({ standInId: z.string().uuid('must be the id of a user'), from: zDate, to: zDate }).strict().openapi('StandInCreate'),
    response: zStandInView,
    handler: async ({ user, params, body }) => {
      mayManage(user, params.id);
      return { status: 201, body: await standIns.create(params.id, body, user.id, deps.now()) };
    },
  });
  routes.add({
    method: 'get',
    path: '/api/v1/users/{id}/stand-ins',
    summary: "G7: a person's stand-ins, past, running and to come",
    tags: ['identity'],
    access: 'user',
    params: zIdParam,
    response: z.object({ items: z.array(zStandInView) }).strict(),
    handler: async ({ user, params }) => {
      if (user.id !== params.id && !hasAnyRole(user, ['admin', 'auditor'])) throw new AppError('forbidden', 'You read your own stand-ins (auditors and admins read anyone’s).');
      return { body: { items: await standIns.list(params.id) } };
    },
  });
  routes.add({
    method: 'delete',
    path: '/api/v1/users/{id}/stand-ins/{standInId}',
    summary: 'G7: end a stand-in early; from now on it no longer applies',
    tags: ['identity'],
    access: 'user',
    params: zStandInParams,
    successStatus: 200,
    response: zStandInView,
    handler: async ({ user, params }) => {
      mayManage(user, params.id);
      return { body: await standIns.end(params.id, params.standInId, user.id, deps.now()) };
    },
  });
};
