// People signing in and out with a login name and password (a session cookie), and their own
// settings. Machine clients keep bearer tokens; see services/sessions.ts for the session rules.
import { AppError } from '../../domain/errors';
import { passwordWeakness } from '../../domain/signIn';
import { hashPassword } from '../../services/passwords';
import { CSRF_HEADER, SessionService, SignInRefused } from '../../services/sessions';
import type { RouteModule } from '../context';
import { zMe, zPasswordChange, zPreferences, zSessionCreate } from '../schemas/accounts';
import { meView } from './users';

export const sessionRoutes: RouteModule = (routes, deps) => {
  const sessions = new SessionService(deps.db, deps.config.auth);

  routes.add({
    method: 'post',
    path: '/api/v1/session',
    summary: `Sign in: 204 with the session cookie (httpOnly) and the session's CSRF token in the ${CSRF_HEADER} response header; 401 wrong login or password, 429 after repeated failures (Retry-After)`,
    tags: ['identity'],
    access: 'public',
    auditAction: 'sign_in',
    refusesCredentials: 'The login name or the password is wrong',
    auditBody: false,
    body: zSessionCreate,
    response: null,
    handler: async ({ req, body, audit }) => {
      try {
        const signedIn = await sessions.signIn(body.login.trim().toLowerCase(), body.password, req.ip ?? 'unknown', deps.now());
        audit.actor = { id: signedIn.user.id, roles: signedIn.user.roles };
        audit.objectId = signedIn.user.id;
        return { body: undefined, headers: { 'Set-Cookie': signedIn.cookie, [CSRF_HEADER]: signedIn.csrfToken, 'Cache-Control': 'no-store' } };
      } catch (err) {
        // A failure names the person when the login name is theirs; never the password.
        if (err instanceof SignInRefused) audit.objectId = err.userId;
        throw err;
      }
    },
  });

  routes.add({
    method: 'delete',
    path: '/api/v1/session',
    summary: 'Sign out: the session ends and the cookie is cleared (needs the CSRF header)',
    tags: ['identity'],
    access: 'user',
    auditAction: 'sign_out',
    response: null,
    handler: async ({ session }) => {
      if (session) await sessions.signOut(session.idHash);
      return { body: undefined, headers: { 'Set-Cookie': sessions.clearingCookie() } };
    },
  });

  routes.add({
    method: 'put',
    path: '/api/v1/me/preferences',
    summary: "The caller's language (zh-CN | en) and e-mail opt-out",
    tags: ['identity'],
    access: 'user',
    body: zPreferences,
    response: zMe,
    handler: async ({ user, session, body }) => {
      const account = await deps.users.setPreferences(user.id, body);
      return { body: meView(account, session) };
    },
  });

  routes.add({
    method: 'put',
    path: '/api/v1/me/password',
    summary: "Change one's own password: the current one and the new one; the person's other sessions end",
    tags: ['identity'],
    access: 'user',
    auditBody: false,
    body: zPasswordChange,
    response: zMe,
    handler: async ({ req, user, session, body }) => {
      const account = await deps.users.account(user.id);
      if (!account?.hasPassword || !account.login) throw new AppError('wrong_stage', 'This account has no password yet; an admin sets the first one (PUT /api/v1/users/{id}/password).');
      await sessions.checkCurrentPassword(account.login, body.current, await deps.users.passwordHashOf(user.id), req.ip ?? 'unknown', deps.now(), user.id);
      const weakness = passwordWeakness(body.new, account) ?? (body.new === body.current ? 'must differ from the current password' : null);
      if (weakness) throw new AppError('invalid_input', 'The request body is invalid.', [{ field: 'new', message: weakness }]);
      const updated = await deps.users.setPassword(user.id, await hashPassword(body.new), false);
      await sessions.endSessionsOf(user.id, session?.idHash);
      return { body: meView(updated, session) };
    },
  });
};
