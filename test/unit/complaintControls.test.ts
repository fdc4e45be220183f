// C8, C13, G7: the approval controls as pure rules: the money at stake computed from the proposal's
// figures, the tier only ever raised by the GM office, four eyes, stand-ins; and a property over
// random sequences of actions: no sequence decides a case below the tier its proposal implies, or
// by whoever proposed or consolidated it.
import fc from 'fast-check';
import { DEFAULT_THRESHOLDS, type AuthorityTier, authorityTierFor, tierRank } from '../../domain/authority';
import { type Delegation, consolidate, decisionAuthority, highestDelegation, moneyAtStakeOf, proposalOf } from '../../domain/complaint/controls';
import { type ComplaintRules, type ComplaintState, applyAction, checkAction, initialComplaintState } from '../../domain/complaint/machine';
import { complaintCommandSchemas, zComplaintFiling } from '../../domain/complaint/schemas';
import { DEFAULT_STAGE_DEADLINES_MS } from '../../domain/complaint/stages';
import { AppError } from '../../domain/errors';
import type { Actor, Role } from '../../domain/roles';
import { COMPLAINT_ACTION_BODIES, complaintFiling } from '../support/fixtures';

const D = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-02T01:00:00.000Z');
const RULES: ComplaintRules = {
  caseDeadlineMs: { domestic: 13 * D, foreign: 17 * D },
  stageDeadlineMs: { ...DEFAULT_STAGE_DEADLINES_MS },
  reminderIntervalMs: D,
  jointInspectionReportMs: 3 * D,
  authority: DEFAULT_THRESHOLDS,
  controls: { stageEscalationAfterMs: D, stageEscalationRoles: {}, petitionWindowMs: 30 * D, timeZone: 'Asia/Shanghai' },
};
const who = (id: string, ...roles: Role[]): Actor => ({ id, name: id, roles });
const SALES = who('sales-1', 'sales');
const OFFICE = who('office-1', 'gm_office');

describe('C8, G7: the money at stake', () => {
  test('allowance + compensation + unit price × quantity, in fen', () => {
    const p = proposalOf({ kind: 'return', quantity: 37, unitPrice: 10_000, compensation: 130_000, allowance: 5 }, SALES, true);
    expect(moneyAtStakeOf(p)).toEqual({ allowanceFen: 5, compensationFen: 130_000, unitPriceFen: 10_000, quantity: 37, goodsValueFen: 370_000, totalFen: 500_005 });
    expect(p.amountFen).toBe(500_005);
  });
  test('an amount alone is the allowance of an allowance, the compensation otherwise; a return needs its unit price', () => {
    expect(moneyAtStakeOf(proposalOf({ kind: 'allowance', amount: 900 }, SALES, true))).toMatchObject({ allowanceFen: 900, compensationFen: 0, totalFen: 900 });
    expect(moneyAtStakeOf(proposalOf({ kind: 'reprocess', amount: 900 }, SALES, true))).toMatchObject({ allowanceFen: 0, compensationFen: 900, totalFen: 900 });
    expect(() => proposalOf({ kind: 'return', quantity: 5, amount: 900 }, SALES, true)).toThrow(AppError);
    expect(() => proposalOf({ kind: 'exchange', unitPrice: 900 }, SALES, true)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'handling.quantity' })] }));
    expect(() => proposalOf({ kind: 'return', quantity: 2, unitPrice: 100, amount: 201 }, SALES, true)).toThrow(/does not match/);
  });
  test('undetermined (C3): no money at stake yet, and the case cannot be consolidated', () => {
    const p = proposalOf({ kind: 'exchange', quantity: null, unitPrice: 100 }, SALES, true);
    expect(moneyAtStakeOf(p)).toBeNull();
    expect(() => consolidate(p, {}, DEFAULT_THRESHOLDS)).toThrow(expect.objectContaining({ code: 'wrong_stage' }));
  });
  test('the GM office’s different amount needs a reason and only ever raises the tier', () => {
    const big = proposalOf({ kind: 'compensation', compensation: 50_000_000 }, SALES, true);
    expect(() => consolidate(big, { amount: 100 }, DEFAULT_THRESHOLDS)).toThrow(/reason/);
    expect(consolidate(big, { amount: 100, amountReason: 'goodwill' }, DEFAULT_THRESHOLDS)).toMatchObject({ tier: 'gm', proposalTier: 'gm', override: { tier: 'sales_manager' } });
    const small = proposalOf({ kind: 'compensation', compensation: 100 }, SALES, true);
    expect(consolidate(small, { amount: 20_000_000, amountReason: 'line stoppage' }, DEFAULT_THRESHOLDS)).toMatchObject({ tier: 'gm', proposalTier: 'sales_manager', amountFen: 100 });
  });
});

