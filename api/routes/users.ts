// Identity: creating users (admin) and reading oneself; a decider's stand-ins (G7).
import { text, zDate } from '../../domain/fields';
import { AppError } from '../../domain/errors';
import { hasAnyRole } from '../../domain/roles';
import { passwordWeakness } from '../../domain/signIn';
import { hashPassword } from '../../services/passwords';
import { SessionService, type SessionContext } from '../../services/sessions';
import { StandInService, zStandInView } from '../../services/standIns';
import type { UserAccount } from '../../services/users';
import type { RouteModule } from '../context';
import { checkPassword, zChatId, zEmail, zLogin, zMe, zNewPassword, zPasswordReset, zUserAccount, zUserChange } from '../schemas/accounts';
import { page, zIdParam, zPageQuery, zRole } from '../schemas/common';
import { idempotentResponse } from '../http';
import { z } from '../zod';

export const zUserCreate = z
  .object({
    name: text(200),
    roles: z.array(zRole).min(1, 'give at least one role').max(19),
    login: zLogin.optional(),
    password: zNewPassword.optional().describe('with login: the first password, which the person changes at their first sign-in'),
    email: zEmail.optional(),
    chatId: zChatId.optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.password !== undefined && u.login === undefined) ctx.addIssue({ code: 'custom', path: ['login'], message: 'is required with a password' });
    checkPassword(ctx, u.password, 'password', { login: u.login, name: u.name });
  })
  .openapi('UserCreate');

const userFields = { id: z.string().describe('the user id (UUID)'), name: z.string(), roles: z.array(zRole) };

const zUserWithToken = z
  .object({
    ...userFields,
    login: z.string().nullable().optional(),
    email: z.string().nullable().optional().describe('G6: personal data (this response goes to admins only)'),
    chatId: z.string().nullable().optional(),
    token: z.string().optional().describe('Shown once, in the first response; only its hash is stored.'),
  })
  .strict()
  .openapi('UserWithToken');

/** What both views of a person show: who they are, how they sign in and are reached. */
const personFields = (a: UserAccount) => ({
  id: a.id,
  name: a.name,
  roles: a.roles,
  login: a.login,
  email: a.email,
  chatId: a.chatId,
  language: a.language,
  emailOptOut: a.emailOptOut,
  mustChangePassword: a.mustChangePassword,
});

/** The caller as GET /api/v1/me shows them, with the session's CSRF token when signed in with the cookie. */
export function meView(a: UserAccount, session: SessionContext | null): z.infer<typeof zMe> {
  return { ...personFields(a), csrfToken: session?.csrfToken ?? null, sessionExpiresAt: session?.expiresAt.toISOString() ?? null };
}

const accountView = (a: UserAccount): z.infer<typeof zUserAccount> => ({
  ...personFields(a),
  disabled: a.disabled,
  hasPassword: a.hasPassword,
  createdAt: a.createdAt.toISOString(),
});

export const userRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'post',
    path: '/api/v1/users',
    idempotent: true,
    summary: 'Create a user with roles (and a login name, first password, e-mail and chat id for a person); the token is returned once',
    tags: ['identity'],
    access: 'user',
    roles: ['admin'],
    body: zUserCreate,
    // The password stays out of the audit log, even as part of a hash.
    auditBody: (body) => {
      if (!body || typeof body !== 'object') return body;
      const { password: _password, ...rest } = body as Record<string, unknown>;
      return rest;
    },
    response: zUserWithToken,
    handler: async ({ req, user, body }) => {
      const { password, ...withoutPassword } = body;
      const result = await deps.idempotency.run(
        // The request's hash kept for Idempotency-Key leaves the password out.
        { userId: user.id, scope: 'POST /api/v1/users', key: req.get('Idempotency-Key'), body: withoutPassword },
        async (id) => {
          const existing = await deps.users.account(id);
          if (existing) {
            // Created by an earlier attempt that did not finish: the token cannot be shown again.
            return { status: 201, body: { id, name: existing.name, roles: existing.roles, login: existing.login, email: existing.email, chatId: existing.chatId } };
          }
          const created = await deps.users.create(body.name, body.roles, undefined, id, {
            login: body.login,
            passwordHash: password === undefined ? undefined : await hashPassword(password),
            email: body.email,
            chatId: body.chatId,
          });
          return {
            status: 201,
            body: { id: created.id, name: created.name, roles: created.roles, login: body.login ?? null, email: body.email ?? null, chatId: body.chatId ?? null, token: created.token },
          };
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
    summary: "The caller: roles, language, e-mail settings and, signed in with the session cookie, the session's CSRF token",
    tags: ['identity'],
    access: 'user',
    response: zMe,
    handler: async ({ user, session }) => {
      const account = await deps.users.account(user.id);
      if (!account) throw new AppError('unauthenticated', 'The account no longer exists.');
      return { body: meView(account, session), headers: { 'Cache-Control': 'no-store' } };
    },
  });

  // ---- Admins manage people (G2: admin only; G6: e-mail addresses are listed to admins only) ----
  const sessions = new SessionService(deps.db, deps.config.auth);
  routes.add({
    method: 'get',
    path: '/api/v1/users',
    summary: 'G6: everyone with their login name, e-mail and settings (admin only)',
    tags: ['identity'],
    access: 'user',
    roles: ['admin'],
    audit: true,
    query: z.object({ ...zPageQuery }).strict(),
    response: page(zUserAccount),
    handler: async ({ query }) => {
      const listed = await deps.users.list(query);
      return { body: { items: listed.items.map(accountView), nextCursor: listed.nextCursor } };
    },
  });
  routes.add({
    method: 'patch',
    path: '/api/v1/users/{id}',
    summary: "Change a person's name, roles, e-mail or chat id, or disable them (their sessions end); an admin cannot disable themself or drop their own admin role",
    tags: ['identity'],
    access: 'user',
    roles: ['admin'],
    params: zIdParam,
    body: zUserChange,
    response: zUserAccount,
    handler: async ({ user, params, body }) => {
      if (params.id === user.id && (body.disabled === true || (body.roles && !body.roles.includes('admin')))) {
        throw new AppError('conflict', 'An admin does not disable themself or drop their own admin role; another admin does.');
      }
      const updated = await deps.users.update(params.id, body);
      if (body.disabled === true) await sessions.endSessionsOf(params.id);
      return { body: accountView(updated) };
    },
  });
  routes.add({
    method: 'put',
    path: '/api/v1/users/{id}/password',
    summary: "Reset a person's password (and give a login name to one who has none): their sessions end and they choose their own at the next sign-in",
    tags: ['identity'],
    access: 'user',
    roles: ['admin'],
    auditBody: false,
    params: zIdParam,
    body: zPasswordReset,
    response: zUserAccount,
    handler: async ({ params, body }) => {
      const account = await deps.users.account(params.id);
      if (!account) throw new AppError('not_found', `No user ${params.id}.`);
      if (!account.login && !body.login) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'login', message: 'is required: this person has no login name yet' }]);
      const weakness = passwordWeakness(body.password, { login: account.login ?? body.login, name: account.name });
      if (weakness) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'password', message: weakness }]);
      const updated = await deps.users.setPassword(params.id, await hashPassword(body.password), true, body.login);
      await sessions.endSessionsOf(params.id);
      return { body: accountView(updated) };
    },
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
    body: z.object({ standInId: z.string().uuid('must be the id of a user'), from: zDate(), to: zDate() }).strict().openapi('StandInCreate'),
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
