// Signing in for people: login name and password, a server-side session in an httpOnly cookie,
// CSRF protection of every change made with the cookie, back-off after failed sign-ins, audit
// entries without the password (G2 authorization, G4 audit, G6 personal data).
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLogger } from '../../observability/logger';
import { IdempotencyService } from '../../services/idempotency';
import { hashPassword } from '../../services/passwords';
import { SessionService } from '../../services/sessions';
import { UserService } from '../../services/users';
import { bearer, complaintFiling } from '../support/fixtures';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let auditor: { token: string; id: string };
const PASSWORD = 'Orchard-Lantern-42';

beforeAll(async () => {
  stack = await startTestStack({ LOGIN_BACKOFF_AFTER: '3', LOGIN_BACKOFF_MAX: '1m', SESSION_TTL: '12h' });
  auditor = await stack.user(['auditor']);
});
afterAll(async () => {
  await stack?.stop();
});

let seq = 0;
/** A person created by the admin with a login name and a first password. */
async function person(roles: string[], extra: Record<string, unknown> = {}) {
  const login = `person${++seq}.${Date.now() % 100000}`;
  const res = await stack.http
    .post('/api/v1/users')
    .set(bearer(stack.adminToken))
    .send({ name: `Person ${seq}`, roles, login, password: PASSWORD, email: `${login}@example.com`, ...extra })
    .expect(201);
  return { id: res.body.id as string, token: res.body.token as string, login };
}

/** Signs in; returns the cookie to send back and the CSRF token. */
async function signIn(login: string, password = PASSWORD) {
  const res = await stack.http.post('/api/v1/session').send({ login, password }).expect(204);
  const setCookie = res.headers['set-cookie'] as unknown as string[];
  const cookie = setCookie[0]!.split(';')[0]!;
  return { cookie, csrf: res.headers['x-csrf-token'] as string, setCookie: setCookie[0]! };
}

const auditOf = async (query: string) => (await stack.http.get(`/api/v1/audit?${query}`).set(bearer(auditor.token)).expect(200)).body.items as Record<string, unknown>[];

test('sign-in: 204 with an httpOnly SameSite=Lax cookie that expires and the CSRF token; GET /me works with the cookie and returns the token; audited (G4)', async () => {
  const p = await person(['sales']);
  const { cookie, csrf, setCookie } = await signIn(p.login);
  expect(setCookie).toMatch(/^asp_session=[A-Za-z0-9_-]{40,};/);
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  expect(setCookie).toMatch(/Max-Age=43200/);
  expect(csrf).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  const me = await stack.http.get('/api/v1/me').set('Cookie', cookie).expect(200);
  expect(me.body).toMatchObject({ id: p.id, login: p.login, roles: ['sales'], language: 'zh-CN', emailOptOut: false, mustChangePassword: true, csrfToken: csrf });
  expect(Date.parse(me.body.sessionExpiresAt)).toBeGreaterThan(Date.now());
  // Only a hash of the session id is stored.
  const stored = await stack.db.userSession.findMany({ where: { userId: p.id } });
  expect(stored).toHaveLength(1);
  expect(stored[0]!.idHash).not.toContain(cookie.split('=')[1]);
  const entries = await auditOf(`objectId=${p.id}&action=sign_in`);
  expect(entries.map((e) => [e.actorId, e.status, e.payloadHash])).toEqual([[p.id, 204, null]]);
});

test('G2: a change made with the cookie but without X-CSRF-Token is refused (403 naming CSRF) and changes nothing; with the token it goes through', async () => {
  const p = await person(['sales']);
  const { cookie, csrf } = await signIn(p.login);
  const refused = await stack.http.put('/api/v1/me/preferences').set('Cookie', cookie).send({ language: 'en' }).expect(403);
  expect(refused.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('CSRF') });
  await stack.http.put('/api/v1/me/preferences').set('Cookie', cookie).set('X-CSRF-Token', `${csrf}x`).send({ language: 'en' }).expect(403);
  expect((await stack.http.get('/api/v1/me').set('Cookie', cookie).expect(200)).body.language).toBe('zh-CN');

  const before = await stack.db.complaintCase.count();
  const filing = await stack.http.post('/api/v1/complaints').set('Cookie', cookie).send(complaintFiling()).expect(403);
  expect(filing.body.error.message).toMatch(/CSRF/);
  expect(await stack.db.complaintCase.count()).toBe(before);

  const changed = await stack.http.put('/api/v1/me/preferences').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ language: 'en', emailOptOut: true }).expect(200);
  expect(changed.body).toMatchObject({ language: 'en', emailOptOut: true });
  const filed = await stack.http.post('/api/v1/complaints').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(complaintFiling()).expect(201);
  expect(filed.body.filedBy ?? filed.body.id).toBeTruthy();
});

