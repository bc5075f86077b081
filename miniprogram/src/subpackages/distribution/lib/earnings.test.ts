import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { CommissionView, EarningsView } from '@mall/shared';
import { formatLocal } from '../../../lib/time';
import { appendPage, balancesOf, commissionRowOf, formatRate, standingOf } from './earnings';

const ROOT = join(__dirname, '../../../../..');

const earnings = (
  distributor: Partial<EarningsView['distributor']>,
  more: Partial<Omit<EarningsView, 'distributor'>> = {},
): EarningsView => ({
  distributor: { memberId: 7, status: 'none', gradeCode: null, reason: null, earns: false, ...distributor },
  frozenFen: 0,
  settlingFen: 0,
  availableFen: 0,
  owedFen: 0,
  canApply: false,
  ...more,
});

const commission = (over: Partial<CommissionView> = {}): CommissionView => ({
  id: 1,
  orderNo: 'M2026120100001',
  level: 1,
  productId: 3,
  skuId: 4,
  quantity: 1,
  linePaidFen: 5_000,
  rateBps: 1_000,
  amountFen: 500,
  reversedFen: 0,
  status: 'frozen',
  accruedAt: '2026-12-01T02:03:00.000Z',
  releaseAt: null,
  releasedAt: null,
  ...over,
});

describe('the standing at the top of the earnings center', () => {
  it.each([
    ['no row, applications reviewed', earnings({}, { canApply: true }), 'can_apply', '申请成为分销员'],
    ['applied', earnings({ status: 'applied' }), 'applied', null],
    [
      'rejected, may apply again',
      earnings({ status: 'rejected', reason: '资料不全' }, { canApply: true }),
      'rejected',
      '重新申请',
    ],
    ['rejected, applications closed since', earnings({ status: 'rejected', reason: '资料不全' }), 'rejected', null],
    ['frozen', earnings({ status: 'frozen', reason: '违规推广' }), 'frozen', null],
    ['active', earnings({ status: 'active', earns: true }), 'active', null],
    ['no row, every member earns', earnings({ earns: true }), 'active', null],
    ['no row, the shop appoints', earnings({}), 'appointed_only', null],
  ] as const)('%s → %s', (_case, view, key, applyLabel) => {
    const standing = standingOf(view);
    expect(standing.key).toBe(key);
    expect(standing.applyLabel).toBe(applyLabel);
  });

  it('shows the shop’s reason for 未通过 and 已冻结', () => {
    expect(standingOf(earnings({ status: 'rejected', reason: '资料不全' }))).toMatchObject({
      label: '未通过',
      reason: '资料不全',
    });
    expect(standingOf(earnings({ status: 'frozen', reason: '违规推广' }))).toMatchObject({
      label: '已冻结',
      reason: '违规推广',
    });
    expect(standingOf(earnings({ status: 'applied' })).label).toBe('审核中');
  });

  it('never words the center as recruiting or unlocking by sharing (config/forbidden-words.json)', () => {
    const words = JSON.parse(readFileSync(join(ROOT, 'config/forbidden-words.json'), 'utf8')) as { pyramid: string[] };
    const sources = ['lib/earnings.ts', 'pages/center/index.tsx'].map((f) =>
      readFileSync(join(__dirname, '..', f), 'utf8'),
    );
    for (const source of sources) {
      for (const word of [...words.pyramid, '解锁', '拉人', '下线', '招募']) expect(source).not.toContain(word);
    }
  });
});

describe('balances', () => {
  it('shows 冻结中, 待确认 and 可提现 in yuan, and 待扣回 only when something is owed', () => {
    expect(balancesOf(earnings({}, { frozenFen: 640, settlingFen: 500, availableFen: 12_345 }))).toEqual([
      { key: 'frozen', label: '冻结中', amount: '¥6.40' },
      { key: 'settling', label: '待确认', amount: '¥5.00' },
      { key: 'available', label: '可提现', amount: '¥123.45' },
    ]);
    expect(balancesOf(earnings({}, { owedFen: 150 })).map((b) => [b.key, b.amount])).toEqual([
      ['frozen', '¥0.00'],
      ['settling', '¥0.00'],
      ['available', '¥0.00'],
      ['owed', '¥1.50'],
    ]);
  });
});

describe('a commission row', () => {
  it.each([
    [1_000, '10%'],
    [850, '8.5%'],
    [125, '1.25%'],
    [5, '0.05%'],
    [3_000, '30%'],
    [0, '0%'],
  ])('rate %i bps reads %s', (bps, text) => expect(formatRate(bps)).toBe(text));

  it('a frozen level-1 commission: level, rate, amount, status label, accrual and release dates', () => {
    const row = commissionRowOf(commission());
    expect(row).toMatchObject({
      orderNo: 'M2026120100001',
      level: '一级',
      rate: '10%',
      amount: '¥5.00',
      reversed: null,
      statusLabel: '冻结中',
    });
    expect(row.dates).toEqual([
      { label: '计入', value: formatLocal('2026-12-01T02:03:00.000Z', true) },
      { label: '预计解冻', value: '确认收货后计算' },
    ]);
    const received = commissionRowOf(commission({ releaseAt: '2026-12-15T00:00:00.000Z' }));
    expect(received.dates[1]).toEqual({ label: '预计解冻', value: formatLocal('2026-12-15T00:00:00.000Z') });
  });

  it('a level-2 fixed commission, released into a statement, partly refunded: 二级, 固定金额, the part taken back, the release date', () => {
    const row = commissionRowOf(
      commission({
        level: 2,
        rateBps: null,
        amountFen: 800,
        reversedFen: 300,
        status: 'released',
        releaseAt: '2026-12-15T00:00:00.000Z',
        releasedAt: '2026-12-15T00:05:00.000Z',
      }),
    );
    expect(row).toMatchObject({ level: '二级', rate: '固定金额', reversed: '¥3.00', statusLabel: '待确认' });
    expect(row.dates.map((d) => d.label)).toEqual(['计入', '解冻']);
    expect(commissionRowOf(commission({ status: 'reversed', reversedFen: 500 })).statusLabel).toBe('已退回');
  });
});

describe('paging', () => {
  it('keeps the first of a row that a newer commission pushed onto the next page', () => {
    const page1 = [{ id: 9 }, { id: 8 }];
    expect(appendPage(page1, [{ id: 8 }, { id: 7 }])).toEqual([{ id: 9 }, { id: 8 }, { id: 7 }]);
  });
});
