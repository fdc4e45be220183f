// S15: the maintenance contract's pure state machine and its notice times.
import { historyView } from '../../domain/caseHistory';
import { zContractHistoryEvent, zContractView } from '../../domain/contract/views';
import { applyRenewal, checkRenewal, contractView, expire, initialContractState, markNoticeSent, nextContractEvent } from '../../domain/contract/machine';
import { AppError } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import { zContractFiling, zContractRenewal } from '../../domain/serviceCall/schemas';
import { contractTermTimes } from '../../domain/contract/machine';

const DAY = 86_400_000;
const dept: Actor = { id: 'u-dept', name: 'Service dept', roles: ['service_dept'] };
const clerk: Actor = { id: 'u-clerk', name: 'Clerk', roles: ['clerk'] };
const TZ = 'Asia/Shanghai';

function contract(endsOn = '2027-03-31') {
  const filing = zContractFiling().parse({ customer: { name: 'Wuxi Works' }, serialNos: ['S1', 'S2'], startsOn: '2026-04-01', endsOn, amount: '12000' });
  return initialContractState({ id: 'k1', filing, createdBy: dept, createdAt: '2026-04-01T02:00:00.000Z', term: contractTermTimes(endsOn, TZ, 30 * DAY) });
}

function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

test('S15: a term ends at the local midnight after its last day; the notice comes 30 days (CONTRACT_NOTICE_LEAD) before', () => {
  expect(contractTermTimes('2027-03-31', TZ, 30 * DAY)).toEqual({ expiresAt: '2027-03-31T16:00:00.000Z', noticeAt: '2027-03-01T16:00:00.000Z' });
  expect(contractTermTimes('2027-03-31', 'UTC', 7 * DAY)).toEqual({ expiresAt: '2027-04-01T00:00:00.000Z', noticeAt: '2027-03-25T00:00:00.000Z' });
});

test('S15: the contract waits for its notice, then its expiry; then it expires', () => {
  const s = contract();
  expect(nextContractEvent(s)).toEqual({ kind: 'notice', atMs: Date.parse('2027-03-01T16:00:00.000Z') });
  const term = markNoticeSent(s, Date.parse('2027-03-01T16:00:00.000Z'));
  expect(term.n).toBe(1);
  expect(nextContractEvent(s)).toEqual({ kind: 'expire', atMs: Date.parse('2027-03-31T16:00:00.000Z') });
  expire(s, Date.parse('2027-03-31T16:00:00.000Z'));
  expect(nextContractEvent(s)).toBeNull();
  expect(s.history.map((e) => e.action)).toEqual(['create', 'expiry_notice', 'expire']);
  expect(contractView(s)).toMatchObject({ status: 'expired', amount: '12000.00', noticeSent: true });
});

test('S15: a renewal extends the contract and re-arms the notice for the new end', () => {
  const s = contract();
  markNoticeSent(s, Date.parse('2027-03-02T00:00:00Z'));
  const renewal = zContractRenewal().parse({ endsOn: '2028-03-31', amount: '13000' });
  const times = contractTermTimes('2028-03-31', TZ, 30 * DAY);
  checkRenewal(s, dept, renewal, times);
  applyRenewal(s, dept, renewal, times, Date.parse('2027-03-10T00:00:00Z'));
  expect(s.endsOn).toBe('2028-03-31');
  expect(s.amountFen).toBe(1_300_000);
  expect(nextContractEvent(s)).toEqual({ kind: 'notice', atMs: Date.parse(times.noticeAt) });
  expect(contractView(s)).toMatchObject({ endsOn: '2028-03-31', noticeSent: false, terms: [{ n: 1 }, { n: 2, endsOn: '2028-03-31', amount: '13000.00' }] });
});

test('S15: a renewal must extend the contract, by the service department, while it is active', () => {
  const s = contract();
  const times = contractTermTimes('2028-03-31', TZ, 30 * DAY);
  expect(refusal(() => checkRenewal(s, clerk, zContractRenewal().parse({ endsOn: '2028-03-31', amount: 1 }), times)).code).toBe('forbidden');
  const early = refusal(() => checkRenewal(s, dept, zContractRenewal().parse({ endsOn: '2027-03-31', amount: 1 }), times));
  expect(early.code).toBe('invalid_input');
  expect(early.details[0]!.field).toBe('endsOn');
  expire(s, Date.parse('2027-04-01T00:00:00Z'));
  expect(refusal(() => checkRenewal(s, dept, zContractRenewal().parse({ endsOn: '2028-03-31', amount: 1 }), times)).code).toBe('wrong_stage');
});

test('S15: a contract ending before it starts, or with repeated serials, is refused naming the field', () => {
  const bad = zContractFiling().safeParse({ customer: { name: 'X' }, serialNos: ['A', 'A'], startsOn: '2026-05-01', endsOn: '2026-04-30', amount: '1' });
  expect(bad.success).toBe(false);
  expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['endsOn', 'serialNos']);
});

test('G4: the view and every recorded event match the schemas the API publishes', () => {
  const wire = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));
  const filing = zContractFiling().parse({ customer: { name: 'Wuxi Works', address: 'Road 2', phone: '0510 1234 5678' }, serialNos: ['S1'], startsOn: '2026-04-01', endsOn: '2027-03-31', amount: 12000.5 });
  const s = initialContractState({ id: 'k2', filing, createdBy: { id: dept.id, name: dept.name }, createdAt: '2026-04-01T02:00:00.000Z', term: contractTermTimes('2027-03-31', TZ, 30 * DAY) });
  const check = () => {
    expect(zContractView.parse(wire(contractView(s)))).toEqual(wire(contractView(s)));
    for (const event of historyView(s.history)) expect(zContractHistoryEvent.parse(wire(event))).toEqual(wire(event));
  };
  check();
  markNoticeSent(s, Date.parse('2027-03-02T00:00:00Z'));
  const renewal = zContractRenewal().parse({ endsOn: '2028-03-31', amount: '13000', comment: 'two more years' });
  applyRenewal(s, dept, renewal, contractTermTimes('2028-03-31', TZ, 30 * DAY), Date.parse('2027-03-10T00:00:00Z'));
  check();
  expire(s, Date.parse('2028-03-31T16:00:00Z'));
  expect(s.history.map((e) => e.action)).toEqual(['create', 'expiry_notice', 'renew', 'expire']);
  check();
  const bare = initialContractState({ id: 'k3', filing: zContractFiling().parse({ customer: { name: 'Wuxi Works' }, serialNos: ['S9'], startsOn: '2026-04-01', endsOn: '2027-03-31', amount: '1' }), createdBy: { id: dept.id, name: dept.name }, createdAt: '2026-04-01T02:00:00.000Z', term: contractTermTimes('2027-03-31', TZ, 30 * DAY) });
  expect(zContractView.parse(wire(contractView(bare)))).toMatchObject({ customer: { name: 'Wuxi Works' } });
});
