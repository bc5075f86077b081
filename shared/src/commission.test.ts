import {
  checkDistributionPolicy,
  commissionReversal,
  computeLineCommission,
  DEFAULT_DISTRIBUTION_POLICY,
  type CommissionLine,
  type CommissionParty,
  type DistributionPolicy,
} from './commission';

const distributor = (memberId: number, grade: string | null = null): CommissionParty => ({
  memberId,
  isDistributor: true,
  frozen: false,
  grade,
});
const shopper = (memberId: number): CommissionParty => ({ memberId, isDistributor: false, frozen: false, grade: null });
const frozen = (memberId: number): CommissionParty => ({ ...distributor(memberId), frozen: true });

const policy = (patch: Partial<DistributionPolicy> = {}): DistributionPolicy => ({
  ...DEFAULT_DISTRIBUTION_POLICY,
  grades: [{ code: 'gold', name: '金牌', rateBps: [1_500, 800] }],
  ...patch,
});

const line = (patch: Partial<CommissionLine> = {}): CommissionLine => ({
  paidFen: 10_000,
  quantity: 2,
  buyer: shopper(1),
  uplines: [distributor(2), distributor(3)],
  ...patch,
});

describe('computeLineCommission', () => {
  // [case, policy, line, expected [level, member, rateBps, amountFen][]]
  const table: Array<[string, DistributionPolicy, CommissionLine, Array<[number, number, number | null, number]>]> = [
    [
      'two levels at the default rates',
      policy(),
      line(),
      [
        [1, 2, 1_000, 1_000],
        [2, 3, 500, 500],
      ],
    ],
    ['single level pays the referrer only', policy({ levels: 1, rateBps: [1_000] }), line(), [[1, 2, 1_000, 1_000]]],
    [
      'each earner at their own grade',
      policy(),
      line({ uplines: [distributor(2, 'gold'), distributor(3)] }),
      [
        [1, 2, 1_500, 1_500],
        [2, 3, 500, 500],
      ],
    ],
    [
      'an unknown grade falls back to the default rates',
      policy(),
      line({ uplines: [distributor(2, 'gone')] }),
      [[1, 2, 1_000, 1_000]],
    ],
    [
      'a referrer who is not a distributor earns nothing and the level is not passed up',
      policy(),
      line({ uplines: [shopper(2), distributor(3)] }),
      [[2, 3, 500, 500]],
    ],
    [
      'a frozen distributor earns nothing',
      policy(),
      line({ uplines: [distributor(2), frozen(3)] }),
      [[1, 2, 1_000, 1_000]],
    ],
    [
      'self-purchase off: the buying distributor earns nothing on themself',
      policy(),
      line({ buyer: distributor(1) }),
      [
        [1, 2, 1_000, 1_000],
        [2, 3, 500, 500],
      ],
    ],
    [
      'self-purchase on: the buyer is level 1, their referrer level 2',
      policy({ selfPurchase: true }),
      line({ buyer: distributor(1) }),
      [
        [1, 1, 1_000, 1_000],
        [2, 2, 500, 500],
      ],
    ],
    [
      'self-purchase on, buyer not a distributor: as usual',
      policy({ selfPurchase: true }),
      line(),
      [
        [1, 2, 1_000, 1_000],
        [2, 3, 500, 500],
      ],
    ],
    [
      'the cap trims level 2 first',
      policy({ rateBps: [2_500, 1_000] }),
      line(),
      [
        [1, 2, 2_500, 2_500],
        [2, 3, 1_000, 500],
      ],
    ],
    [
      'the cap trims level 1 and leaves nothing for level 2',
      policy({ rateBps: [4_000, 1_000], lineCapBps: 3_000 }),
      line(),
      [[1, 2, 4_000, 3_000]],
    ],
    [
      'a cap of 100% never pays more than the line',
      policy({ rateBps: [10_000, 10_000], lineCapBps: 10_000 }),
      line(),
      [[1, 2, 10_000, 10_000]],
    ],
    [
      'a SKU rate beats the product rate and the grade',
      policy(),
      line({
        uplines: [distributor(2, 'gold'), distributor(3)],
        skuOverride: { mode: 'rate', rateBps: [300, 100] },
        productOverride: { mode: 'rate', rateBps: [2_000, 900] },
      }),
      [
        [1, 2, 300, 300],
        [2, 3, 100, 100],
      ],
    ],
    [
      'a product rate applies when the SKU has none',
      policy(),
      line({ skuOverride: { mode: 'none' }, productOverride: { mode: 'rate', rateBps: [2_000, 900] } }),
      [
        [1, 2, 2_000, 2_000],
        [2, 3, 900, 900],
      ],
    ],
    [
      'a fixed amount per unit',
      policy(),
      line({ productOverride: { mode: 'fixed', fixedFenPerUnit: [600, 200] } }),
      [
        [1, 2, null, 1_200],
        [2, 3, null, 400],
      ],
    ],
    [
      'a fixed amount is capped too',
      policy(),
      line({ productOverride: { mode: 'fixed', fixedFenPerUnit: [2_000, 500] } }),
      [[1, 2, null, 3_000]],
    ],
    [
      'amounts round down to the fen',
      policy({ rateBps: [333, 77] }),
      line({ paidFen: 999 }),
      [
        [1, 2, 333, 33],
        [2, 3, 77, 7],
      ],
    ],
    ['a rate too small for the line pays nothing', policy({ rateBps: [1, 1] }), line({ paidFen: 99 }), []],
    [
      'on a partly refunded line, the commission is on what is left',
      policy(),
      line({ refundedFen: 4_000 }),
      [
        [1, 2, 1_000, 600],
        [2, 3, 500, 300],
      ],
    ],
    ['a fully refunded line pays nothing', policy(), line({ refundedFen: 10_000 }), []],
    ['no uplines, no commission', policy(), line({ uplines: [] }), []],
    [
      'a third upline is never paid',
      policy(),
      line({ uplines: [distributor(2), distributor(3), distributor(4)] }),
      [
        [1, 2, 1_000, 1_000],
        [2, 3, 500, 500],
      ],
    ],
    [
      'a policy claiming three levels still pays two',
      { ...policy(), levels: 3, rateBps: [1_000, 500, 300] },
      line({ uplines: [distributor(2), distributor(3), distributor(4)] }),
      [
        [1, 2, 1_000, 1_000],
        [2, 3, 500, 500],
      ],
    ],
  ];

  it.each(table)('%s', (_name, p, l, expected) => {
    const result = computeLineCommission(p, l);
    expect(result.shares.map((s) => [s.level, s.memberId, s.rateBps, s.amountFen])).toEqual(expected);
    const total = result.shares.reduce((sum, s) => sum + s.amountFen, 0);
    expect(total).toBeLessThanOrEqual(result.capFen);
    expect(result.capFen).toBeLessThanOrEqual(result.baseFen);
  });

  it('says why a level earned nothing', () => {
    const result = computeLineCommission(policy(), line({ uplines: [shopper(2), frozen(3)] }));
    expect(result.skipped).toEqual([
      { level: 1, memberId: 2, reason: 'not_distributor' },
      { level: 2, memberId: 3, reason: 'frozen' },
    ]);
    expect(computeLineCommission(policy(), line({ uplines: [] })).skipped.map((s) => s.reason)).toEqual([
      'no_upline',
      'no_upline',
    ]);
  });

  it('refuses amounts that are not fen and refunds above what was paid', () => {
    expect(() => computeLineCommission(policy(), line({ paidFen: 10.5 }))).toThrow(RangeError);
    expect(() => computeLineCommission(policy(), line({ refundedFen: 10_001 }))).toThrow(RangeError);
    expect(() => computeLineCommission(policy(), line({ quantity: 0 }))).toThrow(RangeError);
  });
});

