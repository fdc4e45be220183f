// Identity: creating users (admin) and reading oneself.
import type { RouteModule } from '../context';
import { zRole } from '../schemas/common';
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
};
