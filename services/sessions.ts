// People's browser sessions. Signing in with a login name and password opens a session: a random
// id that the browser keeps in an httpOnly cookie; the database keeps only its SHA-256 hash, so any
// API process accepts it and a copy of the table signs no one in. A session ends SESSION_TTL after
// its last use (sliding), never later than SESSION_MAX_AGE after signing in, and at sign-out.
// Requests that change something with the cookie must carry the session's CSRF token (derived from
// the session id, so it needs no storage and cannot be computed from the stored hash).
// Failed sign-ins back off per login name and per address (LOGIN_BACKOFF_AFTER, LOGIN_BACKOFF_MAX).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from '../config';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { signInBackoffMs } from '../domain/signIn';
import { verifyPassword } from './passwords';
import { type UserRecord, toUser } from './users';

/** The cookie that carries the session id. */
export const SESSION_COOKIE = 'asp_session';
/** The request header that carries the CSRF token on a cookie-authenticated change. */
export const CSRF_HEADER = 'X-CSRF-Token';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const sessionHash = (sessionId: string) => sha256(`session:${sessionId}`);

/** The session's CSRF token: a hash of the session id under another label. */
export const csrfTokenOf = (sessionId: string): string => createHash('sha256').update(`csrf:${sessionId}`, 'utf8').digest('base64url');

