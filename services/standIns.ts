// G7: stand-ins. A decider names someone to decide in their name for a period (holiday cover); a
// decision taken so names the decider, the stand-in and the period. Ended early, a stand-in stops
// at once.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import { type Role } from '../domain/roles';
import type { UserService } from './users';

export const zStandInView = z
  .object({
    id: z.string(),
    userId: z.string().describe('the decider stood in for'),
    standIn: z.object({ id: z.string(), name: z.string() }).strict(),
    from: z.string().describe('first day, YYYY-MM-DD (company time zone)'),
    to: z.string().describe('last day, YYYY-MM-DD'),
    createdAt: z.string(),
    createdBy: z.string(),
    endedAt: z.string().nullable().describe('when it was ended early; null while it runs its course'),
  })
  .strict()
  .meta({ id: 'StandIn' });
export type StandInView = z.infer<typeof zStandInView>;

type Row = { id: string; userId: string; standInId: string; fromDate: string; toDate: string; createdAt: Date; createdBy: string; endedAt: Date | null };

async function view(users: UserService, r: Row): Promise<StandInView> {
  const standIn = await users.byId(r.standInId);
  return {
    id: r.id,
    userId: r.userId,
    standIn: { id: r.standInId, name: standIn?.name ?? r.standInId },
    from: r.fromDate,
    to: r.toDate,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    endedAt: r.endedAt?.toISOString() ?? null,
  };
}

export class StandInService {
  constructor(
    private readonly db: Database,
    private readonly users: UserService,
  ) {}

  /** Names `standInId` to stand in for `userId` from `from` to `to`; refuses oneself and unknown people. */
  async create(userId: string, p: { standInId: string; from: string; to: string }, by: string, now: Date): Promise<StandInView> {
    if (p.standInId === userId) throw new AppError('invalid_input', 'A person does not stand in for themself.', [{ field: 'standInId', message: 'must be another person' }]);
    if (p.to < p.from) throw new AppError('invalid_input', 'The period ends before it starts.', [{ field: 'to', message: 'must not be before from' }]);
    if (!(await this.users.byId(userId))) throw new AppError('not_found', `No user ${userId}.`);
    if (!(await this.users.byId(p.standInId))) throw new AppError('invalid_input', 'The stand-in is unknown.', [{ field: 'standInId', message: 'no user has this id' }]);
    const row = await this.db.standIn.create({
      data: { id: randomUUID(), userId, standInId: p.standInId, fromDate: p.from, toDate: p.to, createdAt: now, createdBy: by },
    });
    return view(this.users, row);
  }

  async list(userId: string): Promise<StandInView[]> {
    const rows = await this.db.standIn.findMany({ where: { userId }, orderBy: [{ fromDate: 'asc' }, { id: 'asc' }] });
    return Promise.all(rows.map((r) => view(this.users, r)));
  }

  /** Ends a stand-in early (from now on it no longer applies). */
  async end(userId: string, id: string, by: string, now: Date): Promise<StandInView> {
    const row = await this.db.standIn.findUnique({ where: { id } });
    if (!row || row.userId !== userId) throw new AppError('not_found', `No stand-in ${id} for user ${userId}.`);
    if (row.endedAt) return view(this.users, row);
    return view(this.users, await this.db.standIn.update({ where: { id }, data: { endedAt: now, endedBy: by } }));
  }

  /**
   * The people `standInId` stands in for on local date `today`, with their roles: the deciders whose
   * decisions they may take now (G7).
   */
  async activeFor(standInId: string, today: string): Promise<{ for: { id: string; name: string; roles: Role[] }; from: string; to: string }[]> {
    const rows = await this.db.standIn.findMany({ where: { standInId, endedAt: null, fromDate: { lte: today }, toDate: { gte: today } }, orderBy: { createdAt: 'asc' } });
    const out = [];
    for (const r of rows) {
      const user = await this.users.byId(r.userId);
      if (user) out.push({ for: { id: user.id, name: user.name, roles: user.roles }, from: r.fromDate, to: r.toDate });
    }
    return out;
  }
}
