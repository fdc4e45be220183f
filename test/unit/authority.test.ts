import {
  authorityTierFor,
  AuthorityTier,
  decidingTierOf,
  DEFAULT_THRESHOLDS,
  isAuthorityTier,
  mayDecide,
  TIER_ORDER,
  tierRank,
  zAuthorityThresholds,
} from '../../domain/authority';
import { yuanToFen } from '../../domain/money';

describe('C8: authorityTierFor', () => {
  test('C8: default thresholds are 10,000 and 100,000 yuan in fen', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ salesManagerMaxFen: 1_000_000, vpMaxFen: 10_000_000 });
  });

  test.each<[string, AuthorityTier]>([
    ['0', 'sales_manager'],
    ['0.01', 'sales_manager'],
    ['9999.99', 'sales_manager'],
    ['10000.00', 'sales_manager'],
    ['10000.01', 'vp'],
    ['50000', 'vp'],
    ['100000.00', 'vp'],
    ['100000.01', 'gm'],
    ['5000000', 'gm'],
  ])('C8: %s yuan at stake is decided by %s (boundaries inclusive)', (yuan, tier) => {
    expect(authorityTierFor(yuanToFen(yuan), DEFAULT_THRESHOLDS)).toBe(tier);
  });

  test('C8: thresholds default when omitted', () => {
    expect(authorityTierFor(1_000_000)).toBe('sales_manager');
    expect(authorityTierFor(1_000_001)).toBe('vp');
  });

  test('C8: thresholds are configurable', () => {
    const t = { salesManagerMaxFen: 500_000, vpMaxFen: 2_000_000 };
    expect(authorityTierFor(500_000, t)).toBe('sales_manager');
    expect(authorityTierFor(500_001, t)).toBe('vp');
    expect(authorityTierFor(2_000_000, t)).toBe('vp');
    expect(authorityTierFor(2_000_001, t)).toBe('gm');
  });

  test.each([-1, 1.5, NaN, Infinity])('C8: amount %p fen is refused', (amount) => {
    expect(() => authorityTierFor(amount)).toThrow(/amount at stake/);
  });
});

describe('C8, C13: who may decide', () => {
  test('C8: tiers are ordered sales manager < VP < GM', () => {
    expect(TIER_ORDER).toEqual(['sales_manager', 'vp', 'gm']);
    expect(tierRank('sales_manager')).toBeLessThan(tierRank('vp'));
    expect(tierRank('vp')).toBeLessThan(tierRank('gm'));
  });

  test('C8: only the three tier roles are authority tiers', () => {
    expect(TIER_ORDER.every(isAuthorityTier)).toBe(true);
    expect(['admin', 'sales', 'gm_office', 'VP', ''].some(isAuthorityTier)).toBe(false);
  });

  test.each<[string[], AuthorityTier, boolean]>([
    [['sales_manager'], 'sales_manager', true],
    [['sales_manager'], 'vp', false],
    [['sales_manager'], 'gm', false],
    [['vp'], 'sales_manager', true],
    [['vp'], 'vp', true],
    [['vp'], 'gm', false],
    [['gm'], 'sales_manager', true],
    [['gm'], 'vp', true],
    [['gm'], 'gm', true],
    [['sales', 'sales_manager'], 'sales_manager', true],
    [['sales', 'gm_office', 'admin'], 'sales_manager', false],
    [['auditor'], 'gm', false],
    [[], 'sales_manager', false],
  ])('C8, C13: roles %j deciding at %s: %p (a higher tier may stand in, never a lower one)', (roles, tier, expected) => {
    expect(mayDecide(roles, tier)).toBe(expected);
  });

  test.each<[string[], AuthorityTier, AuthorityTier | null]>([
    [['gm', 'vp'], 'sales_manager', 'vp'],
    [['gm', 'sales_manager'], 'vp', 'gm'],
    [['sales_manager', 'vp', 'gm'], 'sales_manager', 'sales_manager'],
    [['sales_manager', 'vp', 'gm'], 'gm', 'gm'],
    [['vp'], 'gm', null],
    [['sales', 'admin'], 'sales_manager', null],
  ])('C8: roles %j at tier %s decide as %p', (roles, tier, expected) => {
    expect(decidingTierOf(roles, tier)).toBe(expected);
  });

  test('C13: a readonly role list is accepted', () => {
    const roles: readonly string[] = Object.freeze(['vp']);
    expect(mayDecide(roles, 'vp')).toBe(true);
  });
});

describe('C8: zAuthorityThresholds', () => {
  const paths = (input: unknown) => {
    const r = zAuthorityThresholds().safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  test('C8: the defaults are valid', () => {
    expect(zAuthorityThresholds().parse(DEFAULT_THRESHOLDS)).toEqual(DEFAULT_THRESHOLDS);
  });

  test('C8: the sales manager maximum must be below the VP maximum', () => {
    expect(paths({ salesManagerMaxFen: 1_000_000, vpMaxFen: 1_000_000 })).toEqual(['vpMaxFen']);
    expect(paths({ salesManagerMaxFen: 2_000_000, vpMaxFen: 1_000_000 })).toEqual(['vpMaxFen']);
  });

  test('C8: thresholds are whole, non-negative fen', () => {
    expect(paths({ salesManagerMaxFen: -1, vpMaxFen: 1_000_000 })).toEqual(['salesManagerMaxFen']);
    expect(paths({ salesManagerMaxFen: 100.5, vpMaxFen: 1_000_000 })).toEqual(['salesManagerMaxFen']);
    expect(paths({ salesManagerMaxFen: 100, vpMaxFen: '1000000' })).toEqual(['vpMaxFen']);
    expect(paths({})).toEqual(['salesManagerMaxFen', 'vpMaxFen']);
  });
});