/** True when `given` is the session's CSRF token (compared in constant time). */
export function csrfMatchesToken(session: { csrfToken: string }, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The session id in a Cookie header, or null. */
export function sessionIdFromCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** The Set-Cookie value that gives the browser the session (or, with null, takes it away). */
export function sessionCookie(sessionId: string | null, maxAgeMs: number, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
  if (sessionId === null) return [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attributes].join('; ');
  return [`${SESSION_COOKIE}=${sessionId}`, `Max-Age=${Math.max(1, Math.floor(maxAgeMs / 1000))}`, ...attributes].join('; ');
}

export interface SessionContext {
  /** The hash under which the session is stored. */
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
  /** Set when this request moved the expiry on: the cookie is sent again with the new Max-Age. */
  renewedCookie?: string;
}

export interface SignInResult {
  user: UserRecord;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  cookie: string;
}

/** The sign-in failed; `userId` names the person when the login name is theirs (for the audit log). */
export class SignInRefused extends AppError {
  constructor(code: 'unauthenticated' | 'rate_limited' | 'forbidden', message: string, readonly userId: string | null, readonly retryAfter?: number) {
    super(code, message);
  }
}

/** How much a session's expiry must move before it is written (at most one write a minute per session). */
const RENEW_STEP_MS = 60_000;

export class SessionService {
  constructor(private readonly db: Database, private readonly config: AuthConfig) {}

  private throttleKeys(login: string, address: string): { key: string; freeAttempts: number }[] {
    return [
      { key: `login:${login.toLowerCase()}`, freeAttempts: this.config.backoffAfter },
      // Many people may sign in from one office address: it gets four times as many.
      { key: `addr:${address}`, freeAttempts: this.config.backoffAfter * 4 },
    ];
  }

  /** Throws 429 with the seconds to wait when the login name or the address must still wait. */
  private async checkBackoff(login: string, address: string, now: Date, userId: string | null): Promise<void> {
    const rows = await this.db.loginThrottle.findMany({ where: { key: { in: this.throttleKeys(login, address).map((k) => k.key) } } });
    const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
    if (until > now.getTime()) {
      const retryAfter = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
      throw new SignInRefused('rate_limited', `Too many failed sign-ins; try again in ${retryAfter} s.`, userId, retryAfter);
    }
  }

  private async recordFailure(login: string, address: string, now: Date): Promise<void> {
    for (const { key, freeAttempts } of this.throttleKeys(login, address)) {
      const previous = await this.db.loginThrottle.findUnique({ where: { key } });
      // A day without failures starts the count again.
      const failures = previous && now.getTime() - previous.lastFailureAt.getTime() < 86_400_000 ? previous.failures + 1 : 1;
      const wait = signInBackoffMs(failures, freeAttempts, this.config.backoffMaxMs);
      const data = { failures, lastFailureAt: now, blockedUntil: wait > 0 ? new Date(now.getTime() + wait) : null };
      await this.db.loginThrottle.upsert({ where: { key }, update: data, create: { key, ...data } });
    }
  }

  /** Opens a session for the person with this login name and password, or refuses (401, 429). */
  async signIn(login: string, password: string, address: string, now: Date): Promise<SignInResult> {
    const row = await this.db.user.findUnique({ where: { login } });
    await this.checkBackoff(login, address, now, row?.id ?? null);
    const ok = await verifyPassword(password, row?.passwordHash);
    if (!row || !ok || row.disabled) {
      await this.recordFailure(login, address, now);
      throw new SignInRefused('unauthenticated', 'The login name or the password is wrong.', row?.id ?? null);
    }
    await this.db.loginThrottle.deleteMany({ where: { key: `login:${login.toLowerCase()}` } });
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlMs);
    await this.db.userSession.create({
      data: { idHash: sessionHash(sessionId), userId: row.id, createdAt: now, lastSeenAt: now, expiresAt, address: address.slice(0, 100) },
    });
    // Sessions that ended long ago are cleared away as people sign in.
    await this.db.userSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
    return { user: toUser(row), sessionId, csrfToken: csrfTokenOf(sessionId), expiresAt, cookie: sessionCookie(sessionId, this.config.sessionTtlMs, this.config.secureCookie) };
  }

  /**
   * A signed-in person proves their current password (to change it); wrong answers count towards
   * the same back-off as failed sign-ins.
   */
  async checkCurrentPassword(login: string, password: string, passwordHash: string | null, address: string, now: Date, userId: string): Promise<void> {
    await this.checkBackoff(login, address, now, userId);
    if (!(await verifyPassword(password, passwordHash))) {
      await this.recordFailure(login, address, now);
      throw new SignInRefused('forbidden', 'The current password is wrong.', userId);
    }
    await this.db.loginThrottle.deleteMany({ where: { key: `login:${login.toLowerCase()}` } });
  }

  /** The person and session of a session id, moving its expiry on; null when it is unknown, ended or the person disabled. */
  async authenticate(sessionId: string, now: Date): Promise<{ user: UserRecord; session: SessionContext } | null> {
    const idHash = sessionHash(sessionId);
    const row = await this.db.userSession.findUnique({ where: { idHash } });
    if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
    const userRow = await this.db.user.findUnique({ where: { id: row.userId } });
    if (!userRow || userRow.disabled) return null;
    const latest = Math.min(now.getTime() + this.config.sessionTtlMs, row.createdAt.getTime() + this.config.sessionMaxAgeMs);
    const session: SessionContext = { idHash, csrfToken: csrfTokenOf(sessionId), expiresAt: row.expiresAt };
    if (latest - row.expiresAt.getTime() >= RENEW_STEP_MS) {
      session.expiresAt = new Date(latest);
      await this.db.userSession.updateMany({ where: { idHash }, data: { lastSeenAt: now, expiresAt: session.expiresAt } });
      session.renewedCookie = sessionCookie(sessionId, latest - now.getTime(), this.config.secureCookie);
    }
    return { user: toUser(userRow), session };
  }

  async signOut(idHash: string): Promise<void> {
    await this.db.userSession.deleteMany({ where: { idHash } });
  }

  /** Ends the person's sessions, all but `keep` (after a password change, a reset or disabling). */
  async endSessionsOf(userId: string, keep?: string): Promise<void> {
    await this.db.userSession.deleteMany({ where: { userId, ...(keep ? { idHash: { not: keep } } : {}) } });
  }

  clearingCookie(): string {
    return sessionCookie(null, 0, this.config.secureCookie);
  }
}
