// Fields every view shares, described once for the OpenAPI document: instants, local dates, money
// and a person as the views show them.
import { z } from 'zod';

const described = (kind: string) => (what?: string) => z.string().describe(what ? `${what}; ${kind}` : kind);

/** An instant, ISO-8601 with offset (`2026-11-30T08:00:00.000Z`). */
export const instant = described('an ISO-8601 instant');
/** A local calendar date `YYYY-MM-DD` in the company time zone. */
export const date = described('a date YYYY-MM-DD');
/** Money: yuan as a string with two decimals, e.g. `"12345.60"`. */
export const yuan = described('yuan as a string with two decimals, e.g. "12345.60"');
/** A person as views name them. */
export const zPerson = z.object({ id: z.string().describe('user id'), name: z.string() }).strict();