describe('commissionReversal', () => {
  it('takes back per level exactly what the refund removed, and a line refunded in full nets zero', () => {
    const p = policy({ rateBps: [2_500, 1_000] }); // the cap binds: level 2 is trimmed
    const base = line({ paidFen: 9_999, quantity: 3 });
    const held = computeLineCommission(p, base).shares.map(({ level, memberId, amountFen }) => ({
      level,
      memberId,
      amountFen,
    }));
    const accrued = held.reduce((s, h) => s + h.amountFen, 0);
    let refunded = 0;
    let reversed = 0;
    for (const refundFen of [1, 3_333, 17, 2_500, 4_148]) {
      refunded += refundFen;
      const back = commissionReversal(p, { ...base, refundedFen: refunded }, held);
      for (const r of back) {
        const h = held.find((x) => x.level === r.level && x.memberId === r.memberId)!;
        h.amountFen -= r.amountFen;
        reversed += r.amountFen;
        expect(h.amountFen).toBeGreaterThanOrEqual(0);
      }
      // what each earner holds is the commission on what the line keeps
      const now = computeLineCommission(p, { ...base, refundedFen: refunded }).shares;
      for (const h of held) expect(h.amountFen).toBe(now.find((n) => n.level === h.level)?.amountFen ?? 0);
    }
    expect(refunded).toBe(9_999);
    expect(reversed).toBe(accrued);
  });
});

