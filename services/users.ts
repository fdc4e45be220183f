// Users and their roles. The API authenticates a bearer token by its hash.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { pageArgs, pageOf } from './pagination';
import { type Actor, type Role, ROLES } from '../domain/roles';
import type { Language } from '../domain/signIn';
import { hashToken, newToken } from './tokens';

/** How a person signs in and is reached: shown to admins and to the person (G6: the e-mail address is personal data). */
export interface UserAccount extends UserRecord {
  login: string | null;
  email: string | null;
  chatId: string | null;
  language: Language;
  emailOptOut: boolean;
  disabled: boolean;
  hasPassword: boolean;
  mustChangePassword: boolean;
}

type UserRow = {
  id: string;
  name: string;
  roles: string;
  createdAt: Date;
  login: string | null;
  email: string | null;
  chatId: string | null;
  language: string;
  emailOptOut: boolean;
  disabled: boolean;
  passwordHash: string | null;
  mustChangePassword: boolean;
};

export const toAccount = (row: UserRow): UserAccount => ({
  ...toUser(row),
  login: row.login,
  email: row.email,
  chatId: row.chatId,
  language: row.language === 'en' ? 'en' : 'zh-CN',
  emailOptOut: row.emailOptOut,
  disabled: row.disabled,
  hasPassword: row.passwordHash !== null,
  mustChangePassword: row.mustChangePassword,
});

/** What an admin may give a person besides a name and roles. */
export interface SignInDetails {
  login?: string;
  passwordHash?: string;
  email?: string;
  chatId?: string;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

export interface UserRecord extends Actor {
  createdAt: Date;
}

export const toUser = (row: { id: string; name: string; roles: string; createdAt: Date }): UserRecord => ({
  id: row.id,
  name: row.name,
  roles: (JSON.parse(row.roles) as string[]).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
  createdAt: row.createdAt,
});

/** The login name of the bootstrap admin (its initial password is BOOTSTRAP_ADMIN_PASSWORD). */
export const BOOTSTRAP_ADMIN_LOGIN = 'admin';

/** How long an authenticated token is remembered by an API process before it is looked up again. */
export const TOKEN_CACHE_MS = 10_000;

export class UserService {
  private readonly tokenCache = new Map<string, { user: UserRecord; until: number }>();

  constructor(private readonly db: Database) {}

  /** Creates a user and returns the token, which is never stored in clear. */
  async create(name: string, roles: Role[], token: string = newToken(), id: string = randomUUID(), details: SignInDetails = {}): Promise<UserRecord & { token: string }> {
    try {
      const row = await this.db.user.create({
        data: {
          id,
          name,
          roles: JSON.stringify([...new Set(roles)]),
          tokenHash: hashToken(token),
          login: details.login ?? null,
          passwordHash: details.passwordHash ?? null,
          email: details.email ?? null,
          chatId: details.chatId ?? null,
          // A password an admin chose is changed by the person at their first sign-in.
          mustChangePassword: details.passwordHash !== undefined,
        },
      });
      return { ...toUser(row), token };
    } catch (err) {
      if (details.login && isUniqueViolation(err) && (await this.db.user.findUnique({ where: { login: details.login } }))) {
        throw new AppError('conflict', `The login name ${details.login} is taken.`, [{ field: 'login', message: 'already taken' }]);
      }
      throw err;
    }
  }

  async account(id: string): Promise<UserAccount | null> {
    const row = await this.db.user.findUnique({ where: { id } });
    return row ? toAccount(row) : null;
  }