describe('G7: four eyes and stand-ins', () => {
  const cover: Delegation = { for: { id: 'gm-1', name: 'GM', roles: ['gm'] }, from: '2026-12-01', to: '2026-12-20' };
  test('the proposer and the consolidator do not decide, even holding the tier; nor in the name of one of them', () => {
    expect(() => decisionAuthority(who('office-1', 'gm_office', 'gm'), 'vp', null, { proposerId: 'sales-1', consolidatorId: 'office-1' })).toThrow(/G7/);
    expect(() => decisionAuthority(who('deputy'), 'gm', { ...cover, for: { ...cover.for, id: 'office-1' } }, { consolidatorId: 'office-1' })).toThrow(/G7/);
  });
  test('a higher tier decides a lower one as itself; a stand-in decides as the person stood in for; nobody below the tier', () => {
    expect(decisionAuthority(who('vp-1', 'vp'), 'sales_manager', null, {})).toEqual({ decidedAs: 'vp', delegation: null });
    expect(decisionAuthority(who('deputy', 'qa'), 'gm', cover, {})).toEqual({ decidedAs: 'gm', delegation: cover });
    expect(() => decisionAuthority(who('vp-1', 'vp'), 'gm', null, {})).toThrow(/C8/);
  });
  test('of several people stood in for, the highest tier is used', () => {
    const vp: Delegation = { for: { id: 'vp-1', name: 'VP', roles: ['vp'] }, from: '2026-12-01', to: '2026-12-02' };
    expect(highestDelegation([vp, cover])).toBe(cover);
    expect(highestDelegation([])).toBeNull();
  });
});

