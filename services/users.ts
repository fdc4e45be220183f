// Users and their roles. The API authenticates a bearer token by its hash.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { type Actor, type Role, ROLES } from '../domain/roles';
import { hashToken, newToken } from './tokens';

export interface UserRecord extends Actor {
  createdAt: Date;
}

const toUser = (row: { id: string; name: string; roles: string; createdAt: Date }): UserRecord => ({
  id: row.id,
  name: row.name,
  roles: (JSON.parse(row.roles) as string[]).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
  createdAt: row.createdAt,
});

/** How long an authenticated token is remembered by an API process before it is looked up again. */
export const TOKEN_CACHE_MS = 10_000;

export class UserService {
  private readonly tokenCache = new Map<string, { user: UserRecord; until: number }>();

  constructor(private readonly db: Database) {}

  /** Creates a user and returns the token, which is never stored in clear. */
  async create(name: string, roles: Role[], token: string = newToken(), id: string = randomUUID()): Promise<UserRecord & { token: string }> {
    const row = await this.db.user.create({
      data: { id, name, roles: JSON.stringify([...new Set(roles)]), tokenHash: hashToken(token) },
    });
    return { ...toUser(row), token };
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
  async ensureBootstrapAdmin(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    const admin = await this.db.user.findFirst({ where: { roles: { contains: '"admin"' } } });
    if (admin) return false;
    try {
      await this.create('Administrator', ['admin'], token);
      return true;
    } catch (err) {
      // Another API process created it first (the token hash is unique).
      if ((err as { code?: string }).code === 'P2002') return false;
      throw err;
    }
  }
}