describe('checkDistributionPolicy (the compliance guard)', () => {
  const codes = (input: unknown) => checkDistributionPolicy(input).map((v) => `${v.code}@${v.field}`);

  it('accepts the default policy and a single-level one', () => {
    expect(checkDistributionPolicy(DEFAULT_DISTRIBUTION_POLICY)).toEqual([]);
    expect(checkDistributionPolicy({ ...DEFAULT_DISTRIBUTION_POLICY, levels: 1, rateBps: [800] })).toEqual([]);
    expect(checkDistributionPolicy(policy())).toEqual([]);
  });

  it.each([
    [
      'three levels',
      { levels: 3, rateBps: [1_000, 500, 200] },
      ['COMMISSION_TOO_DEEP@levels', 'COMMISSION_TOO_DEEP@rateBps'],
    ],
    ['a third rate on two levels', { rateBps: [1_000, 500, 200] }, ['COMMISSION_TOO_DEEP@rateBps']],
    [
      'a grade with three rates',
      { grades: [{ code: 'vip', name: 'VIP', rateBps: [1, 2, 3] }] },
      ['COMMISSION_TOO_DEEP@grades.0.rateBps'],
    ],
    ['a paid entry', { entry: { feeFen: 9_900, minSpendFen: 0 } }, ['PAID_ENTRY@entry.feeFen']],
    [
      'a spend threshold as entry',
      { entry: { feeFen: 0, minSpendFen: 39_900 } },
      ['SPEND_THRESHOLD_ENTRY@entry.minSpendFen'],
    ],
    ['cash per recruit', { referralReward: { kind: 'cash', amount: 1_000 } }, ['CASH_PER_RECRUIT@referralReward.kind']],
    [
      'a cash team reward',
      {
        teamRewards: [
          { kind: 'points', amount: 500 },
          { kind: 'cash', amount: 100_000 },
        ],
      },
      ['CASH_TEAM_REWARD@teamRewards.1.kind'],
    ],
    ['a cap above the line', { lineCapBps: 12_000 }, ['CAP_OUT_OF_RANGE@lineCapBps']],
    ['a negative rate', { rateBps: [-5, 500] }, ['RATE_OUT_OF_RANGE@rateBps.0']],
    ['rates not matching the levels', { levels: 1 }, ['INVALID_POLICY@rateBps']],
    ['settling quarterly', { settlementCycle: 'quarterly' }, ['SETTLEMENT_TOO_SLOW@settlementCycle']],
  ])('refuses %s, with the reason', (_name, patch, expected) => {
    expect(codes({ ...DEFAULT_DISTRIBUTION_POLICY, ...patch })).toEqual(expected);
    for (const v of checkDistributionPolicy({ ...DEFAULT_DISTRIBUTION_POLICY, ...patch }))
      expect(v.message.length).toBeGreaterThan(10);
  });

  it('refuses what is not a policy', () => {
    expect(codes(null)).toEqual(['INVALID_POLICY@']);
    expect(codes({})).toContain('INVALID_POLICY@levels');
  });
});