describe('C8, G7: no sequence of actions decides below the proposal’s tier or by its proposer or consolidator', () => {
  const ACTORS: Actor[] = [
    SALES,
    who('sales-2', 'sales'),
    OFFICE,
    who('office-gm', 'gm_office', 'gm'),
    who('sm-1', 'sales_manager'),
    who('sales-sm', 'sales', 'sales_manager'),
    who('vp-1', 'vp'),
    who('gm-1', 'gm'),
    who('deputy', 'manager_office'),
  ];
  const DELEGATIONS: (Delegation | null)[] = [null, { for: { id: 'gm-1', name: 'gm-1', roles: ['gm'] }, from: '2026-11-01', to: '2026-12-31' }, { for: { id: 'office-gm', name: 'office-gm', roles: ['gm_office', 'gm'] }, from: '2026-11-01', to: '2026-12-31' }];
  const yuan = fc.integer({ min: 0, max: 30_000_000 });
  const byId = (...ids: string[]) => ACTORS.filter((a) => ids.includes(a.id));
  const handling = fc.oneof(
    fc.record({ kind: fc.constantFrom('return', 'exchange'), quantity: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }), unitPrice: yuan, compensation: fc.option(yuan, { nil: undefined }) }),
    fc.record({ kind: fc.constantFrom('allowance', 'compensation', 'reprocess', 'other'), amount: yuan }),
    fc.record({ kind: fc.constantFrom('allowance', 'compensation'), allowance: yuan, compensation: yuan }),
  );
  // Each kind of action mostly by the people who may take it, sometimes by others.
  const propose = fc.record({ command: fc.record({ action: fc.constant('propose'), handling }), actor: fc.constantFrom(...byId('sales-1', 'sales-2', 'sales-sm', 'office-1')), delegation: fc.constant(null) });
  const stateQuantity = fc.record({ command: fc.record({ action: fc.constant('state_quantity'), quantity: fc.integer({ min: 0, max: 1000 }) }), actor: fc.constantFrom(...byId('sales-1', 'sales-sm')), delegation: fc.constant(null) });
  const consolidate = fc.record({
    command: fc.record({ action: fc.constant('consolidate'), opinion: fc.constant('ok'), amount: fc.option(yuan, { nil: undefined }), amountReason: fc.option(fc.constant('a reason'), { nil: undefined }) }),
    actor: fc.constantFrom(...byId('office-1', 'office-gm', 'sales-1')),
    delegation: fc.constant(null),
  });
  const decide = fc.record({
    command: fc.record({ action: fc.constant('decide'), decision: fc.constantFrom('approve', 'reject', 'rework'), reworkStage: fc.constantFrom('proposal', 'consolidation') }),
    actor: fc.constantFrom(...ACTORS),
    delegation: fc.constantFrom(...DELEGATIONS),
  });
  const step = fc.oneof(propose, stateQuantity, consolidate, { arbitrary: decide, weight: 3 });
  // The usual opening: a salesperson proposes, the GM office consolidates.
  const usualPropose = propose.map((p) => ({ ...p, actor: p.actor.id === 'office-1' ? SALES : p.actor }));
  const usualConsolidate = consolidate.map((c) => ({ ...c, actor: c.actor.id === 'sales-1' ? OFFICE : c.actor }));
  // Most sequences open the way a case usually goes (a proposal, perhaps a stated quantity, a
  // consolidation) and then wander; the rest wander from the start.
  const sequence = fc.oneof(
    fc.tuple(usualPropose, fc.array(stateQuantity, { maxLength: 1 }), usualConsolidate, fc.array(step, { maxLength: 20 })).map(([p, q, c, rest]) => [p, ...q, c, ...rest]),
    fc.array(step, { maxLength: 25 }),
  );

  /** A case filed under the controls and taken to stage proposal. */
  function atProposal(): ComplaintState {
    const s = initialComplaintState({ id: 'case-p', filing: zComplaintFiling().parse(complaintFiling()), filedBy: SALES, filedAt: new Date(T0).toISOString(), rules: RULES });
    let now = T0;
    const run = (actor: Actor, body: Record<string, unknown>, extra = {}) => applyAction(s, actor, complaintCommandSchemas.union().parse(body), (now += 1000), extra);
    run(OFFICE, { action: 'register' }, { number: '2611-01' });
    run(who('qa-1', 'qa'), COMPLAINT_ACTION_BODIES.analyze!);
    run(who('mf-1', 'manufacturing'), complaintCommandSchemas.union().parse(zCommandOf(COMPLAINT_ACTION_BODIES.countermeasure!)));
    run(who('mo-1', 'manager_office'), { action: 'review' });
    run(OFFICE, { action: 'check' });
    return s;
  }
  const zCommandOf = (body: Record<string, unknown>) => body;

  test('property', () => {
    let decisions = 0;
    let overridden = 0;
    fc.assert(
      fc.property(sequence, (steps) => {
        const s = atProposal();
        let now = T0 + D;
        for (const { command: raw, actor, delegation } of steps) {
          const parsed = complaintCommandSchemas.union().safeParse(raw);
          if (!parsed.success) continue;
          const cmd = parsed.data;
          const context = { delegation };
          try {
            checkAction(s, actor, cmd, context, now);
          } catch (err) {
            if (err instanceof AppError) continue;
            throw err;
          }
          const tierBefore = s.tier;
          applyAction(s, actor, cmd, (now += 1000), context);
          const money = s.proposal && moneyAtStakeOf(s.proposal);
          if (s.tier && money && s.stage === 'decision') {
            // The tier is never below what the proposal's own figures imply.
            expect(tierRank(s.tier)).toBeGreaterThanOrEqual(tierRank(authorityTierFor(money.totalFen, DEFAULT_THRESHOLDS)));
          }
          if (cmd.action === 'consolidate' && cmd.amount !== undefined) overridden += 1;
          if (cmd.action === 'decide') {
            decisions += 1;
            const tier = tierBefore as AuthorityTier;
            const decided = s.history[s.history.length - 1]!;
            if (decided.action !== 'decide') throw new Error('the decision was not recorded');
            expect(tierRank(decided.data.decidedAs)).toBeGreaterThanOrEqual(tierRank(tier));
            expect([s.proposal?.by?.id, s.consolidation?.by?.id]).not.toContain(actor.id);
            const heldBy = decided.data.delegation ? [...actor.roles, ...decided.data.delegation.for.roles] : actor.roles;
            expect(heldBy).toContain(decided.data.decidedAs);
            if (decided.data.delegation) expect([s.proposal?.by?.id, s.consolidation?.by?.id]).not.toContain(decided.data.delegation.for.id);
          }
        }
      }),
      { seed: 20261130, numRuns: 600 },
    );
    // The sequences reach decisions and overrides often enough to mean something.
    expect(decisions).toBeGreaterThan(100);
    expect(overridden).toBeGreaterThan(50);
  });
});