test('bearer tokens work exactly as before: no CSRF header needed, and a bearer header wins over a cookie', async () => {
  const p = await person(['sales']);
  const { cookie } = await signIn(p.login);
  await stack.http.post('/api/v1/complaints').set(bearer(p.token)).send(complaintFiling()).expect(201);
  const me = await stack.http.get('/api/v1/me').set(bearer(p.token)).set('Cookie', cookie).expect(200);
  expect(me.body).toMatchObject({ id: p.id, csrfToken: null, sessionExpiresAt: null });
  await stack.http.get('/api/v1/me').set(bearer('asp_not-a-token')).set('Cookie', cookie).expect(401);
});

test('a wrong password answers 401 and is audited without the password; repeated failures back off with 429 and Retry-After, bounded by LOGIN_BACKOFF_MAX', async () => {
  const p = await person(['qa']);
  for (let i = 0; i < 3; i++) {
    const res = await stack.http.post('/api/v1/session').send({ login: p.login, password: `Wrong-Password-${i}` }).expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(res.headers['set-cookie']).toBeUndefined();
  }
  // The third failure started the wait: even the right password waits now.
  const waiting = await stack.http.post('/api/v1/session').send({ login: p.login, password: PASSWORD }).expect(429);
  const retryAfter = Number(waiting.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(waiting.headers['set-cookie']).toBeUndefined();
  const failures = await auditOf(`objectId=${p.id}&action=sign_in`);
  expect(failures.map((e) => [e.actorId, e.status, e.errorCode, e.payloadHash])).toEqual([
    [null, 401, 'unauthenticated', null],
    [null, 401, 'unauthenticated', null],
    [null, 401, 'unauthenticated', null],
    [null, 429, 'rate_limited', null],
  ]);
  // However many failures, the wait never exceeds LOGIN_BACKOFF_MAX.
  await stack.db.loginThrottle.update({ where: { key: `login:${p.login}` }, data: { failures: 60, blockedUntil: null } });
  await stack.http.post('/api/v1/session').send({ login: p.login, password: 'Wrong-Password-x' }).expect(401);
  const capped = await stack.http.post('/api/v1/session').send({ login: p.login, password: PASSWORD }).expect(429);
  expect(Number(capped.headers['retry-after'])).toBeLessThanOrEqual(60);
  // Once the wait is over, the right password signs in.
  await stack.db.loginThrottle.deleteMany({ where: { key: `login:${p.login}` } });
  await signIn(p.login);
  // An unknown login name fails the same way.
  await stack.http.post('/api/v1/session').send({ login: 'nobody-here', password: PASSWORD }).expect(401);
});

test('sign-out: 204, the cookie is cleared and the session no longer works; audited (G4)', async () => {
  const p = await person(['sales']);
  const { cookie, csrf } = await signIn(p.login);
  await stack.http.delete('/api/v1/session').set('Cookie', cookie).expect(403);
  const out = await stack.http.delete('/api/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);
  expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^asp_session=; Max-Age=0/);
  await stack.http.get('/api/v1/me').set('Cookie', cookie).expect(401);
  const entries = await auditOf(`actorId=${p.id}&action=sign_out`);
  expect(entries.map((e) => e.status)).toEqual([403, 204]);
});

test('an expired session answers 401; a used session slides on, never past SESSION_MAX_AGE', async () => {
  const p = await person(['sales']);
  const { cookie } = await signIn(p.login);
  const sessionId = cookie.split('=')[1]!;
  const sessions = new SessionService(stack.db, stack.config.auth);
  const inTwoHours = new Date(Date.now() + 2 * 3600_000);
  const slid = await sessions.authenticate(sessionId, inTwoHours);
  expect(slid!.session.expiresAt.getTime()).toBe(inTwoHours.getTime() + 12 * 3600_000);
  expect(slid!.session.renewedCookie).toMatch(/Max-Age=43200/);
  expect(await sessions.authenticate(sessionId, new Date(Date.now() + 8 * 86_400_000))).toBeNull();
  await stack.db.userSession.updateMany({ where: { userId: p.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const res = await stack.http.get('/api/v1/me').set('Cookie', cookie).expect(401);
  expect(res.body.error.code).toBe('unauthenticated');
});

test('a printable report opens from a link with the cookie alone (GET needs no CSRF header)', async () => {
  const p = await person(['gm_office']);
  const { cookie } = await signIn(p.login);
  const res = await stack.http.get('/api/v1/reports/complaints/monthly?month=2026-01&format=html').set('Cookie', cookie).expect(200);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  await stack.http.get('/api/v1/reports/complaints/monthly?month=2026-01&format=html').expect(401);
});

test('G2, G6: only admins list people with their e-mail addresses, change roles or disable; disabling ends the sessions', async () => {
  const admin = await person(['admin']);
  const adminSession = await signIn(admin.login);
  const p = await person(['sales'], { chatId: 'li.na' });
  const s = await signIn(p.login);
  await stack.http.get('/api/v1/users').set('Cookie', s.cookie).expect(403);
  await stack.http.patch(`/api/v1/users/${p.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).send({ roles: ['admin'] }).expect(403);
  const listed = await stack.http.get('/api/v1/users?limit=200').set('Cookie', adminSession.cookie).expect(200);
  const row = listed.body.items.find((u: { id: string }) => u.id === p.id);
  expect(row).toMatchObject({ login: p.login, email: `${p.login}@example.com`, chatId: 'li.na', hasPassword: true, disabled: false });
  expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|passwordHash/);
  const patched = await stack.http
    .patch(`/api/v1/users/${p.id}`)
    .set('Cookie', adminSession.cookie)
    .set('X-CSRF-Token', adminSession.csrf)
    .send({ roles: ['sales', 'sales_manager'], email: 'li.na@example.org' })
    .expect(200);
  expect(patched.body).toMatchObject({ roles: ['sales', 'sales_manager'], email: 'li.na@example.org' });
  await stack.http.patch(`/api/v1/users/${admin.id}`).set('Cookie', adminSession.cookie).set('X-CSRF-Token', adminSession.csrf).send({ disabled: true }).expect(409);
  await stack.http.patch(`/api/v1/users/${p.id}`).set('Cookie', adminSession.cookie).set('X-CSRF-Token', adminSession.csrf).send({ disabled: true }).expect(200);
  await stack.http.get('/api/v1/me').set('Cookie', s.cookie).expect(401);
  await stack.http.post('/api/v1/session').send({ login: p.login, password: PASSWORD }).expect(401);
});

test('passwords: weak ones are refused with a 400 naming the field; a change needs the current one and ends the other sessions; an admin reset ends all', async () => {
  const weak = await stack.http.post('/api/v1/users').set(bearer(stack.adminToken)).send({ name: 'Weak', roles: ['qa'], login: 'weak.one', password: 'password123' }).expect(400);
  expect(weak.body.error.details).toEqual([{ field: 'password', message: expect.stringContaining('guess') }]);
  const short = await stack.http.post('/api/v1/users').set(bearer(stack.adminToken)).send({ name: 'Short', roles: ['qa'], login: 'short.one', password: 'Ab1!x' }).expect(400);
  expect(short.body.error.details[0]).toMatchObject({ field: 'password', message: expect.stringContaining('at least 10') });
  const p = await person(['qa']);
  const first = await signIn(p.login);
  const second = await signIn(p.login);
  const wrong = await stack.http.put('/api/v1/me/password').set('Cookie', first.cookie).set('X-CSRF-Token', first.csrf).send({ current: 'Not-The-Password-1', new: 'Copper-Kettle-Sings-7' }).expect(403);
  expect(wrong.body.error.message).toMatch(/current password/);
  const tooWeak = await stack.http.put('/api/v1/me/password').set('Cookie', first.cookie).set('X-CSRF-Token', first.csrf).send({ current: PASSWORD, new: '1234567890' }).expect(400);
  expect(tooWeak.body.error.details[0].field).toBe('new');
  const changed = await stack.http.put('/api/v1/me/password').set('Cookie', first.cookie).set('X-CSRF-Token', first.csrf).send({ current: PASSWORD, new: 'Copper-Kettle-Sings-7' }).expect(200);
  expect(changed.body.mustChangePassword).toBe(false);
  await stack.http.get('/api/v1/me').set('Cookie', first.cookie).expect(200);
  await stack.http.get('/api/v1/me').set('Cookie', second.cookie).expect(401);
  await stack.http.post('/api/v1/session').send({ login: p.login, password: PASSWORD }).expect(401);
  await signIn(p.login, 'Copper-Kettle-Sings-7');
  const reset = await stack.http.put(`/api/v1/users/${p.id}/password`).set(bearer(stack.adminToken)).send({ password: 'Harbour-Window-Blue-3' }).expect(200);
  expect(reset.body.mustChangePassword).toBe(true);
  await stack.http.get('/api/v1/me').set('Cookie', first.cookie).expect(401);
  await signIn(p.login, 'Harbour-Window-Blue-3');
});

test('G6: the password appears in no log line, audit entry, response or stored column', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('trace', 'api', sink);
  const users = new UserService(stack.db);
  const app = createApp({ config: stack.config, db: stack.db, temporal: stack.client, logger, users, idempotency: new IdempotencyService(stack.db), now: () => new Date() });
  const http = request(app);
  const secret = 'Violet-Meadow-Hidden-91';
  const responses: string[] = [];
  const keep = (res: request.Response) => responses.push(JSON.stringify({ headers: res.headers, body: res.body, text: res.text }));
  const created = await http.post('/api/v1/users').set(bearer(stack.adminToken)).send({ name: 'Secret Keeper', roles: ['qa'], login: 'secret.keeper', password: secret, email: 'keeper@example.com' }).expect(201);
  keep(created);
  keep(await http.post('/api/v1/session').send({ login: 'secret.keeper', password: `${secret}-wrong` }).expect(401));
  const ok = await http.post('/api/v1/session').send({ login: 'secret.keeper', password: secret }).expect(204);
  keep(ok);
  const cookie = (ok.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  keep(await http.get('/api/v1/me').set('Cookie', cookie).expect(200));
  keep(await http.put('/api/v1/me/password').set('Cookie', cookie).set('X-CSRF-Token', ok.headers['x-csrf-token'] as string).send({ current: secret, new: `${secret}-next` }).expect(200));
  keep(await http.get('/api/v1/users?limit=200').set(bearer(stack.adminToken)).expect(200));
  const audit = JSON.stringify(await stack.db.auditEntry.findMany());
  const row = JSON.stringify(await stack.db.user.findUnique({ where: { id: created.body.id } }));
  const idempotency = JSON.stringify(await stack.db.idempotencyRecord.findMany());
  expect(lines.length).toBeGreaterThan(0);
  for (const [where, text] of [['logs', lines.join('')], ['responses', responses.join('')], ['audit', audit], ['user row', row], ['idempotency', idempotency]] as const) {
    expect({ where, leaks: text.includes(secret) }).toEqual({ where, leaks: false });
  }
  expect(responses.join('')).not.toMatch(/scrypt\$/);
});

test('the bootstrap admin gets the login "admin" and the initial password, to be changed after the first sign-in', async () => {
  const users = new UserService(stack.db);
  await users.ensureBootstrapAdmin(stack.adminToken, await hashPassword('Initial-Admin-Pass-1'));
  const { cookie } = await signIn('admin', 'Initial-Admin-Pass-1');
  const me = await stack.http.get('/api/v1/me').set('Cookie', cookie).expect(200);
  expect(me.body).toMatchObject({ login: 'admin', roles: ['admin'], mustChangePassword: true });
  // Once the admin has a password, a later start does not put the initial one back.
  await stack.db.user.updateMany({ where: { login: 'admin' }, data: { passwordHash: await hashPassword('Chosen-By-Admin-77'), mustChangePassword: false } });
  await users.ensureBootstrapAdmin(stack.adminToken, await hashPassword('Initial-Admin-Pass-1'));
  await stack.http.post('/api/v1/session').send({ login: 'admin', password: 'Initial-Admin-Pass-1' }).expect(401);
  await signIn('admin', 'Chosen-By-Admin-77');
});