  /** Everyone, by name (admins). */
  async list(p: { limit: number; cursor?: string }): Promise<{ items: UserAccount[]; nextCursor: string | null }> {
    const rows = await this.db.user.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], ...pageArgs(p) });
    return pageOf(rows, p, toAccount);
  }

  /** An admin changes roles, e-mail, chat id or disables the person. */
  async update(id: string, change: { roles?: Role[]; email?: string | null; chatId?: string | null; disabled?: boolean; name?: string }): Promise<UserAccount> {
    const existing = await this.db.user.findUnique({ where: { id } });
    if (!existing) throw new AppError('not_found', `No user ${id}.`);
    const row = await this.db.user.update({
      where: { id },
      data: {
        ...(change.roles ? { roles: JSON.stringify([...new Set(change.roles)]) } : {}),
        ...(change.email !== undefined ? { email: change.email } : {}),
        ...(change.chatId !== undefined ? { chatId: change.chatId } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.name !== undefined ? { name: change.name } : {}),
      },
    });
    this.tokenCache.clear();
    return toAccount(row);
  }

  /** Sets a new password hash (and a login name when the person has none yet). */
  async setPassword(id: string, passwordHash: string, mustChange: boolean, login?: string): Promise<UserAccount> {
    const existing = await this.db.user.findUnique({ where: { id } });
    if (!existing) throw new AppError('not_found', `No user ${id}.`);
    try {
      const row = await this.db.user.update({
        where: { id },
        data: { passwordHash, mustChangePassword: mustChange, ...(login && !existing.login ? { login } : {}) },
      });
      return toAccount(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', `The login name ${login} is taken.`, [{ field: 'login', message: 'already taken' }]);
      throw err;
    }
  }

  async passwordHashOf(id: string): Promise<string | null> {
    return (await this.db.user.findUnique({ where: { id }, select: { passwordHash: true } }))?.passwordHash ?? null;
  }

  async setPreferences(id: string, p: { language?: Language; emailOptOut?: boolean }): Promise<UserAccount> {
    const row = await this.db.user.update({
      where: { id },
      data: { ...(p.language ? { language: p.language } : {}), ...(p.emailOptOut !== undefined ? { emailOptOut: p.emailOptOut } : {}) },
    });
    return toAccount(row);
  }

  /** The user a token belongs to; remembered for TOKEN_CACHE_MS, so a disabled user's token stops working within that time. */
  async byToken(token: string): Promise<UserRecord | null> {
    const tokenHash = hashToken(token);
    const cached = this.tokenCache.get(tokenHash);
    if (cached && cached.until > Date.now()) return cached.user;
    const row = await this.db.user.findUnique({ where: { tokenHash } });
    const user = row && !row.disabled ? toUser(row) : null;
    if (user) {
      if (this.tokenCache.size > 10_000) this.tokenCache.clear();
      this.tokenCache.set(tokenHash, { user, until: Date.now() + TOKEN_CACHE_MS });
    } else {
      this.tokenCache.delete(tokenHash);
    }
    return user;
  }

  async byId(id: string): Promise<UserRecord | null> {
    const row = await this.db.user.findUnique({ where: { id } });
    return row ? toUser(row) : null;
  }

  /** An active user holding `role`, or null (a disabled user counts as none). */
  async activeWithRole(id: string, role: Role): Promise<UserRecord | null> {
    const row = await this.db.user.findUnique({ where: { id } });
    const user = row && !row.disabled ? toUser(row) : null;
    return user && user.roles.includes(role) ? user : null;
  }

  /**
   * docs/API.md: when BOOTSTRAP_ADMIN_TOKEN is set and no admin exists, an admin with that token is
   * created. Returns true when it created one.
   */
  async ensureBootstrapAdmin(token: string | undefined, initialPasswordHash?: string): Promise<boolean> {
    if (!token) return false;
    const admin = await this.db.user.findFirst({ where: { roles: { contains: '"admin"' } } });
    if (admin) {
      if (initialPasswordHash) await this.ensureBootstrapAdminLogin(token, initialPasswordHash);
      return false;
    }
    try {
      await this.create('Administrator', ['admin'], token, undefined, initialPasswordHash ? { login: BOOTSTRAP_ADMIN_LOGIN, passwordHash: initialPasswordHash } : {});
      return true;
    } catch (err) {
      // Another API process created it first (the token hash is unique).
      if ((err as { code?: string }).code === 'P2002') return false;
      throw err;
    }
  }

  /**
   * An installation whose bootstrap admin was created before people signed in with passwords: the
   * admin of the bootstrap token gets the login `admin` and the initial password, once (never when
   * it has a password already or another person has that login).
   */
  private async ensureBootstrapAdminLogin(token: string, initialPasswordHash: string): Promise<void> {
    await this.db.user.updateMany({
      where: { tokenHash: hashToken(token), login: null, passwordHash: null },
      data: { login: BOOTSTRAP_ADMIN_LOGIN, passwordHash: initialPasswordHash, mustChangePassword: true },
    }).catch((err: unknown) => {
      if (!isUniqueViolation(err)) throw err;
    });
  }
}
