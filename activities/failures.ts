// How an activity's error leaves it (G1, G5): a refusal of the platform's own (AppError) and data
// the database can never accept are non-retryable ApplicationFailures with the error's code, so the
// workflow sees at once that trying again cannot help; anything else (the database busy or
// unreachable, a network fault) is retried by Temporal with back-off, and past the workflow's
// patience the case waits on a durable timer (workflows/kernel.ts `patientActivities`).
import { ApplicationFailure } from '@temporalio/activity';
import { AppError } from '../domain/errors';

/** Prisma codes that name data the database will never take, however often it is sent. */
const PERMANENT_PRISMA_CODES = new Set(['P2000', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023']);

export function classifyActivityError(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof AppError) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true });
  }
  const e = err as { name?: string; code?: string; message?: string };
  const permanent =
    e?.name === 'PrismaClientValidationError' ||
    (e?.name === 'PrismaClientKnownRequestError' && PERMANENT_PRISMA_CODES.has(e.code ?? '')) ||
    (err instanceof RangeError && /Invalid time value|Invalid date/i.test(err.message));
  if (permanent) {
    return ApplicationFailure.create({ type: 'invalid_input', message: `The data cannot be stored: ${(e.message ?? '').split('\n').filter(Boolean).pop() ?? ''}`, nonRetryable: true });
  }
  return err;
}

type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** The same activities, each throwing classified errors. */
export function classifyingErrors<A extends ActivityFunctions>(activities: A): A {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          throw classifyActivityError(err);
        }
      },
    ]),
  ) as A;
}
