// A maintenance contract as the API returns it (S15) and its history events (G4), as zod schemas:
// the OpenAPI document describes them and the types the machine builds come from them.
import { z } from 'zod';
import { historyEvent } from '../caseHistory';
import type { Recorded } from '../caseHistory';
import { date, instant, yuan } from '../viewFields';


const zContractCustomer = z.object({ name: z.string(), address: z.string().optional(), phone: z.string().optional() }).strict();

export const zContractView = z
  .object({
    id: z.string(),
    number: z.string().nullable().describe('HT2611-001: HT, year, month, the serial in the month (null for contracts recorded before numbering)'),
    status: z.enum(['active', 'expired']),
    customer: zContractCustomer,
    serialNos: z.array(z.string()).describe('the products covered (S1: their calls are category B)'),
    startsOn: date(),
    endsOn: date('the last day covered, YYYY-MM-DD'),
    amount: yuan('the current term\'s amount in yuan with two decimals, e.g. "12345.60"'),
    noticeAt: instant('when the expiry notice of the current term is due (its end minus the notice lead), ISO-8601 instant'),
    expiresAt: instant('the first instant after the current term (local midnight after endsOn), ISO-8601'),
    noticeSent: z.boolean().describe("the current term's expiry notice has gone out"),
    terms: z.array(
      z
        .object({
          n: z.number().int().describe('1 for the first term, then each renewal'),
          endsOn: date(),
          amount: yuan(),
          noticeAt: instant(),
          expiresAt: instant(),
          startedAt: instant('when the term was recorded, ISO-8601 instant'),
        })
        .strict(),
    ),
    createdBy: z.object({ id: z.string(), name: z.string() }).strict(),
    createdAt: instant(),
    expiredAt: instant().nullable(),
  })
  .strict()
  .meta({ id: 'Contract', description: 'A maintenance contract (S15)' });
export type ContractView = z.infer<typeof zContractView>;

const zTermTimes = {
  expiresAt: instant('the first instant after the term, ISO-8601'),
  noticeAt: instant('when its expiry notice is due, ISO-8601 instant'),
};

/** Every kind of event a contract records, with its data. */
export const zContractHistoryEvent = z
  .discriminatedUnion('action', [
    historyEvent(
      'create',
      z.literal('active'),
      z
        .object({ customer: zContractCustomer, serialNos: z.array(z.string()), startsOn: date(), endsOn: date(), amount: yuan(), ...zTermTimes })
        .strict(),
    ),
    historyEvent('expiry_notice', z.literal('active'), z.object({ term: z.number().int().describe('the term n'), endsOn: date(), expiresAt: zTermTimes.expiresAt }).strict()),
    historyEvent('renew', z.literal('active'), z.object({ endsOn: date(), amount: yuan(), previousEndsOn: date(), ...zTermTimes }).strict()),
    historyEvent('expire', z.literal('expired'), z.object({ endsOn: date() }).strict()),
  ])
  .meta({ id: 'ContractHistoryEvent', description: 'One entry of a contract history (G4), by action' });
export type ContractHistoryEventView = z.infer<typeof zContractHistoryEvent>;
/** An event as the contract's state records it. */
export type ContractEvent = Recorded<ContractHistoryEventView>;
