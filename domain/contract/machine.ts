// A maintenance contract as a pure state machine (S15): one month (configurable) before a term
// ends, an expiry notice goes to the customer and someone is assigned to pursue the renewal; a
// renewal extends the contract and re-arms that notice; a term that ends unrenewed expires.
// Dates are local calendar dates; the instants (noticeAt, expiresAt) are computed outside with
// the company's time zone and handed in, so the workflow only compares instants.
import { AppError } from '../errors';
import { endOfLocalDate } from '../localTime';
import { fenToYuan } from '../money';
import { type Actor, hasAnyRole } from '../roles';
import { type ContractFiling, type ContractRenewal, zContractRenewal, zContractRenewalCommand } from '../serviceCall/schemas';
import { type ActionRequest, commandOf } from '../validation';
import type { ContractEvent, ContractView } from './views';

export type { ContractEvent, ContractView } from './views';

export interface ContractTermTimes {
  /** The first instant after the term's last day (local midnight). */
  expiresAt: string;
  /** When the expiry notice and the renewal work item are due (expiresAt − CONTRACT_NOTICE_LEAD). */
  noticeAt: string;
}

/** A term ending on local date `endsOn` expires at the following midnight; its notice comes `leadMs` before. */
export function contractTermTimes(endsOn: string, timeZone: string, leadMs: number): ContractTermTimes {
  const expires = endOfLocalDate(endsOn, timeZone);
  return { expiresAt: expires.toISOString(), noticeAt: new Date(expires.getTime() - leadMs).toISOString() };
}

export interface ContractTerm extends ContractTermTimes {
  n: number;
  endsOn: string;
  amountFen: number;
  startedAt: string;
}

export interface ContractInput {
  id: string;
  /** `HT2611-001`, given when recorded (contracts recorded before numbering have none). */
  number?: string;
  filing: ContractFiling;
  createdBy: { id: string; name: string };
  createdAt: string;
  term: ContractTermTimes;
  /** Events after which the contract's workflow continues as new (absent: the workflow's default). */
  historyLimit?: number;
}

export interface ContractState {
  id: string;
  /** `HT2611-001`; absent on contracts recorded before numbering. */
  number?: string | null;
  status: 'active' | 'expired';
  customer: ContractFiling['customer'];
  serialNos: string[];
  startsOn: string;
  endsOn: string;
  amountFen: number;
  createdBy: { id: string; name: string };
  createdAt: string;
  terms: ContractTerm[];
  /** Terms (by n) whose expiry notice has gone out. */
  noticesSent: number[];
  expiredAt: string | null;
  history: ContractEvent[];
}

export const CONTRACT_ROLES = ['service_dept'] as const;
const SYSTEM = { id: 'system', name: 'Contract timer' };

export function initialContractState(input: ContractInput): ContractState {
  const f = input.filing;
  return {
    id: input.id,
    number: input.number ?? null,
    status: 'active',
    customer: f.customer,
    serialNos: f.serialNos,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    amountFen: f.amount,
    createdBy: input.createdBy,
    createdAt: input.createdAt,
    terms: [{ n: 1, endsOn: f.endsOn, amountFen: f.amount, startedAt: input.createdAt, ...input.term }],
    noticesSent: [],
    expiredAt: null,
    history: [
      {
        seq: 1,
        at: input.createdAt,
        actor: input.createdBy,
        action: 'create',
        stage: 'active',
        data: { ...f, amount: fenToYuan(f.amount), ...input.term },
      },
    ],
  };
}

export const currentTerm = (s: ContractState): ContractTerm => s.terms[s.terms.length - 1]!;

type EventOf<A extends ContractEvent['action']> = Extract<ContractEvent, { action: A }>;

/** Records an event with the data its action records, in the contract's current status. */
function push<A extends ContractEvent['action']>(s: ContractState, actor: { id: string; name: string }, action: A, at: string, data: EventOf<A>['data'], comment?: string) {
  s.history.push({ seq: s.history.length + 1, at, actor: { id: actor.id, name: actor.name }, action, stage: s.status, data, ...(comment !== undefined ? { comment } : {}) } as EventOf<A>);
}

/** The renewal an Update carries: the API's parsed command, or the raw body of a recorded history. */
export const renewalOf = (req: ActionRequest<ContractRenewal>): ContractRenewal =>
  commandOf(req, { command: zContractRenewalCommand(), request: zContractRenewal() });

/** Refuses a renewal the actor may not make now. Changes nothing. */
export function checkRenewal(s: ContractState, actor: Actor, renewal: ContractRenewal, times: ContractTermTimes | undefined): void {
  if (!hasAnyRole(actor, CONTRACT_ROLES)) throw new AppError('forbidden', 'Renewing a contract needs the role service_dept.');
  if (s.status !== 'active') throw new AppError('wrong_stage', 'The contract has expired; record a new contract instead.');
  if (renewal.endsOn <= s.endsOn) {
    throw new AppError('invalid_input', 'A renewal must extend the contract.', [{ field: 'endsOn', message: `must be after the current end ${s.endsOn}` }]);
  }
  if (!times) throw new AppError('invalid_input', 'The renewal term could not be computed.', [{ field: 'endsOn', message: 'is invalid' }]);
}

export function applyRenewal(s: ContractState, actor: Actor, renewal: ContractRenewal, times: ContractTermTimes, nowMs: number): void {
  const at = new Date(nowMs).toISOString();
  const previous = currentTerm(s);
  s.terms.push({ n: previous.n + 1, endsOn: renewal.endsOn, amountFen: renewal.amount, startedAt: at, ...times });
  s.endsOn = renewal.endsOn;
  s.amountFen = renewal.amount;
  push(s, actor, 'renew', at, { endsOn: renewal.endsOn, amount: fenToYuan(renewal.amount), previousEndsOn: previous.endsOn, ...times }, renewal.comment);
}

/** What the contract waits for next: its expiry notice, then its expiry; null once expired. */
export function nextContractEvent(s: ContractState): { kind: 'notice' | 'expire'; atMs: number } | null {
  if (s.status !== 'active') return null;
  const term = currentTerm(s);
  if (!s.noticesSent.includes(term.n)) return { kind: 'notice', atMs: Date.parse(term.noticeAt) };
  return { kind: 'expire', atMs: Date.parse(term.expiresAt) };
}

export function markNoticeSent(s: ContractState, nowMs: number): ContractTerm {
  const term = currentTerm(s);
  s.noticesSent.push(term.n);
  push(s, SYSTEM, 'expiry_notice', new Date(nowMs).toISOString(), { term: term.n, endsOn: term.endsOn, expiresAt: term.expiresAt });
  return term;
}

export function expire(s: ContractState, nowMs: number): void {
  s.status = 'expired';
  s.expiredAt = new Date(nowMs).toISOString();
  push(s, SYSTEM, 'expire', s.expiredAt, { endsOn: s.endsOn });
}

export function contractView(s: ContractState): ContractView {
  const term = currentTerm(s);
  return {
    id: s.id,
    number: s.number ?? null,
    status: s.status,
    customer: s.customer,
    serialNos: s.serialNos,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    amount: fenToYuan(s.amountFen),
    noticeAt: term.noticeAt,
    expiresAt: term.expiresAt,
    noticeSent: s.noticesSent.includes(term.n),
    terms: s.terms.map((t) => ({ n: t.n, endsOn: t.endsOn, amount: fenToYuan(t.amountFen), noticeAt: t.noticeAt, expiresAt: t.expiresAt, startedAt: t.startedAt })),
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    expiredAt: s.expiredAt,
  };
}
